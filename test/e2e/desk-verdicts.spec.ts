// Every verdict class through the desk screen, typed and by a keyboard-wedge scanner.

import { expect, test } from '@playwright/test';
import { TODAY, cardCases, confirm, enrolledDesk, typeCard, venue, wedgeScan } from '../support/desk-fixture.ts';

test.use({ serviceWorkers: 'block' });

const verdictOf = (page: import('@playwright/test').Page) => page.getByTestId('verdict');

test('every card-code vector typed into the card field gives the contract verdict', async ({ page }) => {
  await enrolledDesk(page);
  for (const c of cardCases.filter((k) => k.today === TODAY)) {
    await typeCard(page, c.input);
    const verdict = verdictOf(page);
    await expect(verdict, c.name).toHaveAttribute('data-verdict', c.expect.verdict as string);
    await expect(verdict, c.name).toHaveAttribute('data-reason', (c.expect.reason as string | undefined) ?? '');
    if (c.expect.source) await expect(verdict, c.name).toHaveAttribute('data-source', c.expect.source as string);
    if (c.expect.cardId) await expect(verdict, c.name).toHaveAttribute('data-card-id', c.expect.cardId as string);
    if (c.expect.verdict === 'accepted') {
      const children = c.expect.children as number;
      await expect(page.getByText(children ? new RegExp(`(up to|enintään|högst) ${children}`, 'i') : /(no children|ei ole lapsia|inga barn|yhteisö|community|gemenskap)/i).first(), c.name).toBeVisible();
    }
  }
});

test('a keyboard-wedge scanner works with no field focused; slow typing is not taken for one', async ({ page }) => {
  await enrolledDesk(page);
  const signed = cardCases.find((c) => c.name.startsWith('valid personal code'))!;
  await wedgeScan(page, signed.input);
  await expect(verdictOf(page)).toHaveAttribute('data-verdict', 'accepted');
  await expect(verdictOf(page)).toHaveAttribute('data-source', 'code');
  await wedgeScan(page, 'HFF29MUF3');
  await expect(verdictOf(page)).toHaveAttribute('data-reason', 'revoked');

  const before = await verdictOf(page).getAttribute('data-check');
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
  await page.keyboard.type('NA9C5ONQ', { delay: 120 });
  await page.keyboard.press('Enter');
  await expect(verdictOf(page)).toHaveAttribute('data-check', before!);
});

test('a refusal of the person looks unlike one the desk can act on, and a forged code is never called verified', async ({ page }) => {
  await enrolledDesk(page);
  await page.getByTestId('language').selectOption('en');
  const forged = cardCases.find((c) => c.expect.reason === 'bad-signature')!;
  await typeCard(page, forged.input);
  await expect(verdictOf(page)).toHaveAttribute('data-verdict', 'rejected');
  await expect(verdictOf(page)).toHaveAttribute('data-refusal', 'person');
  await expect(verdictOf(page)).toContainText('NOT VALID');
  await expect(verdictOf(page)).toContainText('signature does not match');
  await expect(verdictOf(page)).not.toContainText('verified');

  await page.getByTestId('event').selectOption('');
  await typeCard(page, 'NA9C5ONQ');
  await expect(verdictOf(page)).toHaveAttribute('data-reason', 'no-event');
  await expect(verdictOf(page)).toHaveAttribute('data-refusal', 'desk');
  await expect(verdictOf(page)).toContainText('ACTION NEEDED');
  await expect(verdictOf(page)).not.toContainText('NOT VALID');
});

test('the idle desk shows the event, its start, the tickets left for it and for the day, and today\'s count; with no event it asks for one', async ({ page }) => {
  const events = venue().events.map((e) => (e.id === 'hamlet' ? { ...e, quota: 10, start: '19:00' } : e));
  await enrolledDesk(page, { venue: venue({ events, dayQuota: 4 }) }, null);
  await page.getByTestId('language').selectOption('en');
  // Several events today and none chosen: the desk asks before the first card, not with a refusal.
  await expect(page.getByTestId('idle-choose-event')).toBeVisible();

  await page.getByTestId('event').selectOption('hamlet');
  await expect(page.getByTestId('idle-facts')).toContainText('starts 19:00');
  await expect(page.getByTestId('idle-event-left')).toContainText('10');
  await expect(page.getByTestId('idle-day-left')).toContainText('4');
  await expect(page.getByTestId('idle-today')).toContainText('0');

  await typeCard(page, 'NA9C5ONQ');
  await page.getByTestId('children').fill('1');
  await confirm(page);
  // Choosing an event brings the desk back to its idle screen.
  await page.getByTestId('event').selectOption('course');
  await page.getByTestId('event').selectOption('hamlet');
  await expect(page.getByTestId('idle-event-left')).toContainText('8');
  await expect(page.getByTestId('idle-day-left')).toContainText('2');
  await expect(page.getByTestId('idle-today')).toContainText('2');
});

test('a verdict clears itself after the time set for this desk, and recent checks stay listed', async ({ page }) => {
  await enrolledDesk(page);
  await page.getByTestId('language').selectOption('en');
  await page.getByTestId('manager').click();
  await page.getByTestId('clear-after').selectOption('5');
  await page.getByRole('button', { name: 'Back to the desk' }).click();

  await typeCard(page, 'IW6E85W');
  await expect(verdictOf(page)).toHaveAttribute('data-reason', 'expired');
  // Back to the idle screen by itself (5 s), with the refusal in the recent list.
  await expect(verdictOf(page)).toHaveAttribute('data-verdict', '', { timeout: 10_000 });
  await expect(page.getByTestId('recent-checks').locator('li').first()).toHaveAttribute('data-reason', 'expired');

  await typeCard(page, 'NA9C5ONQ');
  await confirm(page);
  const recent = page.getByTestId('recent-checks').locator('li');
  // Checked and then confirmed is one line, admitted; the refusal before it is still there.
  await expect(recent).toHaveCount(2);
  await expect(recent.first()).toHaveAttribute('data-kind', 'redeemed');
  await expect(recent.first()).toContainText('NA9C5ONQ');
  await expect(verdictOf(page)).toHaveAttribute('data-verdict', '', { timeout: 10_000 });
});

test('the same code typed twice is checked twice', async ({ page }) => {
  await enrolledDesk(page);
  await typeCard(page, 'NA9C5ONQ');
  const first = await verdictOf(page).getAttribute('data-check');
  await typeCard(page, 'NA9C5ONQ');
  await expect(verdictOf(page)).not.toHaveAttribute('data-check', first!);
});

test('limits: no event, excluded event, children on a course, too many children, event full, card limit, day full', async ({ page }) => {
  const server = await enrolledDesk(page, { venue: venue({ dayQuota: 4 }) });
  const event = page.getByTestId('event');

  await event.selectOption('');
  await typeCard(page, 'NA9C5ONQ');
  await expect(verdictOf(page)).toHaveAttribute('data-reason', 'no-event');

  await event.selectOption('premiere');
  await typeCard(page, 'NA9C5ONQ');
  await expect(verdictOf(page)).toHaveAttribute('data-reason', 'event-excluded');

  await event.selectOption('course');
  await typeCard(page, 'NA9C5ONQ');
  await expect(verdictOf(page)).toHaveAttribute('data-verdict', 'accepted');
  await page.getByTestId('children').fill('1');
  await confirm(page);
  await expect(verdictOf(page)).toHaveAttribute('data-reason', 'children-not-allowed');
  // A rejection at confirm keeps the card: lower the count and confirm again.
  await page.getByTestId('children').fill('0');
  await confirm(page);
  await expect(verdictOf(page)).toHaveAttribute('data-verdict', 'redeemed');

  await event.selectOption('hamlet');
  await typeCard(page, 'NA9C5ONQ');
  await expect(page.getByTestId('tickets-left')).toHaveAttribute('data-count', '3');
  await page.getByTestId('children').fill('3');
  await confirm(page);
  await expect(verdictOf(page)).toHaveAttribute('data-reason', 'children-limit');
  await page.getByTestId('children').fill('2');
  await confirm(page);
  await expect(verdictOf(page)).toHaveAttribute('data-verdict', 'redeemed');

  await typeCard(page, 'NA9C5ONQ');
  await expect(verdictOf(page)).toHaveAttribute('data-reason', 'card-limit');

  await typeCard(page, '3UVQBQVOZ0');
  await expect(verdictOf(page)).toHaveAttribute('data-reason', 'day-full');
  expect(server.venue.dayQuota).toBe(4);
});

test('event full counts tickets, and assistants never count', async ({ page }) => {
  const events = venue().events.map((e) => (e.id === 'hamlet' ? { ...e, quota: 2 } : e));
  await enrolledDesk(page, { venue: venue({ events, perCard: null }) });
  await page.getByTestId('event').selectOption('hamlet');
  await typeCard(page, 'NA9C5ONQ');
  await page.getByTestId('children').fill('1');
  await page.getByTestId('assistants').fill('2');
  await confirm(page);
  await expect(verdictOf(page)).toHaveAttribute('data-verdict', 'redeemed');
  await typeCard(page, '3UVQBQVOZ0');
  await expect(verdictOf(page)).toHaveAttribute('data-reason', 'event-full');
});

test('Undo names what it undoes, before and after, and each repeated undo says which admission it took back', async ({ page }) => {
  await enrolledDesk(page);
  await page.getByTestId('language').selectOption('en');
  const undo = page.getByTestId('undo');
  const notice = page.getByTestId('notice');
  await typeCard(page, 'NA9C5ONQ');
  await page.getByTestId('children').fill('2');
  await confirm(page);
  await typeCard(page, '3UVQBQVOZ0');
  await confirm(page);
  // The button says which admission one tap takes back: the latest one.
  await expect(undo).toContainText('3UVQBQVOZ0');
  await undo.click();
  await expect(notice).toContainText('3UVQBQVOZ0');
  await expect(notice).toContainText('0 children');
  // The next tap goes to the one before, and says so on the button first.
  await expect(undo).toContainText('NA9C5ONQ');
  await undo.click();
  await expect(notice).toContainText('NA9C5ONQ');
  await expect(notice).toContainText('2 children');
  await expect(undo).not.toContainText('NA9C5ONQ');
  await undo.click();
  await expect(notice).toContainText('Nothing to undo');
});

const uploaded = (server: { uploads: { outcome: string; reason: string | null; voids: string | null; id: string }[][] }) => server.uploads.flat();

test('confirm, then undo: the use is voided, uploaded, and the card can be used again', async ({ page }) => {
  const server = await enrolledDesk(page);
  await typeCard(page, 'NA9C5ONQ');
  await confirm(page);
  await expect(verdictOf(page)).toHaveAttribute('data-verdict', 'redeemed');
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('notice')).toBeVisible();
  await expect.poll(() => uploaded(server).map((r) => r.outcome)).toEqual(['redeemed', 'void']);
  expect(uploaded(server)[1]!.voids).toBe(uploaded(server)[0]!.id);
  await expect(page.getByTestId('pending')).toHaveAttribute('data-count', '0');
  await typeCard(page, 'NA9C5ONQ');
  await expect(verdictOf(page)).toHaveAttribute('data-verdict', 'accepted');
});

test('a declined check is recorded once; noise records nothing', async ({ page }) => {
  const server = await enrolledDesk(page);
  await typeCard(page, 'https://example.org/ticket');
  await expect(verdictOf(page)).toHaveAttribute('data-reason', 'not-a-card');
  await typeCard(page, 'IW6E85W');
  await expect(verdictOf(page)).toHaveAttribute('data-reason', 'expired');
  await expect(verdictOf(page)).toContainText(/2026/);
  await expect.poll(() => uploaded(server).map((r) => [r.outcome, r.reason])).toEqual([['declined', 'expired']]);
});

test('not-registered: did you mean, and the staff override with the printed card\'s children', async ({ page }) => {
  await enrolledDesk(page);
  await typeCard(page, 'NA9A5ONQ');
  await expect(verdictOf(page)).toHaveAttribute('data-reason', 'not-registered');
  const suggestion = page.getByTestId('suggestion');
  await expect(suggestion).toHaveAttribute('data-card-id', 'NA9C5ONQ');
  await suggestion.click();
  await expect(verdictOf(page)).toHaveAttribute('data-verdict', 'accepted');

  await typeCard(page, 'JC8BXVBG');
  await page.getByTestId('override-children').fill('2');
  await page.getByTestId('override').click();
  await expect(verdictOf(page)).toHaveAttribute('data-source', 'manual');
  await expect(verdictOf(page)).toHaveAttribute('data-verdict', 'accepted');
  await page.getByTestId('children').fill('2');
  await confirm(page);
  await expect(verdictOf(page)).toHaveAttribute('data-verdict', 'redeemed');
});

test('no override when the venue has switched overrides off', async ({ page }) => {
  await enrolledDesk(page, { venue: venue({ allowOverride: false }) });
  await typeCard(page, 'JC8BXVBG');
  await expect(verdictOf(page)).toHaveAttribute('data-reason', 'not-registered');
  await expect(page.getByTestId('override')).toHaveCount(0);
});

test('fast mode confirms a holder-only card at once, but not a card with children', async ({ page }) => {
  await enrolledDesk(page, { venue: venue({ fastMode: true }) });
  await page.getByTestId('event').selectOption('hamlet');
  await typeCard(page, '3UVQBQVOZ0');
  await expect(verdictOf(page)).toHaveAttribute('data-verdict', 'redeemed');
  await typeCard(page, 'NA9C5ONQ');
  await expect(verdictOf(page)).toHaveAttribute('data-verdict', 'accepted');
});

test('banners: demo keys always on a demo build; an event on another day is shown plainly', async ({ page }) => {
  await enrolledDesk(page);
  await expect(page.locator('[data-testid="banner"][data-kind="demo-keys"]')).toBeVisible();
  await page.getByTestId('event').selectOption('tomorrow');
  await expect(page.locator('[data-testid="banner"][data-kind="event-not-today"]')).toBeVisible();
});

test('a scan while a count field has focus is a scan, the count stays, and after Confirm the next card needs no tap', async ({ page }) => {
  await enrolledDesk(page);
  await page.getByTestId('event').selectOption('hamlet');
  await typeCard(page, 'NA9C5ONQ');
  const children = page.getByTestId('children');
  await children.fill('1');

  // The scanner "types" the same card while the field has focus: its digits don't stick.
  const before = await verdictOf(page).getAttribute('data-check');
  await children.focus();
  await page.keyboard.type('NA9C5ONQ', { delay: 2 });
  await page.keyboard.press('Enter');
  await expect(verdictOf(page)).not.toHaveAttribute('data-check', before!);
  await expect(verdictOf(page)).toHaveAttribute('data-verdict', 'accepted');
  await expect(children).toHaveValue('1');
  // Typed by hand, only digits go into a count field.
  await children.press('e');
  await expect(children).toHaveValue('1');

  await confirm(page);
  await expect(verdictOf(page)).toHaveAttribute('data-verdict', 'redeemed');
  await expect(page.getByTestId('card-input')).toBeFocused();
  // The next card typed straight away, with no tap, is checked.
  await page.keyboard.type('3UVQBQVOZ0');
  await page.keyboard.press('Enter');
  await expect(verdictOf(page)).toHaveAttribute('data-card-id', '3UVQBQVOZ0');
});
