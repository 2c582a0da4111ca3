// A share server for the desk's unit tests, scripted per test: the stand-in server of
// session-fixture.ts with POST /v1/shares added, answering each ask as the test says, and a network
// switch that cuts the desk off.

import type { ShareAnswer, ShareAsk } from '../../src/core/share-requests.ts';
import type { VenueSettings } from '../../src/core/venue.ts';
import type { TestSession } from './session-fixture.ts';
import { desk, venue } from './session-fixture.ts';

/** The day pool of NOW (2026-11-22). */
export const DAY = 'day:20779';

export type Answer = (ask: ShareAsk) => Partial<ShareAnswer> | 'hang';

export interface ShareServer {
  /** The pools of every POST /v1/shares, in order. */
  asked: ShareAsk[][];
  /** How the server answers each ask; by default it grants what is needed, or up to 3 when filling. */
  answer: Answer;
  /** The status of the whole reply, when not 200. */
  status: number;
  /** Requests the server let go unanswered and the desk then gave up on. */
  abandoned: number;
  /** Off: every request fails as without a network, and the desk's navigator.onLine says so. */
  online: boolean;
  /** Requests the desk tried to send while off the network. */
  triedOffline: number;
}

export const granting: Answer = (ask) => ({ granted: ask.need > 0 ? ask.need : ask.fill ? Math.max(0, 3 - ask.held) : 0 });

export function shareServer(): ShareServer & { route: (path: string, init?: RequestInit) => Promise<Response | undefined> } {
  const s: ShareServer = { asked: [], answer: granting, status: 200, abandoned: 0, online: true, triedOffline: 0 };
  const route = async (path: string, init?: RequestInit): Promise<Response | undefined> => {
    if (!s.online) {
      s.triedOffline++;
      throw new TypeError('Failed to fetch');
    }
    if (path !== '/v1/shares') return undefined;
    const asks = (JSON.parse(String(init?.body)) as { pools: ShareAsk[] }).pools;
    s.asked.push(asks);
    if (s.status !== 200) return new Response(JSON.stringify({ error: { code: 'x', message: 'no' } }), { status: s.status });
    const answers = asks.map((ask) => ({ ask, answer: s.answer(ask) }));
    if (answers.some((a) => a.answer === 'hang')) {
      // Never answers; the desk's own time limit ends the request.
      return new Promise((_, reject) =>
        init?.signal?.addEventListener('abort', () => {
          s.abandoned++;
          reject(new DOMException('aborted', 'AbortError'));
        }),
      );
    }
    const pools = answers.map(({ ask, answer }) => ({
      pool: ask.pool,
      status: 'granted',
      rev: ask.rev + 1,
      granted: 0,
      fair: 4,
      unheld: 0,
      othersHold: 0,
      otherDesks: 0,
      giveBack: false,
      release: null,
      ...(answer as Partial<ShareAnswer>),
    }));
    return new Response(JSON.stringify({ pools }), { status: 200, headers: { 'Content-Type': 'application/json' } });
  };
  return Object.assign(s, { route });
}

/** A desk enrolled at a venue whose event e1 (and day, when set) has a quota, with its first round done. */
export async function sharingDesk(settings: VenueSettings = venue(), { answer = granting, told = [] as string[] } = {}) {
  const server = shareServer();
  server.answer = answer;
  const drain = { kick: () => undefined, reenrolled: () => undefined, reportUnauthorized: () => void told.push('unauthorized') };
  const t = await desk(settings, { route: server.route, online: () => server.online, drain });
  await t.session.shares.poll();
  return { ...t, server, told };
}

/** A desk's stored share of `pool`. */
export const held = async (t: Pick<TestSession, 'store'>, pool: string) => (await t.store.shares()).find((s) => s.pool === pool);
