// A desk in a real browser against a stand-in for the sync API (routed in the browser context, so
// the production build runs unchanged), at a fixed moment the contract's vectors were made for.

import { readFileSync } from 'node:fs';
import type { BrowserContext, Page, Route } from '@playwright/test';
import { expect } from '@playwright/test';
import type { RedemptionRecord } from '../../src/core/record.ts';
import type { VenueSettings } from '../../src/core/venue.ts';
import { aVenue, anEvent } from './venues.ts';

const read = (p: string) => readFileSync(new URL(`../${p}`, import.meta.url), 'utf8');

/** 2026-11-22 12:00 UTC, 14:00 in Helsinki: day 20779 of the vectors. */
export const NOW = new Date('2026-11-22T12:00:00.000Z');
export const TODAY = 20779;
export const vectorBundle = read('vectors/bundle.json');
export const cardCases = (JSON.parse(read('vectors/card-codes.json')) as { cases: { name: string; input: string; today: number; expect: Record<string, unknown> }[] }).cases;

export function venue(overrides: Partial<VenueSettings> = {}): VenueSettings {
  return aVenue({
    name: 'Espoon teatteri',
    events: [
      anEvent({ id: 'hamlet', day: TODAY }),
      anEvent({ id: 'premiere', title: 'Premiere', day: TODAY, start: '20:00', quota: null, excluded: true }),
      anEvent({ id: 'course', title: 'Drawing course', day: TODAY, start: '17:00', category: 'education', type: 'course', quota: 12 }),
      anEvent({ id: 'tomorrow', title: 'Matinee', day: TODAY + 1, start: '13:00', quota: null }),
    ],
    ...overrides,
  });
}

export interface FakeServer {
  uploads: RedemptionRecord[][];
  venue: VenueSettings;
  usage: RedemptionRecord[];
  offline: boolean;
}

const json = (route: Route, status: number, body: unknown, headers: Record<string, string> = {}) =>
  route.fulfill({ status, contentType: 'application/json', headers: { Date: NOW.toUTCString(), ...headers }, body: JSON.stringify(body) });

/** Answers /v1/* like the reference server would, from memory. */
export async function fakeServer(context: BrowserContext, init: Partial<FakeServer> = {}): Promise<FakeServer> {
  const server: FakeServer = { uploads: [], venue: venue(), usage: [], offline: false, ...init };
  await context.route('**/v1/**', async (route) => {
    if (server.offline) return route.abort('internetdisconnected');
    const url = new URL(route.request().url());
    const method = route.request().method();
    if (url.pathname === '/v1/enrol' && method === 'POST') {
      const { code } = route.request().postDataJSON() as { code: string };
      if (code !== 'DESK-CODE-1') return json(route, 403, { error: { code: 'forbidden', message: 'wrong, used or expired code' } });
      return json(route, 201, { deviceId: 'd-test', venueId: server.venue.venueId, role: 'desk', token: 'tok' });
    }
    if (route.request().headers().authorization !== 'Bearer tok') return json(route, 401, { error: { code: 'unauthorized', message: 'no token' } });
    if (url.pathname === '/v1/bundle') return route.fulfill({ status: 200, contentType: 'application/json', headers: { ETag: '"42"', Date: NOW.toUTCString() }, body: vectorBundle });
    if (url.pathname === '/v1/venue') return json(route, 200, server.venue, { ETag: '"v1"' });
    if (url.pathname === '/v1/usage') return json(route, 200, { records: server.usage });
    if (url.pathname === '/v1/redemptions' && method === 'POST') {
      const { records } = route.request().postDataJSON() as { records: RedemptionRecord[] };
      server.uploads.push(records);
      return json(route, 200, { results: records.map((r) => ({ id: r.id, status: 'stored' })) });
    }
    return json(route, 404, { error: { code: 'not-found', message: 'no such route' } });
  });
  return server;
}

/** Opens the desk at NOW, enrols it and chooses the event; resolves on the desk screen, idle. */
export async function enrolledDesk(page: Page, init: Partial<FakeServer> = {}, eventId: string | null = 'hamlet'): Promise<FakeServer> {
  await page.clock.setFixedTime(NOW);
  const server = await fakeServer(page.context(), init);
  await page.goto('/');
  await page.getByTestId('enrol-code').fill('DESK-CODE-1');
  await page.getByTestId('enrol-submit').click();
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', '');
  if (eventId) await page.getByTestId('event').selectOption(eventId);
  return server;
}

async function nextCheck(page: Page, act: () => Promise<void>): Promise<void> {
  const verdict = page.getByTestId('verdict');
  const before = (await verdict.getAttribute('data-check')) ?? '0';
  await act();
  await expect(verdict).not.toHaveAttribute('data-check', before);
}

/** Types into the card field and presses Enter; resolves when the desk has answered. */
export function typeCard(page: Page, text: string): Promise<void> {
  return nextCheck(page, async () => {
    await page.getByTestId('card-input').fill(text);
    await page.getByTestId('card-input').press('Enter');
  });
}

/** Sends keys as a keyboard-wedge scanner does: fast, with no field focused, ended by Enter. */
export function wedgeScan(page: Page, text: string): Promise<void> {
  return nextCheck(page, async () => {
    await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await page.keyboard.type(text, { delay: 2 });
    await page.keyboard.press('Enter');
  });
}

export function confirm(page: Page): Promise<void> {
  return nextCheck(page, () => page.getByTestId('confirm').click());
}
