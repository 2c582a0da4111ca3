// Quota shares over HTTP (docs/sync.md): a desk's report and asks (POST /v1/shares), and for a
// manager every desk's share (GET /v1/shares) and a release (POST /v1/shares/release). A server
// without the route answers 404: it keeps no shares, and the desk counts as before.

import type { PoolFigures } from '../core/share-grants.ts';
import type { ShareAnswer, ShareAsk } from '../core/share-requests.ts';
import { shareAnswerProblem } from '../core/share-requests.ts';
import type { ServerDevice } from './api-client.ts';
import { SyncError, fetchJson, postJson } from './api-client.ts';

export type SharesReply = { kind: 'answered'; answers: ShareAnswer[] } | { kind: 'no-shares' };

/** POST /v1/shares: one answer per ask, in order. Throws SyncError (a wrong answer is 'bad-response'). */
export async function askShares(device: ServerDevice, asks: readonly ShareAsk[], fetchImpl: typeof fetch = fetch, signal?: AbortSignal): Promise<SharesReply> {
  let body: unknown;
  try {
    body = (await postJson<unknown>(device.serverUrl, '/v1/shares', device.token, { pools: asks }, fetchImpl, signal)).body;
  } catch (e) {
    if (e instanceof SyncError && e.kind === 'not-found') return { kind: 'no-shares' };
    throw e;
  }
  const problem = shareAnswerProblem(body, asks);
  if (problem) throw new SyncError('bad-response', 200, `the server answered the share request in an unexpected shape: ${problem}`);
  return { kind: 'answered', answers: (body as { pools: ShareAnswer[] }).pools };
}

/** GET /v1/shares?since=DAY (a manager device). Throws SyncError; 'not-found' from a server without shares. */
export async function listShares(device: ServerDevice, sinceDay: number, fetchImpl: typeof fetch = fetch): Promise<PoolFigures[]> {
  const got = await fetchJson<{ pools?: unknown }>(device.serverUrl, `/v1/shares?since=${sinceDay}`, device.token, null, fetchImpl);
  if (!Array.isArray(got.body?.pools)) throw new SyncError('bad-response', 200, 'the server answered the shares request in an unexpected shape');
  return got.body.pools as PoolFigures[];
}

/** POST /v1/shares/release (a manager device): the tickets taken back. Throws SyncError ('not-found': no such share). */
export async function releaseDeskShare(device: ServerDevice, pool: string, deviceId: string, fetchImpl: typeof fetch = fetch): Promise<number> {
  const got = await postJson<{ released?: unknown }>(device.serverUrl, '/v1/shares/release', device.token, { pool, deviceId }, fetchImpl);
  const released = got.body?.released;
  if (typeof released !== 'number') throw new SyncError('bad-response', 200, 'the server answered the release in an unexpected shape');
  return released;
}
