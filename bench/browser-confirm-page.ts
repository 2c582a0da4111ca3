// What the confirm timing runs in the page: test/support/storage-confirm.ts as it is, and its anchor, one
// bare IndexedDB put with durability "strict" in a fresh database, so the ratio says how much the
// desk's transaction (read the device, bump seq, add the record, all in one) adds to the commit.

export { storageConfirmBench } from '../test/support/storage-confirm.ts';

const done = (tx: IDBTransaction) =>
  new Promise<void>((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error);
    tx.onabort = () => reject(tx.error ?? new Error('transaction aborted'));
  });

const request = <T>(req: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });

/** `count` timed puts (ms each) after `warmup` untimed ones, in a database made for them and deleted after. */
export async function idbPutAnchor(count: number, warmup: number): Promise<number[]> {
  const name = `kaiku-bench-anchor-${Date.now()}-${Math.floor(Math.random() * 1e9)}`;
  const open = indexedDB.open(name, 1);
  open.onupgradeneeded = () => open.result.createObjectStore('things', { keyPath: 'id' });
  const db = await request(open);
  const times: number[] = [];
  try {
    for (let i = 0; i < warmup + count; i++) {
      const t0 = performance.now();
      const tx = db.transaction('things', 'readwrite', { durability: 'strict' });
      tx.objectStore('things').put({ id: i, at: new Date().toISOString(), n: i % 7 });
      await done(tx);
      if (i >= warmup) times.push(performance.now() - t0);
    }
  } finally {
    db.close();
    await request(indexedDB.deleteDatabase(name)).catch(() => undefined);
  }
  return times;
}
