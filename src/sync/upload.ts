// The upload transport: POST /v1/redemptions with the device token. It checks the answer's shape
// (one result per record, in order, ids matching, a known status) and gives up after a timeout;
// either failure is a SyncError the drain treats like a 5xx (keep everything, back off).

import type { RedemptionRecord } from '../core/record.ts';
import { SyncError, postJson } from './api-client.ts';
import type { RecordResult } from './drain-machine.ts';
import { MAX_BATCH } from '../core/sync-limits.ts';
import { partitionResults } from './drain-machine.ts';

export type { RecordResult, ResultStatus } from './drain-machine.ts';

export const UPLOAD_TIMEOUT_MS = 15_000;

export interface UploadOptions {
  fetch?: typeof fetch;
  timeoutMs?: number;
}

/** What the drain loop calls with a batch; throws SyncError. */
export type Upload = (records: readonly RedemptionRecord[]) => Promise<RecordResult[]>;

/**
 * Uploads at most MAX_BATCH records and returns the server's result for each, in order. Throws
 * SyncError: 'unauthorized' (401), 'too-large' (413), 'rate-limited' (429), 'server' (5xx and
 * other statuses), 'offline' (no network, or no answer within the timeout), 'bad-response'.
 */
export async function uploadBatch(serverUrl: string, token: string, records: readonly RedemptionRecord[], options: UploadOptions = {}): Promise<RecordResult[]> {
  if (records.length === 0) return [];
  if (records.length > MAX_BATCH) throw new RangeError(`a batch is at most ${MAX_BATCH} records, not ${records.length}`);
  const timeoutMs = options.timeoutMs ?? UPLOAD_TIMEOUT_MS;
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  let body: unknown;
  try {
    body = (await postJson<unknown>(serverUrl, '/v1/redemptions', token, { records }, options.fetch ?? fetch, controller.signal)).body;
  } catch (e) {
    if (controller.signal.aborted) throw new SyncError('offline', null, `the server did not answer within ${Math.round(timeoutMs / 1000)} s`);
    throw e;
  } finally {
    clearTimeout(timer);
  }
  const results = (body as { results?: unknown } | null)?.results;
  if (partitionResults(records.map((r) => r.id), results) === null)
    throw new SyncError('bad-response', 200, 'the server answered the upload in an unexpected shape (not one result per record, in order)');
  return (results as RecordResult[]).map((r) => (typeof r.error === 'string' ? { id: r.id, status: r.status, error: r.error } : { id: r.id, status: r.status }));
}

/** Where and as whom to upload; read at every batch, so a re-enrolment takes effect at once. */
export interface DeviceSource {
  getDevice(): Promise<{ serverUrl: string; token: string } | null>;
}

/** The Upload the desk uses: the stored device's server and token ('unauthorized' when none). */
export function deviceUploader(devices: DeviceSource, options: UploadOptions = {}): Upload {
  return async (records) => {
    const device = await devices.getDevice();
    if (!device) throw new SyncError('unauthorized', null, 'this desk is not enrolled');
    return uploadBatch(device.serverUrl, device.token, records, options);
  };
}
