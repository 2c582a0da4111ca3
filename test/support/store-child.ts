// A server store in a process of its own, driven over IPC by test/support/store-process.ts: two of
// these on one database race for real (better-sqlite3 is synchronous, so two connections in one
// process never interleave). A call may wait for a moment given by the test, so that both
// processes start it together; a watch reads the store over and over while the test writes.

import { performance } from 'node:perf_hooks';
import type { StoreLocation } from '../../server/store/open-store.ts';
import { openStore } from '../../server/store/open-store.ts';
import type { ServerStore } from '../../server/store/server-store.ts';

export type ChildRequest =
  | { id: number; op: 'open'; where: StoreLocation }
  | { id: number; op: 'call'; method: keyof ServerStore; args: unknown[]; atMs: number | null }
  | { id: number; op: 'watch-usage'; venueId: string; sinceDay: number; untilCount: number }
  | { id: number; op: 'watched' };

export type ChildReply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: string };

let store: ServerStore | null = null;
let watch: { seen: number[]; stop: boolean; done: Promise<void> } | null = null;

const nowMs = () => performance.timeOrigin + performance.now();

function opened(): ServerStore {
  if (!store) throw new Error('no store is open in this process');
  return store;
}

async function watchUsage(venueId: string, sinceDay: number, untilCount: number, first: () => void) {
  const seen: number[] = [];
  const w = { seen, stop: false, done: Promise.resolve() };
  watch = w;
  w.done = (async () => {
    // Every count read, in order, until the test's count is reached or, after one more read, the
    // test says stop.
    for (let reads = 0; ; reads++) {
      const stopping = w.stop;
      const count = (await opened().usage(venueId, sinceDay, null, untilCount + 1)).records.length;
      if (seen.at(-1) !== count) seen.push(count);
      if (reads === 0) first();
      if (count >= untilCount || stopping) return;
      // Lets the test's "watched" message in.
      await new Promise((resolve) => setImmediate(resolve));
    }
  })();
  await w.done;
}

async function handle(m: ChildRequest): Promise<unknown> {
  switch (m.op) {
    case 'open':
      await store?.close();
      store = await openStore(m.where);
      return null;
    case 'call': {
      const s = opened();
      // Both processes spin to the same moment, so their calls start within a fraction of a ms.
      while (m.atMs !== null && nowMs() < m.atMs);
      return (s[m.method] as (...a: unknown[]) => Promise<unknown>).apply(s, m.args);
    }
    case 'watch-usage':
      return new Promise<null>((resolve, reject) => {
        watchUsage(m.venueId, m.sinceDay, m.untilCount, () => resolve(null)).catch(reject);
      });
    case 'watched': {
      const w = watch;
      if (!w) throw new Error('nothing is being watched');
      w.stop = true;
      await w.done;
      watch = null;
      return w.seen;
    }
  }
}

process.on('message', (m: ChildRequest) => {
  handle(m).then(
    (value) => process.send!({ id: m.id, ok: true, value } satisfies ChildReply),
    (e: unknown) => process.send!({ id: m.id, ok: false, error: e instanceof Error ? e.message : String(e) } satisfies ChildReply),
  );
});
process.on('disconnect', () => {
  void (store?.close() ?? Promise.resolve()).finally(() => process.exit(0));
});
process.send!({ id: 0, ok: true, value: 'ready' } satisfies ChildReply);
