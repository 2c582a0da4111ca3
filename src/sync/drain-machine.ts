// The upload drain as a pure state machine: no timers, no fetch, no IndexedDB. The runner
// (drain-loop.ts) feeds it events with the time and a random number, and carries out the one
// command each step returns. Modelled on Replicache's connection loop: every decision is here, so
// every decision is tested without a clock.
//
//                                                      ok and more to send ──┐
//                  trigger · online · reenrolled                413: halve ──┤ (send at once)
//     ┌────────┐ ───────────────────────────────▶ ┌──────────────┐ ◀─────────┘
//     │  idle  │                                  │   draining   │ ── 401 ──────────┐
//     │        │ ◀── empty · short batch ──────── │ (1 request)  │                  ▼
//     └────────┘                                  └──────────────┘      ┌──────────────────────┐
//       │  offline      429 · 5xx · timeout · no net ·│   ▲     │       │ stopped-unauthorized │
//       │               bad response · 413 at size 1 ▼   │     │       │ (keeps every record) │
//       │                ┌─────────────────────────────┐ │     │       └──────────────────────┘
//       │                │ backing-off(attempt, until) │─┘     │           ▲        │ reenrolled
//       │                └─────────────────────────────┘       │           │        ▼
//       │                   │ offline   timer · online         │           │    draining
//       ▼                   ▼                                  │  unauthorized (a refresh got
//     ┌─────────┐ ◀─────────┘◀── any result once offline ──────┘  401): from every phase
//     │ offline │ ── online ──▶ draining
//     └─────────┘
//
// While draining, triggers only mark the machine dirty (it looks at the queue again after the
// batch); while backing off they wait for the timer (the backoff protects the server); offline
// and stopped-unauthorized ignore them. The network coming back cuts a backoff short.
//
// Backoff is "full jitter": the wait before retry n (n = 1, 2, …) is random · min(5 min, 2 s · 2^(n-1)),
// at least 100 ms so a random of 0 cannot spin. A success resets it. A 413 halves the batch and
// retries at once (it is not a failure of the server); at size 1 it backs off instead of spinning.
// A Retry-After from the server (a 429 past the daily cap, a 503) is a floor under that wait.
// The halved size grows back, doubling after every RECOVER_AFTER successful batches in a row, and
// is MAX_BATCH again for the next drain.
//
// The machine never sees records: per-record results are sorted by partitionResults, and the
// runner applies them (stored/duplicate → uploaded, conflict/invalid → needs attention).

import { MAX_BATCH } from '../core/sync-limits.ts';
import type { SyncErrorKind } from './api-client.ts';

export const BACKOFF_BASE_MS = 2_000;
export const BACKOFF_CAP_MS = 5 * 60_000;
export const BACKOFF_FLOOR_MS = 100;
/** Successful batches in a row at a halved size before the size doubles again. */
export const RECOVER_AFTER = 4;

export type TriggerReason = 'record' | 'online' | 'start' | 'interval';

export type BatchOutcome =
  /** The server answered for every record of a batch of `sent` records, asked for at `limit`. */
  | { kind: 'ok'; sent: number; limit: number }
  /** The queue had nothing to send. */
  | { kind: 'empty' }
  | { kind: 'too-large' }
  | { kind: 'unauthorized' }
  /**
   * 429, 5xx, a timeout, no network, an answer of the wrong shape, a storage failure: try again
   * later, and not before `waitMs` when the server said how long (Retry-After).
   */
  | { kind: 'retry'; why: string; waitMs?: number };

export type DrainEvent =
  | { type: 'trigger'; reason: TriggerReason }
  | { type: 'batchResult'; outcome: BatchOutcome }
  /** The wait of a `wait` command is over. */
  | { type: 'timer' }
  | { type: 'online' }
  | { type: 'offline' }
  /** The server refused the token outside an upload (a refresh got 401). */
  | { type: 'unauthorized' }
  /** The device has a new token: upload again. */
  | { type: 'reenrolled' };

export type DrainPhase =
  | { kind: 'idle' }
  | { kind: 'draining' }
  | { kind: 'backing-off'; attempt: number; untilMs: number }
  | { kind: 'offline' }
  | { kind: 'stopped-unauthorized' };

export interface DrainMachine {
  phase: DrainPhase;
  online: boolean;
  /** Records a request: MAX_BATCH, halved on 413. */
  batchSize: number;
  /** Successful batches in a row since the size was last lowered or raised. */
  okStreak: number;
  /** Failed attempts in a row (the backoff exponent). */
  attempt: number;
  /** A trigger came while a request was in flight: look at the queue again after it. */
  dirty: boolean;
}

export type DrainCommand =
  /** Read the next `limit` pending records in seq order, upload them, report batchResult. */
  | { kind: 'send'; limit: number }
  /** Report `timer` after `ms` (replacing any timer). */
  | { kind: 'wait'; ms: number }
  /** Nothing to do until an event comes; cancel any timer. */
  | { kind: 'idle' }
  /** Stop uploading and ask for re-enrolment; cancel any timer. */
  | { kind: 'unauthorized' }
  /** Carry on as before (a request in flight, a timer set). */
  | { kind: 'none' };

export interface StepContext {
  nowMs: number;
  /** A random number in [0, 1), for the jitter. */
  random: number;
}

export interface Step {
  machine: DrainMachine;
  command: DrainCommand;
}

export function initialMachine(online: boolean): DrainMachine {
  return { phase: online ? { kind: 'idle' } : { kind: 'offline' }, online, batchSize: MAX_BATCH, okStreak: 0, attempt: 0, dirty: false };
}

/** The wait before retry `attempt` (1, 2, …): full jitter under a doubling ceiling. */
export function backoffMs(attempt: number, random: number): number {
  const ceiling = Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, attempt - 1));
  const r = Number.isFinite(random) ? Math.min(Math.max(random, 0), 1) : 0;
  return Math.max(BACKOFF_FLOOR_MS, Math.floor(r * ceiling));
}

const send = (m: DrainMachine): Step => ({ machine: { ...m, phase: { kind: 'draining' }, dirty: false }, command: { kind: 'send', limit: m.batchSize } });
const stay = (m: DrainMachine): Step => ({ machine: m, command: { kind: 'none' } });
const idle = (m: DrainMachine): Step => ({ machine: { ...m, phase: { kind: 'idle' }, dirty: false, batchSize: MAX_BATCH, okStreak: 0 }, command: { kind: 'idle' } });
const offline = (m: DrainMachine): Step => ({ machine: { ...m, phase: { kind: 'offline' }, dirty: false }, command: { kind: 'idle' } });
const unauthorized = (m: DrainMachine): Step => ({ machine: { ...m, phase: { kind: 'stopped-unauthorized' }, dirty: false, attempt: 0 }, command: { kind: 'unauthorized' } });

function backOff(m: DrainMachine, ctx: StepContext, atLeastMs = 0): Step {
  if (!m.online) return offline(m);
  const attempt = m.attempt + 1;
  const ms = Math.max(backoffMs(attempt, ctx.random), atLeastMs);
  return { machine: { ...m, attempt, okStreak: 0, dirty: false, phase: { kind: 'backing-off', attempt, untilMs: ctx.nowMs + ms } }, command: { kind: 'wait', ms } };
}

function afterResult(m: DrainMachine, outcome: BatchOutcome, ctx: StepContext): Step {
  switch (outcome.kind) {
    case 'ok': {
      const streak = m.okStreak + 1;
      const grow = m.batchSize < MAX_BATCH && streak >= RECOVER_AFTER;
      const next: DrainMachine = { ...m, attempt: 0, okStreak: grow ? 0 : streak, batchSize: grow ? Math.min(MAX_BATCH, m.batchSize * 2) : m.batchSize };
      if (!m.online) return offline(next);
      // A short batch emptied the queue as it was then; a trigger since means there may be more.
      return outcome.sent >= outcome.limit || m.dirty ? send(next) : idle(next);
    }
    case 'empty':
      return m.online ? idle({ ...m, attempt: 0 }) : offline({ ...m, attempt: 0 });
    case 'too-large':
      if (m.batchSize <= 1) return backOff(m, ctx);
      return m.online ? send({ ...m, batchSize: Math.max(1, Math.floor(m.batchSize / 2)), okStreak: 0 }) : offline({ ...m, batchSize: Math.max(1, Math.floor(m.batchSize / 2)), okStreak: 0 });
    case 'unauthorized':
      return unauthorized(m);
    case 'retry':
      return backOff(m, ctx, outcome.waitMs);
  }
}

/** One transition. Events that do not apply in a phase change nothing (command `none`). */
export function step(m: DrainMachine, event: DrainEvent, ctx: StepContext): Step {
  const phase = m.phase.kind;
  if (event.type === 'unauthorized') return phase === 'stopped-unauthorized' ? stay(m) : unauthorized(m);
  if (phase === 'stopped-unauthorized') {
    // Keep track of the network; only a new token starts uploading again.
    if (event.type === 'online' || (event.type === 'trigger' && event.reason === 'online')) return stay({ ...m, online: true });
    if (event.type === 'offline') return stay({ ...m, online: false });
    if (event.type === 'reenrolled') return m.online ? send({ ...m, attempt: 0, batchSize: MAX_BATCH, okStreak: 0 }) : offline({ ...m, attempt: 0 });
    return stay(m);
  }
  if (event.type === 'online' || (event.type === 'trigger' && event.reason === 'online')) {
    const on = { ...m, online: true };
    if (phase === 'draining') return stay({ ...on, dirty: true });
    // Back on the network: retry now rather than at the end of a long backoff.
    return send(on);
  }
  if (event.type === 'offline') {
    const off = { ...m, online: false };
    // The request in flight ends on its own (its result moves the machine to offline).
    return phase === 'draining' ? stay(off) : offline(off);
  }
  switch (event.type) {
    case 'trigger':
    case 'reenrolled':
      if (phase === 'idle') return send(m);
      if (phase === 'draining') return stay({ ...m, dirty: true });
      // backing-off waits for its timer; offline waits for the network.
      return stay(m);
    case 'timer':
      return phase === 'backing-off' ? (m.online ? send(m) : offline(m)) : stay(m);
    case 'batchResult':
      return phase === 'draining' ? afterResult(m, event.outcome, ctx) : stay(m);
  }
}

/** The machine's reading of a failed upload (a SyncError's kind). */
export function outcomeOfError(kind: SyncErrorKind | 'storage', message: string, waitMs: number | null = null): BatchOutcome {
  if (kind === 'unauthorized') return { kind: 'unauthorized' };
  if (kind === 'too-large') return { kind: 'too-large' };
  return waitMs === null ? { kind: 'retry', why: `${kind}: ${message}` } : { kind: 'retry', why: `${kind}: ${message}`, waitMs };
}

export type ResultStatus = 'stored' | 'duplicate' | 'conflict' | 'invalid';

export interface RecordResult {
  id: string;
  status: ResultStatus;
  error?: string;
}

export interface Partition {
  uploaded: string[];
  attention: { id: string; error: string }[];
}

const STATUSES: ReadonlySet<string> = new Set<ResultStatus>(['stored', 'duplicate', 'conflict', 'invalid']);

/**
 * Sorts the server's per-record results: stored/duplicate leave the queue, conflict/invalid go to
 * "needs attention" with the server's words. Null when the results are not one per record, in
 * order, with matching ids and a known status: then nothing may be applied.
 */
export function partitionResults(ids: readonly string[], results: unknown): Partition | null {
  if (!Array.isArray(results) || results.length !== ids.length) return null;
  const out: Partition = { uploaded: [], attention: [] };
  for (let i = 0; i < ids.length; i++) {
    const r = results[i] as Partial<RecordResult> | null;
    const id = ids[i]!;
    if (typeof r !== 'object' || r === null || r.id !== id || typeof r.status !== 'string' || !STATUSES.has(r.status)) return null;
    if (r.error !== undefined && r.error !== null && typeof r.error !== 'string') return null;
    if (r.status === 'stored' || r.status === 'duplicate') out.uploaded.push(id);
    else out.attention.push({ id, error: typeof r.error === 'string' && r.error ? r.error : r.status === 'conflict' ? 'conflict: the server holds different content for this record' : 'invalid: the server refused this record' });
  }
  return out;
}
