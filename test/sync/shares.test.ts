// The quota-share calls against a stand-in fetch: a desk's round (POST /v1/shares), a manager's list
// of every desk's share and a release. What is asked, what is taken, and an answer of another shape
// refused with words a log can use; a server without shares is told apart from a failing one.

import { describe, expect, it } from 'vitest';
import type { ShareAsk } from '../../src/core/share-requests.ts';
import { askShares, listShares, releaseDeskShare } from '../../src/sync/shares.ts';
import { syncErrorOf } from './sync-error.ts';

const reply = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const device = { serverUrl: 'https://k.example', token: 'tok' };
const ask: ShareAsk = { pool: 'event:hamlet', rev: 2, held: 1, used: 3, need: 2, fill: true };
const answer = { pool: 'event:hamlet', status: 'granted', rev: 3, granted: 2, fair: 4, unheld: 6, othersHold: 2, otherDesks: 1, giveBack: false, release: null };

interface Seen {
  url?: string;
  method?: string;
  auth?: string;
  body?: unknown;
}

function server(status: number, body: unknown, seen: Seen = {}): typeof fetch {
  return async (input, init) => {
    seen.url = String(input);
    seen.method = init?.method ?? 'GET';
    seen.auth = (init?.headers as Record<string, string>).Authorization;
    seen.body = init?.body ? JSON.parse(String(init.body)) : undefined;
    return reply(status, body);
  };
}


describe('askShares (a desk)', () => {
  it('posts the asks with the token, and returns the answers in order', async () => {
    const seen: Seen = {};
    expect(await askShares(device, [ask], server(200, { pools: [answer] }, seen))).toEqual({ kind: 'answered', answers: [answer] });
    expect(seen).toEqual({ url: 'https://k.example/v1/shares', method: 'POST', auth: 'Bearer tok', body: { pools: [ask] } });
  });

  it('a server without the route (404) keeps no shares; any other failure is an error', async () => {
    expect(await askShares(device, [ask], server(404, {}))).toEqual({ kind: 'no-shares' });
    expect(await syncErrorOf(askShares(device, [ask], server(500, {})))).toMatchObject({ kind: 'server', status: 500 });
    expect(await syncErrorOf(askShares(device, [ask], () => Promise.reject(new TypeError('offline'))))).toMatchObject({ kind: 'offline' });
  });

  it('an answer of another shape is refused, saying what is wrong with it', async () => {
    const e = await syncErrorOf(askShares(device, [ask], server(200, { pools: [{ ...answer, pool: 'event:other' }] })));
    expect(e).toMatchObject({ kind: 'bad-response', status: 200 });
    expect(e.message).toBe('the server answered the share request in an unexpected shape: the answers are not in the order asked');
  });
});

describe('listShares and releaseDeskShare (a manager)', () => {
  it("lists every desk's share since a day, and refuses an answer without a list", async () => {
    const pools = [{ pool: 'event:hamlet', limit: 10, rows: [] }];
    const seen: Seen = {};
    expect(await listShares(device, 20779, server(200, { pools }, seen))).toEqual(pools);
    expect(seen).toMatchObject({ url: 'https://k.example/v1/shares?since=20779', method: 'GET', auth: 'Bearer tok' });
    for (const body of [{}, { pools: {} }, null]) {
      const e = await syncErrorOf(listShares(device, 20779, server(200, body)));
      expect(e).toMatchObject({ kind: 'bad-response', message: 'the server answered the shares request in an unexpected shape' });
    }
  });

  it('releases one desk\'s share of a pool and returns the tickets taken back; refuses an answer without them', async () => {
    const seen: Seen = {};
    expect(await releaseDeskShare(device, 'day:20779', 'd7', server(200, { released: 4 }, seen))).toBe(4);
    expect(seen).toEqual({ url: 'https://k.example/v1/shares/release', method: 'POST', auth: 'Bearer tok', body: { pool: 'day:20779', deviceId: 'd7' } });
    expect(await releaseDeskShare(device, 'day:20779', 'd7', server(200, { released: 0 }))).toBe(0);
    for (const body of [{}, { released: '4' }, null]) {
      const e = await syncErrorOf(releaseDeskShare(device, 'day:20779', 'd7', server(200, body)));
      expect(e).toMatchObject({ kind: 'bad-response', message: 'the server answered the release in an unexpected shape' });
    }
    expect(await syncErrorOf(releaseDeskShare(device, 'day:20779', 'd7', server(404, { error: { code: 'not-found', message: 'no such share' } })))).toMatchObject({ kind: 'not-found', message: 'no such share' });
  });
});
