// GET /v1/stats (national.md): the figures of a period for a coordinator's locality or a manager's
// venue. The answer is checked against the core's shape before the screen sees it.

import type { StatsAnswer } from '../core/stats.ts';
import { statsAnswerProblem } from '../core/stats.ts';
import type { ServerDevice } from './api-client.ts';
import { SyncError, fetchJson } from './api-client.ts';

/** The figures of Helsinki days from..to (ISO dates, both included). Throws SyncError. */
export async function fetchStats(device: ServerDevice, from: string, to: string, fetchImpl: typeof fetch = fetch): Promise<StatsAnswer> {
  const path = `/v1/stats?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  const { body } = await fetchJson<unknown>(device.serverUrl, path, device.token, null, fetchImpl);
  const problem = statsAnswerProblem(body);
  if (problem !== null) throw new SyncError('bad-response', 200, `the server's statistics are not of the expected shape: ${problem}`);
  return body as StatsAnswer;
}
