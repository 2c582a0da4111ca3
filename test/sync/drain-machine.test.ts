// The upload drain's decisions, every transition, without a clock or a network.

import { describe, expect, it } from 'vitest';
import { MAX_BATCH } from '../../src/core/sync-limits.ts';
import type { BatchOutcome, DrainEvent, DrainMachine, DrainPhase, Step } from '../../src/sync/drain-machine.ts';
import {
  BACKOFF_CAP_MS,
  BACKOFF_FLOOR_MS,
  RECOVER_AFTER,
  backoffMs,
  initialMachine,
  outcomeOfError,
  partitionResults,
  step,
} from '../../src/sync/drain-machine.ts';

const NOW = 1_000_000;
const ctx = { nowMs: NOW, random: 0.5 };
const at = (m: DrainMachine, e: DrainEvent, random = 0.5): Step => step(m, e, { nowMs: NOW, random });

const trigger = (reason: 'record' | 'online' | 'start' | 'interval' = 'record'): DrainEvent => ({ type: 'trigger', reason });
const result = (outcome: BatchOutcome): DrainEvent => ({ type: 'batchResult', outcome });
const ok = (sent: number, limit = MAX_BATCH): DrainEvent => result({ kind: 'ok', sent, limit });
const retry = result({ kind: 'retry', why: 'server: HTTP 503' });

function inPhase(phase: DrainPhase, over: Partial<DrainMachine> = {}): DrainMachine {
  return { ...initialMachine(true), phase, ...over };
}
const idle = () => inPhase({ kind: 'idle' });
const draining = (over: Partial<DrainMachine> = {}) => inPhase({ kind: 'draining' }, over);
const backingOff = (attempt = 1) => inPhase({ kind: 'backing-off', attempt, untilMs: NOW + 1000 }, { attempt });
const offline = () => inPhase({ kind: 'offline' }, { online: false });
const stopped = (online = true) => inPhase({ kind: 'stopped-unauthorized' }, { online });

describe('drain machine: starting', () => {
  it('starts idle when online and offline when not', () => {
    expect(initialMachine(true)).toEqual({ phase: { kind: 'idle' }, online: true, batchSize: MAX_BATCH, okStreak: 0, attempt: 0, dirty: false });
    expect(initialMachine(false).phase).toEqual({ kind: 'offline' });
  });
});

describe('drain machine: idle', () => {
  it.each(['record', 'start', 'interval'] as const)('trigger %s sends a full batch', (reason) => {
    const s = at(idle(), trigger(reason));
    expect(s.command).toEqual({ kind: 'send', limit: MAX_BATCH });
    expect(s.machine.phase.kind).toBe('draining');
  });

  it('online (event or trigger) sends', () => {
    expect(at(idle(), { type: 'online' }).command).toEqual({ kind: 'send', limit: MAX_BATCH });
    expect(at(idle(), trigger('online')).command).toEqual({ kind: 'send', limit: MAX_BATCH });
  });

  it('reenrolled sends', () => {
    expect(at(idle(), { type: 'reenrolled' }).command.kind).toBe('send');
  });

  it('offline goes offline and cancels timers', () => {
    const s = at(idle(), { type: 'offline' });
    expect(s.machine.phase.kind).toBe('offline');
    expect(s.machine.online).toBe(false);
    expect(s.command).toEqual({ kind: 'idle' });
  });

  it('a stray timer or batch result changes nothing', () => {
    for (const e of [{ type: 'timer' } as const, ok(3)]) {
      const s = at(idle(), e);
      expect(s.command).toEqual({ kind: 'none' });
      expect(s.machine).toEqual(idle());
    }
  });

  it('unauthorized (from a refresh) stops', () => {
    const s = at(idle(), { type: 'unauthorized' });
    expect(s.machine.phase.kind).toBe('stopped-unauthorized');
    expect(s.command).toEqual({ kind: 'unauthorized' });
  });
});

describe('drain machine: draining', () => {
  it('a full batch sends the next at once', () => {
    const s = at(draining(), ok(MAX_BATCH));
    expect(s.command).toEqual({ kind: 'send', limit: MAX_BATCH });
    expect(s.machine.phase.kind).toBe('draining');
  });

  it('a short batch means the queue is empty: idle', () => {
    const s = at(draining(), ok(12));
    expect(s.command).toEqual({ kind: 'idle' });
    expect(s.machine.phase.kind).toBe('idle');
  });

  it('a trigger while sending is remembered: after a short batch it looks again', () => {
    const a = at(draining(), trigger('record'));
    expect(a.command).toEqual({ kind: 'none' });
    expect(a.machine.dirty).toBe(true);
    const b = at(a.machine, ok(12));
    expect(b.command).toEqual({ kind: 'send', limit: MAX_BATCH });
    expect(b.machine.dirty).toBe(false);
    expect(at(b.machine, ok(0, MAX_BATCH)).command).toEqual({ kind: 'idle' });
  });

  it('reenrolled and online while sending are remembered too', () => {
    expect(at(draining(), { type: 'reenrolled' }).machine.dirty).toBe(true);
    const on = at(draining({ online: false }), { type: 'online' });
    expect(on.command.kind).toBe('none');
    expect(on.machine).toMatchObject({ online: true, dirty: true });
  });

  it('an empty queue: idle, and the backoff exponent resets', () => {
    const s = at(draining({ attempt: 3 }), result({ kind: 'empty' }));
    expect(s.machine).toMatchObject({ phase: { kind: 'idle' }, attempt: 0 });
    expect(s.command).toEqual({ kind: 'idle' });
  });

  it('a timer while sending changes nothing', () => {
    expect(at(draining(), { type: 'timer' })).toEqual({ machine: draining(), command: { kind: 'none' } });
  });

  it('offline while sending waits for the request; its result then goes offline (and is applied)', () => {
    const a = at(draining(), { type: 'offline' });
    expect(a.command.kind).toBe('none');
    expect(a.machine).toMatchObject({ phase: { kind: 'draining' }, online: false });
    for (const outcome of [ok(MAX_BATCH), ok(3), result({ kind: 'empty' }), retry, result({ kind: 'too-large' })]) {
      const b = at(a.machine, outcome);
      expect(b.machine.phase.kind).toBe('offline');
      expect(b.command).toEqual({ kind: 'idle' });
    }
  });

  it('401 stops uploading', () => {
    const s = at(draining(), result({ kind: 'unauthorized' }));
    expect(s.machine.phase.kind).toBe('stopped-unauthorized');
    expect(s.command).toEqual({ kind: 'unauthorized' });
  });

  it('429, 5xx, timeout, no network, bad response: back off', () => {
    for (const kind of ['rate-limited', 'server', 'offline', 'bad-response', 'not-found', 'forbidden', 'stale', 'storage'] as const) {
      const outcome = outcomeOfError(kind, 'x');
      expect(outcome.kind).toBe('retry');
      const s = at(draining(), result(outcome), 0.5);
      expect(s.machine.phase).toEqual({ kind: 'backing-off', attempt: 1, untilMs: NOW + 1000 });
      expect(s.command).toEqual({ kind: 'wait', ms: 1000 });
    }
    expect(outcomeOfError('unauthorized', 'x')).toEqual({ kind: 'unauthorized' });
    expect(outcomeOfError('too-large', 'x')).toEqual({ kind: 'too-large' });
  });
});

describe('drain machine: backoff', () => {
  it('a Retry-After from the server is a floor under the wait, never shortened by the jitter', () => {
    const later = at(draining(), result(outcomeOfError('rate-limited', 'daily cap', 3_600_000)), 0.5);
    expect(later.command).toEqual({ kind: 'wait', ms: 3_600_000 });
    expect(later.machine.phase).toEqual({ kind: 'backing-off', attempt: 1, untilMs: NOW + 3_600_000 });
    // A short Retry-After does not cut the backoff below its jitter.
    expect(at(draining(), result(outcomeOfError('server', 'busy', 10)), 0.5).command).toEqual({ kind: 'wait', ms: 1000 });
    // Still the network coming back retries at once.
    expect(at(later.machine, { type: 'online' }).command.kind).toBe('send');
  });

  it('full jitter under a ceiling of 2 s doubling to 5 min', () => {
    const ceilings = [2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 256_000, 300_000, 300_000, 300_000];
    ceilings.forEach((c, i) => {
      expect(backoffMs(i + 1, 0.999999)).toBe(Math.floor(0.999999 * c));
      expect(backoffMs(i + 1, 0.5)).toBe(c / 2);
    });
    expect(backoffMs(1000, 0.999999)).toBeLessThan(BACKOFF_CAP_MS);
    expect(backoffMs(1, 0)).toBe(BACKOFF_FLOOR_MS);
    expect(backoffMs(1, Number.NaN)).toBe(BACKOFF_FLOOR_MS);
  });

  it('the first retry comes within about 2 s whatever the jitter', () => {
    for (const r of [0, 0.1, 0.5, 0.9, 0.999999]) expect(backoffMs(1, r)).toBeLessThanOrEqual(2_000);
  });

  it('repeated failures: the sequence of waits with fixed jitter, capped at 5 minutes', () => {
    let m = draining();
    const waits: number[] = [];
    for (let i = 0; i < 12; i++) {
      const failed = at(m, retry, 0.75);
      expect(failed.command.kind).toBe('wait');
      waits.push((failed.command as { ms: number }).ms);
      expect(failed.machine.phase).toEqual({ kind: 'backing-off', attempt: i + 1, untilMs: NOW + waits[i]! });
      const woke = at(failed.machine, { type: 'timer' });
      expect(woke.command).toEqual({ kind: 'send', limit: MAX_BATCH });
      m = woke.machine;
    }
    expect(waits).toEqual([1500, 3000, 6000, 12000, 24000, 48000, 96000, 192000, 225000, 225000, 225000, 225000]);
    // A success resets the exponent.
    const good = at(m, ok(MAX_BATCH));
    expect(good.machine.attempt).toBe(0);
    expect(at(good.machine, retry, 0.75).command).toEqual({ kind: 'wait', ms: 1500 });
  });

  it('triggers wait for the timer (the backoff protects the server)', () => {
    for (const reason of ['record', 'start', 'interval'] as const) {
      const s = at(backingOff(), trigger(reason));
      expect(s).toEqual({ machine: backingOff(), command: { kind: 'none' } });
    }
    expect(at(backingOff(), { type: 'reenrolled' }).command.kind).toBe('none');
    expect(at(backingOff(), ok(1)).command.kind).toBe('none');
  });

  it('the timer sends again', () => {
    const s = at(backingOff(2), { type: 'timer' });
    expect(s.command).toEqual({ kind: 'send', limit: MAX_BATCH });
    expect(s.machine.attempt).toBe(2);
  });

  it('the network coming back retries at once', () => {
    const s = at(backingOff(5), { type: 'online' });
    expect(s.command.kind).toBe('send');
  });

  it('offline while backing off: offline, timer cancelled', () => {
    const s = at(backingOff(), { type: 'offline' });
    expect(s.machine.phase.kind).toBe('offline');
    expect(s.command).toEqual({ kind: 'idle' });
  });

  it('a timer that fires after the network went away goes offline', () => {
    const m = { ...backingOff(), online: false };
    expect(at(m, { type: 'timer' }).machine.phase.kind).toBe('offline');
  });

  it('401 while backing off stops', () => {
    expect(at(backingOff(), { type: 'unauthorized' }).command).toEqual({ kind: 'unauthorized' });
  });
});

describe('drain machine: offline', () => {
  it('waits for the network, whatever triggers', () => {
    for (const e of [trigger('record'), trigger('start'), trigger('interval'), { type: 'timer' } as const, { type: 'reenrolled' } as const, ok(1), { type: 'offline' } as const]) {
      const s = at(offline(), e);
      expect(s.machine.phase.kind).toBe('offline');
      expect(['none', 'idle']).toContain(s.command.kind);
    }
  });

  it('a trigger saying the network is back counts as the network coming back, here and while backing off', () => {
    expect(at(offline(), trigger('online'))).toEqual({ machine: inPhase({ kind: 'draining' }), command: { kind: 'send', limit: MAX_BATCH } });
    expect(at(backingOff(3), trigger('online')).command).toEqual({ kind: 'send', limit: MAX_BATCH });
  });

  it('online resumes at once', () => {
    const s = at(offline(), { type: 'online' });
    expect(s.command).toEqual({ kind: 'send', limit: MAX_BATCH });
    expect(s.machine.online).toBe(true);
  });

  it('a retryable failure while the network is down waits for it, not a timer', () => {
    const s = at(draining({ online: false }), retry);
    expect(s.machine.phase.kind).toBe('offline');
    expect(s.command).toEqual({ kind: 'idle' });
  });
});

describe('drain machine: 413', () => {
  it('halves the batch and retries at once, down to 1', () => {
    let m = draining();
    const sizes: number[] = [];
    while (m.batchSize > 1) {
      const s = at(m, result({ kind: 'too-large' }));
      expect(s.command.kind).toBe('send');
      sizes.push((s.command as { limit: number }).limit);
      m = s.machine;
    }
    expect(sizes).toEqual([250, 125, 62, 31, 15, 7, 3, 1]);
    expect(m.attempt).toBe(0);
  });

  it('at size 1 it backs off rather than spin', () => {
    const s = at(draining({ batchSize: 1 }), result({ kind: 'too-large' }), 0.5);
    expect(s.command).toEqual({ kind: 'wait', ms: 1000 });
    expect(s.machine.batchSize).toBe(1);
  });

  it('recovers: doubles after RECOVER_AFTER successes in a row, up to MAX_BATCH', () => {
    let m = at(draining(), result({ kind: 'too-large' })).machine;
    m = at(m, result({ kind: 'too-large' })).machine;
    expect(m.batchSize).toBe(125);
    const sizes: number[] = [];
    for (let i = 0; i < 3 * RECOVER_AFTER + 2; i++) {
      const s = at(m, ok(m.batchSize, m.batchSize));
      m = s.machine;
      sizes.push((s.command as { limit: number }).limit);
    }
    expect(sizes).toEqual([125, 125, 125, 250, 250, 250, 250, 500, 500, 500, 500, 500, 500, 500]);
  });

  it('a failure interrupts the recovery streak', () => {
    let m = draining({ batchSize: 125, okStreak: RECOVER_AFTER - 1 });
    m = at(m, retry).machine;
    m = at(m, { type: 'timer' }).machine;
    expect(at(m, ok(125, 125)).machine.batchSize).toBe(125);
  });

  it('the next drain starts at the full size again', () => {
    const s = at(draining({ batchSize: 62 }), ok(10, 62));
    expect(s.machine.batchSize).toBe(MAX_BATCH);
    expect(at(s.machine, trigger()).command).toEqual({ kind: 'send', limit: MAX_BATCH });
  });

  it('413 with the network gone halves and waits offline', () => {
    const s = at(draining({ online: false }), result({ kind: 'too-large' }));
    expect(s.machine).toMatchObject({ phase: { kind: 'offline' }, batchSize: 250 });
  });
});

describe('drain machine: stopped-unauthorized', () => {
  it('ignores triggers, timers and results; keeps track of the network', () => {
    for (const e of [trigger('record'), trigger('start'), trigger('interval'), { type: 'timer' } as const, ok(1), retry, { type: 'unauthorized' } as const]) {
      expect(at(stopped(), e)).toEqual({ machine: stopped(), command: { kind: 'none' } });
    }
    expect(at(stopped(), { type: 'offline' }).machine).toEqual(stopped(false));
    expect(at(stopped(false), { type: 'online' }).machine).toEqual(stopped(true));
    expect(at(stopped(false), trigger('online')).machine).toEqual(stopped(true));
  });

  it('a trigger that is not the network coming back leaves the known network as it is', () => {
    for (const reason of ['record', 'start', 'interval'] as const) expect(at(stopped(false), trigger(reason)).machine).toEqual(stopped(false));
  });

  it('a re-enrolment with the network down waits offline, keeping the batch size and clearing the failures', () => {
    expect(at({ ...stopped(false), attempt: 3, batchSize: 7 }, { type: 'reenrolled' })).toEqual({
      machine: inPhase({ kind: 'offline' }, { online: false, attempt: 0, batchSize: 7 }),
      command: { kind: 'idle' },
    });
  });

  it('a re-enrolment sends again (or waits for the network)', () => {
    const s = at({ ...stopped(), attempt: 4, batchSize: 7 }, { type: 'reenrolled' });
    expect(s.command).toEqual({ kind: 'send', limit: MAX_BATCH });
    expect(s.machine.attempt).toBe(0);
    expect(at(stopped(false), { type: 'reenrolled' }).machine.phase.kind).toBe('offline');
  });

  it('is reached from every phase by a 401 outside uploads', () => {
    for (const m of [idle(), draining(), backingOff(), offline()]) expect(at(m, { type: 'unauthorized' }).machine.phase.kind).toBe('stopped-unauthorized');
  });
});

describe('partitionResults', () => {
  const ids = ['a', 'b', 'c', 'd'];
  it('stored and duplicate upload; conflict and invalid need attention with the server\'s words', () => {
    expect(
      partitionResults(ids, [
        { id: 'a', status: 'stored' },
        { id: 'b', status: 'duplicate' },
        { id: 'c', status: 'conflict', error: 'seq 3 is held under another id' },
        { id: 'd', status: 'invalid' },
      ]),
    ).toEqual({
      uploaded: ['a', 'b'],
      attention: [
        { id: 'c', error: 'seq 3 is held under another id' },
        { id: 'd', error: 'invalid: the server refused this record' },
      ],
    });
  });

  it('refuses anything but one known result per record, in order', () => {
    const good = ids.map((id) => ({ id, status: 'stored' }));
    expect(partitionResults(ids, good)).not.toBeNull();
    expect(partitionResults(ids, good.slice(1))).toBeNull();
    expect(partitionResults(ids, [...good, { id: 'e', status: 'stored' }])).toBeNull();
    expect(partitionResults(ids, [good[1], good[0], good[2], good[3]])).toBeNull();
    expect(partitionResults(ids, [{ id: 'a', status: 'ok' }, ...good.slice(1)])).toBeNull();
    expect(partitionResults(ids, [{ id: 'a', status: 'invalid', error: 7 }, ...good.slice(1)])).toBeNull();
    expect(partitionResults(ids, [null, ...good.slice(1)])).toBeNull();
    expect(partitionResults(ids, { results: good })).toBeNull();
    expect(partitionResults(ids, undefined)).toBeNull();
  });

  it('refuses a missing result, and takes a result whose error is null', () => {
    expect(partitionResults(['a'], [undefined])).toBeNull();
    expect(partitionResults(['a'], [{ id: 'a', status: 'stored', error: null }])).toEqual({ uploaded: ['a'], attention: [] });
  });

  it('puts a refusal without words (or with empty ones) into words of its own', () => {
    expect(partitionResults(['a', 'b', 'c'], [{ id: 'a', status: 'conflict' }, { id: 'b', status: 'conflict', error: '' }, { id: 'c', status: 'invalid', error: '' }])).toEqual({
      uploaded: [],
      attention: [
        { id: 'a', error: 'conflict: the server holds different content for this record' },
        { id: 'b', error: 'conflict: the server holds different content for this record' },
        { id: 'c', error: 'invalid: the server refused this record' },
      ],
    });
  });

  it('an empty batch has empty results', () => {
    expect(partitionResults([], [])).toEqual({ uploaded: [], attention: [] });
  });
});

it('context is used for the deadline', () => {
  const s = step(draining(), retry, { ...ctx, random: 0 });
  expect(s.machine.phase).toEqual({ kind: 'backing-off', attempt: 1, untilMs: NOW + BACKOFF_FLOOR_MS });
});

describe('outcomeOfError', () => {
  it('reads a refused token and a too-large batch as such, and the rest as a retry saying why, with the wait the server asked for', () => {
    expect(outcomeOfError('unauthorized', 'revoked')).toEqual({ kind: 'unauthorized' });
    expect(outcomeOfError('too-large', 'big')).toEqual({ kind: 'too-large' });
    expect(outcomeOfError('server', 'HTTP 503')).toStrictEqual({ kind: 'retry', why: 'server: HTTP 503' });
    expect(outcomeOfError('rate-limited', 'daily cap', 30_000)).toStrictEqual({ kind: 'retry', why: 'rate-limited: daily cap', waitMs: 30_000 });
  });
});

it('an empty queue leaves the machine as a fresh idle one', () => {
  expect(at(draining({ attempt: 2 }), result({ kind: 'empty' }))).toEqual({ machine: idle(), command: { kind: 'idle' } });
});
