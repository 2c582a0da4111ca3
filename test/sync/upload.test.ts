// The upload transport against a stand-in fetch: the request it makes, the answers it accepts.

import { describe, expect, it } from 'vitest';
import type { RedemptionRecord } from '../../src/core/record.ts';
import { RETRY_AFTER_CAP_MS, retryAfterMs } from '../../src/sync/api-client.ts';
import { deviceUploader, uploadBatch } from '../../src/sync/upload.ts';
import { otherDesks } from '../storage/fixture.ts';
import { syncErrorOf } from './sync-error.ts';

const records: RedemptionRecord[] = [otherDesks({ id: 'a', seq: 1 }), otherDesks({ id: 'b', seq: 2 })];
const reply = (status: number, body: unknown) => new Response(typeof body === 'string' ? body : JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

function answering(status: number, body: unknown, seen: { url?: string; init?: RequestInit } = {}): typeof fetch {
  return async (input, init) => {
    seen.url = String(input);
    seen.init = init;
    return reply(status, body);
  };
}


describe('uploadBatch', () => {
  it('POSTs the records with the token and returns one result per record', async () => {
    const seen: { url?: string; init?: RequestInit } = {};
    const results = await uploadBatch('https://k.example', 'tok', records, {
      fetch: answering(200, { results: [{ id: 'a', status: 'stored' }, { id: 'b', status: 'invalid', error: 'unknown event' }] }, seen),
    });
    expect(results).toEqual([{ id: 'a', status: 'stored' }, { id: 'b', status: 'invalid', error: 'unknown event' }]);
    expect(seen.url).toBe('https://k.example/v1/redemptions');
    expect(seen.init?.method).toBe('POST');
    expect((seen.init?.headers as Record<string, string>).Authorization).toBe('Bearer tok');
    expect(JSON.parse(String(seen.init?.body))).toEqual({ records });
  });

  it('sends nothing for an empty batch and refuses more than 500', async () => {
    let calls = 0;
    const f: typeof fetch = async () => (calls++, reply(200, { results: [] }));
    expect(await uploadBatch('https://k.example', 't', [], { fetch: f })).toEqual([]);
    await expect(uploadBatch('https://k.example', 't', Array.from({ length: 501 }, () => records[0]!), { fetch: f })).rejects.toThrow(new RangeError('a batch is at most 500 records, not 501'));
    expect(calls).toBe(0);
  });

  it('sends a full batch of 500', async () => {
    const full = Array.from({ length: 500 }, (_, i) => otherDesks({ id: `r${i}`, seq: i + 1 }));
    const results = full.map((r) => ({ id: r.id, status: 'stored' }));
    expect(await uploadBatch('https://k.example', 't', full, { fetch: answering(200, { results }) })).toEqual(results);
  });

  it.each([
    ['too few results', { results: [{ id: 'a', status: 'stored' }] }],
    ['out of order', { results: [{ id: 'b', status: 'stored' }, { id: 'a', status: 'stored' }] }],
    ['an unknown status', { results: [{ id: 'a', status: 'stored' }, { id: 'b', status: 'maybe' }] }],
    ['no results', { ok: true }],
    ['null', null],
  ])('an answer of the wrong shape (%s) is bad-response', async (_, body) => {
    const e = await syncErrorOf(uploadBatch('https://k.example', 't', records, { fetch: answering(200, body) }));
    expect([e.kind, e.message]).toEqual(['bad-response', 'the server answered the upload in an unexpected shape (not one result per record, in order)']);
  });

  it('an answer that is not JSON is bad-response', async () => {
    expect((await syncErrorOf(uploadBatch('https://k.example', 't', records, { fetch: answering(200, '<html>') }))).kind).toBe('bad-response');
  });

  it.each([
    [401, 'unauthorized'],
    [413, 'too-large'],
    [429, 'rate-limited'],
    [500, 'server'],
    [503, 'server'],
    [400, 'server'],
  ])('HTTP %i is %s, with the server\'s message', async (status, kind) => {
    const e = await syncErrorOf(uploadBatch('https://k.example', 't', records, { fetch: answering(status, { error: { code: 'x', message: 'because' } }) }));
    expect(e.kind).toBe(kind);
    expect(e.status).toBe(status);
    expect(e.message).toBe('because');
  });

  it('a 429 carries the Retry-After the server asked for, in seconds or as a date, capped at a day', async () => {
    const with429 = (retryAfter: string): typeof fetch => () => Promise.resolve(new Response(JSON.stringify({ error: { code: 'rate-limited', message: 'daily cap' } }), { status: 429, headers: { 'Content-Type': 'application/json', 'Retry-After': retryAfter } }));
    expect((await syncErrorOf(uploadBatch('https://k.example', 't', records, { fetch: with429('120') }))).retryAfterMs).toBe(120_000);
    expect((await syncErrorOf(uploadBatch('https://k.example', 't', records, { fetch: with429('999999') }))).retryAfterMs).toBe(RETRY_AFTER_CAP_MS);
    expect((await syncErrorOf(uploadBatch('https://k.example', 't', records, { fetch: with429('soon') }))).retryAfterMs).toBeNull();
    expect(retryAfterMs(new Date(Date.UTC(2026, 10, 22, 12, 0, 30)).toUTCString(), Date.UTC(2026, 10, 22, 12, 0, 0))).toBe(30_000);
    expect(retryAfterMs(null, 0)).toBeNull();
  });

  it('no network is offline', async () => {
    const f: typeof fetch = () => Promise.reject(new TypeError('Failed to fetch'));
    expect((await syncErrorOf(uploadBatch('https://k.example', 't', records, { fetch: f }))).kind).toBe('offline');
  });

  it('gives up after the timeout (an abort) and says so', async () => {
    let aborted = false;
    const hanging: typeof fetch = (_, init) =>
      new Promise((_, reject) =>
        init?.signal?.addEventListener('abort', () => {
          aborted = true;
          reject(new DOMException('aborted', 'AbortError'));
        }),
      );
    const e = await syncErrorOf(uploadBatch('https://k.example', 't', records, { fetch: hanging, timeoutMs: 500 }));
    expect(aborted).toBe(true);
    expect(e.kind).toBe('offline');
    expect(e.message).toBe('the server did not answer within 1 s');
  });

  it('a body that stalls past the timeout is a timeout too', async () => {
    const stalling: typeof fetch = async (_, init) =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"results":'));
            init?.signal?.addEventListener('abort', () => controller.error(new DOMException('aborted', 'AbortError')));
          },
        }),
        { status: 200 },
      );
    const e = await syncErrorOf(uploadBatch('https://k.example', 't', records, { fetch: stalling, timeoutMs: 20 }));
    expect(e.kind).toBe('offline');
  });
});

describe('deviceUploader', () => {
  it('reads the device at each batch; none is unauthorized', async () => {
    let device: { serverUrl: string; token: string } | null = { serverUrl: 'https://k.example', token: 'one' };
    const tokens: string[] = [];
    const f: typeof fetch = async (_, init) => {
      tokens.push((init?.headers as Record<string, string>).Authorization!);
      return reply(200, { results: records.map((r) => ({ id: r.id, status: 'stored' })) });
    };
    const upload = deviceUploader({ getDevice: async () => device }, { fetch: f });
    await upload(records);
    device = { serverUrl: 'https://k.example', token: 'two' };
    await upload(records);
    expect(tokens).toEqual(['Bearer one', 'Bearer two']);
    device = null;
    expect(await syncErrorOf(upload(records))).toMatchObject({ kind: 'unauthorized', message: 'this desk is not enrolled' });
  });
});
