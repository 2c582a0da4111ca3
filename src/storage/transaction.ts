// Transactions all or nothing: a failure anywhere aborts, so no part of the work is kept.

/** Runs work in the transaction and waits for the commit; on any failure nothing of it is kept. */
export async function commit<T>(tx: { done: Promise<void>; abort(): void }, work: () => Promise<T>): Promise<T> {
  try {
    const result = await work();
    await tx.done;
    return result;
  } catch (e) {
    // The abort's own rejection of tx.done is this same failure.
    tx.done.catch(() => undefined);
    abortQuietly(tx);
    throw e;
  }
}

/**
 * Issues requests without waiting for each in turn. A request can also throw at once (a full disk,
 * a bad key): then the ones issued before it fail with the abort, and that is handled here.
 */
export function issueAll<T>(requests: readonly (() => Promise<T>)[]): Promise<T[]> {
  const issued: Promise<T>[] = [];
  try {
    for (const request of requests) issued.push(request());
  } catch (e) {
    for (const p of issued) p.catch(() => undefined);
    throw e;
  }
  return Promise.all(issued);
}

/** Aborts a transaction that may already have finished or aborted (abort() then throws). */
export function abortQuietly(tx: { abort(): void }): void {
  try {
    tx.abort();
  } catch {
    // Already finished: there is nothing left to undo.
  }
}
