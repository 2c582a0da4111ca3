// The upload drain's runner: it carries out what drain-machine.ts decides, against the outbox
// (DeskStore, or anything with the same few methods), the transport (upload.ts) and an injected
// clock. Triggers: start(), kick('record') after each new record, the network coming back, and an
// interval while online. A record leaves the outbox only through markUploaded (stored/duplicate)
// or moveToAttention (conflict/invalid, with the server's words): nothing is dropped.

import type { RedemptionRecord } from '../core/record.ts';
import { SyncError } from './api-client.ts';
import type { BatchOutcome, DrainCommand, DrainEvent, DrainMachine, DrainPhase, TriggerReason } from './drain-machine.ts';
import { initialMachine, outcomeOfError, partitionResults, step } from './drain-machine.ts';
import type { Upload } from './upload.ts';

export const INTERVAL_MS = 30_000;

/** The part of DeskStore the drain needs. */
export interface OutboxStore {
  nextBatch(limit: number): Promise<RedemptionRecord[]>;
  markUploaded(ids: readonly string[]): Promise<number>;
  moveToAttention(id: string, error: string): Promise<boolean>;
  pendingCount(): Promise<number>;
  attentionCount(): Promise<number>;
}

export interface DrainClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/** Whether the device is online, and news when that changes (browserNetwork() in the app). */
export interface Network {
  online(): boolean;
  /** Calls back on every change; returns the unsubscribe. */
  subscribe(listener: (online: boolean) => void): () => void;
}

export interface DrainLoopOptions {
  store: OutboxStore;
  upload: Upload;
  clock: DrainClock;
  network: Network;
  /** In [0, 1), for the backoff's jitter. */
  random?: () => number;
  /** Between 'interval' triggers while online (30 s). */
  intervalMs?: number;
  /** Also run at each interval tick while online and enrolled (e.g. a usage refresh); a 401 from it stops uploads. */
  onTick?: () => Promise<unknown>;
  /** When the desk last had a batch accepted (the stored lastSyncMs), for the first report. */
  lastSuccessMs?: number | null;
}

export interface DrainStatus {
  /** Waiting to upload (not counting those that need attention). */
  pending: number;
  attention: number;
  lastSuccessMs: number | null;
  state: DrainPhase['kind'];
  /** The server refused the device's token: ask for re-enrolment. Nothing is lost meanwhile. */
  unauthorized: boolean;
  online: boolean;
  /** When backing off: when the next try is due (ms since the epoch). */
  retryAtMs: number | null;
  /** Why the last request failed, for a manager's eyes; null after a success. */
  lastError: string | null;
}

export class DrainLoop {
  private machine: DrainMachine;
  private running = false;
  private timer: unknown = null;
  private interval: unknown = null;
  private unsubscribe: (() => void) | null = null;
  /** Bumped by stop(): a request of an earlier run reports into nothing. */
  private generation = 0;
  private readonly listeners = new Set<(s: DrainStatus) => void>();
  private readonly settledWaiters: (() => void)[] = [];
  private current: DrainStatus;

  constructor(private readonly options: DrainLoopOptions) {
    this.machine = initialMachine(options.network.online());
    this.current = {
      pending: 0,
      attention: 0,
      lastSuccessMs: options.lastSuccessMs ?? null,
      state: this.machine.phase.kind,
      unauthorized: false,
      online: this.machine.online,
      retryAtMs: null,
      lastError: null,
    };
  }

  get status(): DrainStatus {
    return this.current;
  }

  /** Listens for status changes; returns the unsubscribe. */
  subscribe(listener: (s: DrainStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Starts draining (trigger 'start'), listening to the network, and the interval. */
  start(): void {
    if (this.running) return;
    this.running = true;
    const unauthorized = this.machine.phase.kind === 'stopped-unauthorized';
    this.machine = { ...initialMachine(this.options.network.online()), ...(unauthorized ? { phase: { kind: 'stopped-unauthorized' as const } } : {}) };
    this.unsubscribe = this.options.network.subscribe((online) => this.dispatch({ type: online ? 'online' : 'offline' }));
    this.armInterval();
    this.dispatch({ type: 'trigger', reason: 'start' });
    void this.refreshCounts();
  }

  /** Stops timers and listeners; a request in flight finishes its store writes but decides nothing. */
  stop(): void {
    if (!this.running) return;
    this.running = false;
    this.generation++;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.clearTimer();
    if (this.interval !== null) this.options.clock.clearTimeout(this.interval);
    this.interval = null;
    if (this.machine.phase.kind === 'draining') this.machine = { ...this.machine, phase: { kind: 'idle' } };
    this.report();
  }

  /** Something may be waiting to upload: call after each appendRecord (reason 'record'). */
  kick(reason: TriggerReason = 'record'): void {
    this.dispatch({ type: 'trigger', reason });
    if (reason === 'record') void this.refreshCounts();
  }

  /** The device has a new token: upload again. */
  reenrolled(): void {
    this.current = { ...this.current, unauthorized: false };
    this.dispatch({ type: 'reenrolled' });
  }

  /** Another request (a refresh) got 401: stop uploading too. */
  reportUnauthorized(): void {
    this.dispatch({ type: 'unauthorized' });
  }

  /** The counts changed outside the drain (an import, a retry from "needs attention"). */
  async refreshCounts(): Promise<void> {
    try {
      const [pending, attention] = await Promise.all([this.options.store.pendingCount(), this.options.store.attentionCount()]);
      this.current = { ...this.current, pending, attention };
      this.notify();
    } catch {
      // The counts stay as they were; the next batch tries again.
    }
  }

  /** Resolves once no request is in flight (for tests, and for a clean shutdown). */
  settled(): Promise<void> {
    if (this.machine.phase.kind !== 'draining') return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  private dispatch(event: DrainEvent): void {
    if (!this.running) return;
    const { machine, command } = step(this.machine, event, { nowMs: this.options.clock.now(), random: this.random() });
    this.machine = machine;
    this.execute(command);
    this.report();
  }

  private random(): number {
    const r = (this.options.random ?? Math.random)();
    return r >= 0 && r < 1 ? r : 0.5;
  }

  private execute(command: DrainCommand): void {
    switch (command.kind) {
      case 'send':
        this.clearTimer();
        void this.sendBatch(command.limit, this.generation);
        return;
      case 'wait': {
        this.clearTimer();
        const generation = this.generation;
        this.timer = this.options.clock.setTimeout(() => {
          this.timer = null;
          if (generation === this.generation) this.dispatch({ type: 'timer' });
        }, command.ms);
        return;
      }
      case 'idle':
      case 'unauthorized':
        this.clearTimer();
        return;
      case 'none':
        return;
    }
  }

  /** One batch: read, upload, apply the results, report. Every path ends in one batchResult. */
  private async sendBatch(limit: number, generation: number): Promise<void> {
    const outcome = await this.attemptBatch(limit);
    if (outcome.kind === 'ok') this.current = { ...this.current, lastSuccessMs: this.options.clock.now(), lastError: null };
    else if (outcome.kind === 'retry') this.current = { ...this.current, lastError: outcome.why };
    else if (outcome.kind === 'too-large') this.current = { ...this.current, lastError: 'too-large: sending smaller batches' };
    if (outcome.kind !== 'empty') await this.refreshCounts();
    if (generation !== this.generation) return;
    this.dispatch({ type: 'batchResult', outcome });
  }

  private async attemptBatch(limit: number): Promise<BatchOutcome> {
    const { store, upload } = this.options;
    let records: RedemptionRecord[];
    try {
      records = await store.nextBatch(limit);
    } catch (e) {
      return outcomeOfError('storage', (e as Error).message);
    }
    if (records.length === 0) return { kind: 'empty' };
    let results: unknown;
    try {
      results = await upload(records);
    } catch (e) {
      if (e instanceof SyncError) return outcomeOfError(e.kind, e.message, e.retryAfterMs);
      return outcomeOfError('offline', (e as Error)?.message ?? String(e));
    }
    // Checked here too, whatever transport was given: nothing is applied from a wrong answer.
    const sorted = partitionResults(
      records.map((r) => r.id),
      results,
    );
    if (!sorted) return outcomeOfError('bad-response', 'the upload results do not match the batch');
    try {
      if (sorted.uploaded.length) await store.markUploaded(sorted.uploaded);
      for (const { id, error } of sorted.attention) await store.moveToAttention(id, error);
    } catch (e) {
      // Still pending here: the retry gets `duplicate` (or the same refusal) and applies it then.
      return outcomeOfError('storage', (e as Error).message);
    }
    return { kind: 'ok', sent: records.length, limit };
  }

  private armInterval(): void {
    const intervalMs = this.options.intervalMs ?? INTERVAL_MS;
    const generation = this.generation;
    this.interval = this.options.clock.setTimeout(() => {
      this.interval = null;
      if (generation !== this.generation || !this.running) return;
      this.armInterval();
      if (!this.machine.online || this.machine.phase.kind === 'stopped-unauthorized') return;
      this.dispatch({ type: 'trigger', reason: 'interval' });
      if (this.options.onTick) this.runTick(this.options.onTick, generation);
    }, intervalMs);
  }

  private runTick(tick: () => Promise<unknown>, generation: number): void {
    tick().catch((e: unknown) => {
      if (generation === this.generation && e instanceof SyncError && e.kind === 'unauthorized') this.reportUnauthorized();
    });
  }

  private clearTimer(): void {
    if (this.timer !== null) this.options.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private report(): void {
    const phase = this.machine.phase;
    this.current = {
      ...this.current,
      state: phase.kind,
      unauthorized: phase.kind === 'stopped-unauthorized',
      online: this.machine.online,
      retryAtMs: phase.kind === 'backing-off' ? phase.untilMs : null,
    };
    this.notify();
    if (phase.kind !== 'draining') for (const resolve of this.settledWaiters.splice(0)) resolve();
  }

  private notify(): void {
    for (const l of this.listeners) l(this.current);
  }
}

/** The browser's network state (navigator.onLine and the window's online/offline events). */
export function browserNetwork(target: Pick<Window, 'addEventListener' | 'removeEventListener'> = window, nav: Pick<Navigator, 'onLine'> = navigator): Network {
  return {
    online: () => nav.onLine,
    subscribe(listener) {
      const on = () => listener(true);
      const off = () => listener(false);
      target.addEventListener('online', on);
      target.addEventListener('offline', off);
      return () => {
        target.removeEventListener('online', on);
        target.removeEventListener('offline', off);
      };
    },
  };
}

/** The real clock. */
export const systemClock: DrainClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (handle) => globalThis.clearTimeout(handle as ReturnType<typeof setTimeout>),
};
