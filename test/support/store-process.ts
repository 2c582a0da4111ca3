// A store opened in another process (test/support/store-child.ts), seen through the ServerStore
// interface. `at(ms)` gives a proxy whose calls start at that moment in the child; give two
// processes the same moment and their calls truly race, on SQLite as on PostgreSQL.

import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { StoreLocation } from '../../server/store/open-store.ts';
import type { ServerStore } from '../../server/store/server-store.ts';
import type { ChildReply, ChildRequest } from './store-child.ts';

type Request = ChildRequest extends infer R ? (R extends ChildRequest ? Omit<R, 'id'> : never) : never;

export class StoreProcess {
  private next = 1;
  private readonly waiting = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();

  private constructor(private readonly child: ChildProcess) {
    child.on('message', (m: ChildReply) => {
      const w = this.waiting.get(m.id);
      this.waiting.delete(m.id);
      if (m.ok) w?.resolve(m.value);
      else w?.reject(new Error(`in the other process: ${m.error}`));
    });
    child.on('exit', (code) => {
      for (const w of this.waiting.values()) w.reject(new Error(`the store process ended (${code})`));
      this.waiting.clear();
    });
  }

  /** Starts the process; it is ready for `open` when this resolves. */
  static start(): Promise<StoreProcess> {
    const child = fork(fileURLToPath(new URL('./store-child.ts', import.meta.url)), [], {
      execArgv: ['--import', 'tsx'],
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    return new Promise((resolve, reject) => {
      child.once('message', () => resolve(new StoreProcess(child)));
      child.once('exit', (code) => reject(new Error(`the store process ended before it was ready (${code})`)));
    });
  }

  private send(request: Request): Promise<unknown> {
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.send({ ...request, id });
    });
  }

  /** Opens the database at `where` in the other process (closing the one open there). */
  async open(where: StoreLocation): Promise<void> {
    await this.send({ op: 'open', where });
  }

  /** The store over there; each call starts at `atMs` (ms since the epoch) when one is given. */
  at(atMs: number | null = null): ServerStore {
    return new Proxy({} as ServerStore, {
      get: (_, method) => (...args: unknown[]) => this.send({ op: 'call', method: method as keyof ServerStore, args, atMs }),
    });
  }

  get store(): ServerStore {
    return this.at(null);
  }

  /** Reads the venue's records there over and over from now on; resolves once the first read is done. */
  async watchUsage(venueId: string, sinceDay: number, untilCount: number): Promise<void> {
    await this.send({ op: 'watch-usage', venueId, sinceDay, untilCount });
  }

  /** Every distinct record count the watch read, in order (it stops at `untilCount`). */
  async watched(): Promise<number[]> {
    return (await this.send({ op: 'watched' })) as number[];
  }

  stop(): void {
    this.child.disconnect();
  }
}

/** A moment a little ahead, for `at`: long enough for the calls to reach every process first. */
export const soon = (ms = 100) => Date.now() + ms;
