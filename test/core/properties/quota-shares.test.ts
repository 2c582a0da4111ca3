// Property tests of the quota shares (src/core/quota-pools.ts and the files it names): a server and 2-5 desks, each
// calling the core exactly as the reference server and the desk app do, run random interleavings of
// grants, spends, give-backs (idle, asked back), manual releases, undos, uploads, answers that are
// lost or arrive late, and desks going offline and coming back. Quotas of 0-50.
//
//   - the uses that stand never exceed the quota, whatever the interleaving;
//   - with every desk online, a desk is refused only when the tickets it needs are held by others
//     (never while tickets remain unheld).
//
// A failure prints fast-check's seed and the shrunk list of steps.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { RedemptionRecord } from '../../../src/core/record.ts';
import type { DeskShare } from '../../../src/core/desk-share.ts';
import { IDLE_MS, again, deskAsk, dueBack, gaveBack, settleAnswer } from '../../../src/core/desk-share.ts';
import { eventPool, poolTickets } from '../../../src/core/quota-pools.ts';
import type { PoolFlags, ShareRow } from '../../../src/core/share-grants.ts';
import { NO_FLAGS, answerAsk, outOf, releaseShare } from '../../../src/core/share-grants.ts';
import { heldFor, refillShare, spendShare } from '../../../src/core/share-holding.ts';
import type { ShareAsk } from '../../../src/core/share-requests.ts';
import { aRecord } from '../../support/records.ts';

const SEED = 20_261_122;
const RUNS = 400;
const POOL = eventPool('hamlet');
const START = Date.parse('2026-11-22T08:00:00.000Z');
/** The pool's last day is far off: lapsing is the server's test (answerAsk with no limit). */
const TERMS = (limit: number) => ({ limit, lastDay: 99_999 });

type Step =
  | { op: 'spend'; desk: number; tickets: number }
  | { op: 'poll'; desk: number }
  | { op: 'upload'; desk: number }
  | { op: 'offline'; desk: number }
  | { op: 'online'; desk: number }
  | { op: 'lose'; desk: number }
  | { op: 'delay'; desk: number }
  | { op: 'deliver'; desk: number }
  | { op: 'undo'; desk: number }
  | { op: 'release'; desk: number }
  | { op: 'time'; ms: number };

interface OwnRecord {
  record: RedemptionRecord;
  uploaded: boolean;
}

interface Desk {
  id: string;
  online: boolean;
  /** Released while away: never acts again, and what it had not uploaded is lost with it. */
  gone: boolean;
  share: DeskShare | undefined;
  records: OwnRecord[];
  /** A request sent and not answered yet, which the desk has given up waiting for. */
  late: ShareAsk | null;
}

class World {
  now = START;
  rows = new Map<string, ShareRow>();
  flags: PoolFlags = NO_FLAGS;
  known: RedemptionRecord[] = [];
  desks: Desk[];
  private seq = 0;
  refusedWhileUnheld: string | null = null;

  constructor(
    readonly quota: number,
    desks: number,
  ) {
    this.desks = Array.from({ length: desks }, (_, i) => ({ id: `d${i}`, online: true, gone: false, share: undefined, records: [], late: null }));
    // Every desk starts online, as after enrolment: it has heard from the server once.
    for (const d of this.desks) this.poll(d);
  }

  /** The server: one transaction over the pool, as the stores run answerAsk. */
  serve(deviceId: string, ask: ShareAsk) {
    const view = { key: POOL, limit: this.quota, uses: poolTickets(this.known, POOL), rows: [...this.rows.values()], flags: this.flags };
    const out = answerAsk(view, deviceId, ask, this.now);
    if (out.row) this.rows.set(deviceId, out.row);
    if (out.flags) this.flags = out.flags;
    return out.answer;
  }

  used(d: Desk): number {
    return poolTickets(
      d.records.map((r) => r.record),
      POOL,
    ).byDevice.get(d.id) ?? 0;
  }

  /** One round trip, answered and applied as the desk's keeper does; true when the desk should go again at once. */
  ask(d: Desk, need: number): boolean {
    if (d.share) d.share = gaveBack(d.share, dueBack(d.share, TERMS(this.quota), this.now));
    const ask = deskAsk(d.share, POOL, this.used(d), need);
    const answer = this.serve(d.id, ask);
    const settled = settleAnswer(d.share, ask, answer, this.now);
    if (settled) d.share = settled;
    return again(d.share, answer.status, TERMS(this.quota), this.now);
  }

  poll(d: Desk): void {
    for (let round = 0; round < 3 && this.ask(d, 0); round++);
  }

  spend(d: Desk, tickets: number): void {
    const before = heldFor(d.share, true)!;
    if (d.online && before < tickets) for (let round = 0; round < 3 && this.ask(d, tickets); round++);
    const held = heldFor(d.share, true);
    if (held === null) throw new Error('the pool has a quota: a share always applies');
    const spent = held >= tickets && d.share ? spendShare(d.share, tickets, this.now) : null;
    if (!spent) {
      if (this.desks.every((x) => x.online && !x.gone)) {
        const unheld = this.quota - this.trueUses() - this.desks.reduce((a, x) => a + (heldFor(x.share, true) ?? 0), 0);
        if (held + unheld >= tickets) this.refusedWhileUnheld = `${d.id} refused ${tickets} holding ${held} with ${unheld} unheld`;
      }
      return;
    }
    d.share = spent;
    const record = aRecord({ id: `R${++this.seq}`, deviceId: d.id, seq: this.seq, eventId: 'hamlet', at: new Date(this.now).toISOString(), adults: 1, children: tickets - 1 });
    d.records.push({ record, uploaded: false });
  }

  upload(d: Desk): void {
    for (const r of d.records) {
      if (r.uploaded) continue;
      this.known.push(r.record);
      r.uploaded = true;
    }
  }

  undo(d: Desk): void {
    const voided = new Set(d.records.filter((r) => r.record.outcome === 'void').map((r) => r.record.voids));
    const target = [...d.records].reverse().find((r) => r.record.outcome === 'redeemed' && !voided.has(r.record.id));
    if (!target) return;
    const record = aRecord({ ...target.record, id: `R${++this.seq}`, seq: this.seq, outcome: 'void', voids: target.record.id, adults: 0, children: 0 });
    d.records.push({ record, uploaded: false });
    if (d.share) d.share = refillShare(d.share, target.record.adults + target.record.children);
  }

  /**
   * The escrow's soundness, desk by desk: what the server counts a desk may still add is at least
   * what it holds plus what it handed out and the server has not seen. Null when it holds.
   */
  undercounted(): string | null {
    const uses = poolTickets(this.known, POOL);
    for (const d of this.desks.filter((x) => !x.gone)) {
      const row = this.rows.get(d.id);
      const counted = row ? outOf(row, uses) : 0;
      const truth = (heldFor(d.share, true) ?? 0) + this.used(d) - (uses.byDevice.get(d.id) ?? 0);
      if (counted < truth) return `the server counts ${counted} for ${d.id}, which may still add ${truth}`;
    }
    return null;
  }

  /** Every use that stands: what the server holds and what the desks still carry (a gone desk's is lost). */
  trueUses(): number {
    const carried = this.desks.filter((d) => !d.gone).flatMap((d) => d.records.filter((r) => !r.uploaded).map((r) => r.record));
    return poolTickets([...this.known, ...carried], POOL).total;
  }

  run(step: Step): void {
    if (step.op === 'time') {
      this.now += step.ms;
      return;
    }
    const d = this.desks[step.desk % this.desks.length]!;
    if (d.gone) return;
    switch (step.op) {
      case 'spend':
        return this.spend(d, step.tickets);
      case 'undo':
        return this.undo(d);
      case 'offline':
        d.online = false;
        return;
      case 'online':
        if (d.online) return;
        d.online = true;
        this.upload(d);
        return this.poll(d);
      case 'release':
        // A manager releases the share of a desk that is away for good (a broken tablet).
        if (d.online) return;
        d.gone = true;
        {
          const view = { key: POOL, limit: this.quota, uses: poolTickets(this.known, POOL), rows: [...this.rows.values()], flags: this.flags };
          const out = releaseShare(view, { deviceId: d.id, name: d.id }, this.now);
          if (out) {
            this.rows.set(d.id, out.row);
            this.flags = out.flags;
          }
        }
        return;
    }
    if (!d.online) return;
    switch (step.op) {
      case 'poll':
        return this.poll(d);
      case 'upload':
        return this.upload(d);
      case 'lose': {
        // The server answers, the answer never arrives.
        if (d.share) d.share = gaveBack(d.share, dueBack(d.share, TERMS(this.quota), this.now));
        this.serve(d.id, deskAsk(d.share, POOL, this.used(d), 0));
        return;
      }
      case 'delay':
        d.late = deskAsk(d.share, POOL, this.used(d), 1);
        return;
      case 'deliver':
        if (d.late) this.serve(d.id, d.late);
        d.late = null;
        return;
    }
  }
}

const desk = fc.nat(4);
const anyStep: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('spend' as const), desk, tickets: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('poll' as const), desk }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('upload' as const), desk }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('offline' as const), desk }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('online' as const), desk }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('lose' as const), desk }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('delay' as const), desk }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('deliver' as const), desk }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('undo' as const), desk }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('release' as const), desk }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('time' as const), ms: fc.integer({ min: 0, max: IDLE_MS + 60_000 }) }) },
);
/** Every desk stays online, every answer arrives, nobody undoes: the server knows exactly what each desk holds. */
const onlineStep: fc.Arbitrary<Step> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ op: fc.constant('spend' as const), desk, tickets: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('poll' as const), desk }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('upload' as const), desk }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('time' as const), ms: fc.integer({ min: 0, max: IDLE_MS + 60_000 }) }) },
);

const world = (steps: fc.Arbitrary<Step>) => fc.record({ quota: fc.integer({ min: 0, max: 50 }), desks: fc.integer({ min: 2, max: 5 }), steps: fc.array(steps, { maxLength: 120 }) });

describe('quota shares: the state machine under random interleavings', () => {
  it('the uses that stand never exceed the quota, online or off', () => {
    fc.assert(
      fc.property(world(anyStep), ({ quota, desks, steps }) => {
        const w = new World(quota, desks);
        for (const step of steps) {
          w.run(step);
          expect(w.trueUses()).toBeLessThanOrEqual(quota);
          expect(w.undercounted()).toBeNull();
        }
        // Everyone back and uploaded: the server holds them all, still within the quota.
        for (const d of w.desks.filter((x) => !x.gone)) w.run({ op: 'online', desk: w.desks.indexOf(d) });
        expect(poolTickets(w.known, POOL).total).toBeLessThanOrEqual(quota);
      }),
      { seed: SEED, numRuns: RUNS, verbose: 1 },
    );
  });

  it('with every desk online, a desk is never refused while tickets remain unheld', () => {
    fc.assert(
      fc.property(world(onlineStep), ({ quota, desks, steps }) => {
        const w = new World(quota, desks);
        for (const step of steps) {
          w.run(step);
          expect(w.refusedWhileUnheld).toBeNull();
        }
      }),
      { seed: SEED, numRuns: RUNS, verbose: 1 },
    );
  });

  it('online, one desk can hand out the whole quota while the others hold shares', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 2, max: 5 }), (quota, desks) => {
        const w = new World(quota, desks);
        const seller = w.desks[desks - 1]!;
        // The seller runs dry while the others sit on shares; they give back when they next poll.
        for (let i = 0; i < quota * 2 && w.trueUses() < quota; i++) {
          w.spend(seller, 1);
          for (const d of w.desks) if (d !== seller) w.poll(d);
        }
        expect(w.trueUses()).toBe(quota);
      }),
      { seed: SEED, numRuns: 100, verbose: 1 },
    );
  });
});
