import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openBundleText } from '../../src/core/bundle.ts';
import { helsinkiDay } from '../../src/core/calendar.ts';
import { checkCard } from '../../src/core/card-check.ts';
import { findEvent } from '../../src/core/venue.ts';
import { demoCardsPage } from '../../server/demo/demo-cards-page.ts';
import { DEMO_VENUE_ID, GENERATED_CARDS, demoCards, demoVenue } from '../../server/demo/demo-data.ts';
import { seedDemo } from '../../server/demo/seed-demo.ts';
import type { ServerStore } from '../../server/store/server-store.ts';
import { openSqliteStore } from '../../server/store/sqlite-store.ts';
import { demoRoots, engines } from '../support/vectors.ts';

const ed = engines[1]![1];
const NOW = Date.parse('2026-11-22T10:00:00.000Z');
const today = helsinkiDay(NOW);
const random = (n: number) => new Uint8Array(globalThis.crypto.getRandomValues(new Uint8Array(n)));

let store: ServerStore;
beforeEach(() => {
  store = openSqliteStore(mkdtempSync(join(tmpdir(), 'kaiku-demo-')), { create: true });
});
afterEach(() => store.close());

describe('serve --demo seeding', () => {
  it('makes a venue with events today: a quota of 5, a course, an excluded premiere (and the daily admission)', async () => {
    await seedDemo(store, NOW, random);
    const venue = (await store.venue(DEMO_VENUE_ID))!.settings;
    expect(venue.name).toBe('Kaiku-demoteatteri');
    expect(venue.events.every((e) => e.day === today)).toBe(true);
    expect(venue.events.map((e) => [e.type, e.quota, e.excluded])).toEqual([
      ['ticket', 5, false],
      ['course', null, false],
      ['ticket', null, true],
    ]);
    expect(findEvent(venue, 'admission-2026-11-22')?.category).toBe('culture');
  });

  it('publishes a demo bundle that opens against the demo root, and every demo card does what its label says', async () => {
    await seedDemo(store, NOW, random);
    const opened = await openBundleText((await store.currentBundle())!.envelope, demoRoots, ed);
    if (!opened.ok) throw new Error(opened.error);
    expect(opened.bundle.register.count).toBeGreaterThanOrEqual(GENERATED_CARDS);
    for (const card of demoCards(today)) {
      const got = await checkCard(card.input, { bundle: opened.bundle, today, stale: false });
      expect({ title: card.title, input: card.input, verdict: got.verdict, reason: got.reason }).toEqual({ title: card.title, input: card.input, verdict: card.verdict, reason: card.reason });
    }
    const family = await checkCard(demoCards(today)[0]!.input, { bundle: opened.bundle, today, stale: false });
    expect([family.source, family.kind, family.children]).toEqual(['code', 0, 2]);
  });

  it('is idempotent on the same day (a new code only), and moves to a new day', async () => {
    const first = await seedDemo(store, NOW, random);
    const bundle = await store.currentBundle();
    const version = (await store.venue(DEMO_VENUE_ID))!.version;
    const second = await seedDemo(store, NOW + 3_600_000, random);
    expect(second.code).not.toBe(first.code);
    expect(await store.currentBundle()).toEqual(bundle);
    expect((await store.venue(DEMO_VENUE_ID))!.version).toBe(version);

    await seedDemo(store, NOW + 86_400_000, random);
    expect((await store.currentBundle())!.serial).toBeGreaterThan(bundle!.serial);
    expect((await store.venue(DEMO_VENUE_ID))!.settings.events[0]!.day).toBe(today + 1);
  });

  it('prints a page of the cards: a QR code per signed code, plain numbers as text, each with what the desk says', () => {
    const cards = demoCards(today);
    const page = demoCardsPage(cards, demoVenue(today));
    expect(page.match(/<svg /g)).toHaveLength(cards.filter((c) => c.kind === 'code').length);
    for (const c of cards) expect(page).toContain(c.kind === 'code' ? c.title : c.input);
    expect(page).toMatch(/Demo only/);
    expect(cards.some((c) => c.reason === 'bad-signature')).toBe(true);
  });

  it('prints each code\'s card ID under it, and every example is a card of its own', () => {
    const cards = demoCards(today);
    const page = demoCardsPage(cards, demoVenue(today));
    for (const c of cards.filter((x) => x.kind === 'code')) expect(page).toContain(`Card ID <strong>${c.cardId}</strong>`);
    // Working down the page never reaches a card already used above it.
    expect(new Set(cards.map((c) => c.cardId)).size).toBe(cards.length);
  });
});
