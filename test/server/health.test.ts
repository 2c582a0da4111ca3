// GET /v1/health is what a load balancer asks: 200 with the store's kind while the database
// answers, 503 (and no details) when it doesn't, so traffic leaves a process whose database is gone.

import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { type ApiContext, DAILY_UPLOAD_CAP, handleApi } from '../../server/api.ts';
import { sendError } from '../../server/http-io.ts';
import type { ServerStore } from '../../server/store/server-store.ts';
import { harness } from './harness.ts';

async function healthOf(store: Pick<ServerStore, 'ping' | 'kind'>): Promise<{ status: number; body: unknown }> {
  const ctx = { store: store as ServerStore, now: Date.now, random: (n: number) => new Uint8Array(n), dailyUploadCap: DAILY_UPLOAD_CAP } satisfies ApiContext;
  const server = createServer((req, res) => void handleApi(req, res, ctx, new URL(req.url ?? '/', 'http://x')).catch((e: unknown) => sendError(res, e)));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const r = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/health`, { headers: { Connection: 'close' } });
    return { status: r.status, body: await r.json() };
  } finally {
    server.close();
  }
}

describe('GET /v1/health', () => {
  it('answers 200 with the kind of store, without a token', async () => {
    const h = await harness();
    try {
      const r = await h.call('GET', '/v1/health');
      expect(r.status).toBe(200);
      expect(await r.json()).toEqual({ ok: true, store: h.store.kind });
    } finally {
      await h.close();
    }
  });

  it('answers 503 when the database does not answer, saying nothing of why', async () => {
    const down = await healthOf({ kind: 'postgres', ping: () => Promise.reject(new Error('connect ECONNREFUSED 10.0.0.5:5432 password=secret')) });
    expect(down.status).toBe(503);
    expect(down.body).toEqual({ error: { code: 'unavailable', message: 'the database does not answer' } });
  });
});
