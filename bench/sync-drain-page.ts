// Runs in the bench's Chromium page: a desk's outbox filled with records, drained into the
// reference server by the same DrainLoop the desk runs.

import type { RedemptionRecord } from '../src/core/record.ts';
import { openDeskDb } from '../src/storage/db.ts';
import { DeskStore } from '../src/storage/desk-store.ts';
import type { DeviceState } from '../src/storage/desk-store.ts';
import { DrainLoop, systemClock } from '../src/sync/drain-loop.ts';
import { deviceUploader } from '../src/sync/upload.ts';

/** Queues the records, then drains them; resolves with the drain's milliseconds. */
export async function drainAll(device: DeviceState, records: RedemptionRecord[]): Promise<{ ms: number; left: number; batches: number }> {
  const store = new DeskStore(await openDeskDb(`bench-drain-${Date.now()}`));
  await store.putDevice(device);
  await store.importRecords(records);
  let batches = 0;
  const upload = deviceUploader(store);
  const counted: typeof upload = (...args) => {
    batches++;
    return upload(...args);
  };
  const loop = new DrainLoop({ store, upload: counted, clock: systemClock, network: { online: () => true, subscribe: () => () => undefined } });
  const started = performance.now();
  await new Promise<void>((resolve) => {
    loop.subscribe((s) => {
      if (s.state === 'idle' && s.pending === 0 && batches > 0) resolve();
    });
    loop.start();
  });
  const ms = performance.now() - started;
  loop.stop();
  return { ms, left: await store.pendingCount(), batches };
}
