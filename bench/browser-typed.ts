// Typed check to verdict in the desk (production build, enrolled at the vectors' moment, event
// "hamlet"): a valid card number typed into the card field, and a KK1. code as a keyboard-wedge
// scanner types it, each ended by Enter. Timed in the page: from the Enter key going down to the
// first animation frame after the verdict region shows the new check (data-check), so the figure
// holds the check, the render and the frame it is painted in, and none of Playwright's own time.

import type { Page } from '@playwright/test';
import { NOW, TODAY, cardCases, fakeServer } from '../test/support/desk-fixture.ts';
import { startPageAt, throttle, withChromium, withTimeout } from './browser-util.ts';

export interface TypedSamples {
  /** A plain card ID typed: the register look-up. */
  plain: number[];
  /** A KK1. code typed (a wedge scanner): the signature check. */
  code: number[];
}

const ROUNDS = 30;
const WARMUP = 3;

const plainCard = cardCases.find((c) => c.today === TODAY && !c.input.startsWith('KK1.') && c.expect.verdict === 'accepted' && c.expect.source === 'register');
const codeCard = cardCases.find((c) => c.today === TODAY && c.input.startsWith('KK1.') && c.expect.verdict === 'accepted');

const TIMER = `(() => {
  const typed = { samples: [], t0: 0 };
  globalThis.__kaikuTyped = typed;
  document.addEventListener('keydown', (e) => { if (e.key === 'Enter') typed.t0 = performance.now(); }, true);
  new MutationObserver(() => {
    const t0 = typed.t0;
    if (!t0) return;
    typed.t0 = 0;
    requestAnimationFrame(() => typed.samples.push(performance.now() - t0));
  }).observe(document.querySelector('[data-testid="verdict"]'), { attributes: true, attributeFilter: ['data-check'] });
})()`;

/** An enrolled desk on the event, ready to take cards. */
export async function openDesk(page: Page): Promise<void> {
  await startPageAt(page, NOW);
  await fakeServer(page.context());
  await page.goto('/');
  await page.getByTestId('enrol-code').fill('DESK-CODE-1');
  await page.getByTestId('enrol-submit').click();
  await page.locator('[data-testid="verdict"][data-verdict=""]').waitFor();
  await page.getByTestId('event').selectOption('hamlet');
}

export async function typedSamples(origin: string, cpuRate: number, log: (line: string) => void): Promise<TypedSamples> {
  if (!plainCard || !codeCard) throw new Error('card-codes.json has no accepted plain ID or KK1. code for 2026-11-22');
  return withChromium([], async (browser) => {
    const context = await browser.newContext({ baseURL: origin });
    context.setDefaultTimeout(15_000);
    const page = await context.newPage();
    await openDesk(page);
    await page.evaluate(TIMER);
    if (cpuRate !== 1) await throttle(page, cpuRate);
    const input = page.getByTestId('card-input');
    const run = async (text: string): Promise<number[]> => {
      const before = (await page.evaluate('globalThis.__kaikuTyped.samples.length')) as number;
      for (let i = 0; i < WARMUP + ROUNDS; i++) {
        await input.fill(text);
        await input.press('Enter');
        await withTimeout(page.waitForFunction(`globalThis.__kaikuTyped.samples.length >= ${before + i + 1}`, null, { polling: 20 }), 15_000, 'a typed check');
      }
      const all = (await page.evaluate('globalThis.__kaikuTyped.samples')) as number[];
      return all.slice(before + WARMUP);
    };
    const plain = await run(plainCard.input);
    const code = await run(codeCard.input);
    log(`tablet: typed at ${cpuRate}x: plain ${plain.map((s) => s.toFixed(0)).join(', ')}; code ${code.map((s) => s.toFixed(0)).join(', ')}`);
    await context.close();
    return { plain, code };
  });
}
