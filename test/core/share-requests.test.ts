// What a desk may send to POST /v1/shares and what it may apply of the answer (src/core/share-requests.ts):
// each refusal names what is wrong, and the edges of every number are exact.

import { describe, expect, it } from 'vitest';
import { dayPool, eventPool } from '../../src/core/quota-pools.ts';
import type { ShareAnswer, ShareAsk, ShareRelease } from '../../src/core/share-requests.ts';
import { MAX_SHARE_POOLS, shareAnswerProblem, shareRequestProblem } from '../../src/core/share-requests.ts';

const POOL = eventPool('hamlet');
const DAY = dayPool(20779);
const MAX_TICKETS = 1_000_000;
const MAX_REV = 2 ** 31 - 1;

const ask = (over: Partial<ShareAsk> = {}): ShareAsk => ({ pool: POOL, rev: 0, held: 0, used: 0, need: 0, fill: true, ...over });
const release = (over: Partial<ShareRelease> = {}): ShareRelease => ({ deviceId: 'desk-2', name: 'Box office', tickets: 4, atMs: 1_795_000_000_000, ...over });
const answer = (over: Partial<ShareAnswer> = {}): ShareAnswer => ({
  pool: POOL,
  status: 'granted',
  rev: 1,
  granted: 3,
  fair: 5,
  unheld: 2,
  othersHold: 4,
  otherDesks: 1,
  giveBack: false,
  release: null,
  ...over,
});

describe('shareRequestProblem', () => {
  const BODY = 'the body must be {"pools": [...]}';

  it('accepts a well-formed request, and the largest numbers a desk may name', () => {
    expect(shareRequestProblem({ pools: [ask()] })).toBeNull();
    expect(shareRequestProblem({ pools: [ask({ rev: MAX_REV, held: MAX_TICKETS, used: MAX_TICKETS, need: MAX_TICKETS, fill: false })] })).toBeNull();
  });

  it('refuses a body that is not an object holding a list of pools', () => {
    for (const body of [null, undefined, 5, 'pools', true, [], [ask()], {}, { pools: 'x' }, { pools: null }]) expect(shareRequestProblem(body)).toBe(BODY);
  });

  it('refuses a list or a function as the body even when it carries a "pools" list', () => {
    expect(shareRequestProblem(Object.assign([], { pools: [ask()] }))).toBe(BODY);
    expect(shareRequestProblem(Object.assign(() => null, { pools: [ask()] }))).toBe(BODY);
  });

  it(`takes up to ${MAX_SHARE_POOLS} pools a request and says how many too many came`, () => {
    const days = (n: number) => Array.from({ length: n }, (_, i) => ask({ pool: dayPool(i) }));
    expect(shareRequestProblem({ pools: days(MAX_SHARE_POOLS) })).toBeNull();
    expect(shareRequestProblem({ pools: days(MAX_SHARE_POOLS + 1) })).toBe(`at most 20 pools a request, not 21`);
  });

  it('names the pool entry that is not an object, by its place in the list', () => {
    for (const p of [null, 7, 'event:hamlet', [], [ask()]]) expect(shareRequestProblem({ pools: [ask({ pool: DAY }), p] })).toBe('pools[1] must be an object');
  });

  it('names the entry and field of a bad pool key or a pool named twice', () => {
    expect(shareRequestProblem({ pools: [ask({ pool: 'x' })] })).toBe('pools[0].pool must be "event:<event id>" or "day:<day number>"');
    expect(shareRequestProblem({ pools: [ask(), ask({ pool: DAY }), ask()] })).toBe('pools[2].pool is named twice');
  });

  it('refuses a revision that is negative, fractional, not a number or beyond the largest', () => {
    for (const rev of [-1, 0.5, '1', null, MAX_REV + 1]) {
      expect(shareRequestProblem({ pools: [ask({ pool: DAY }), { ...ask(), rev }] })).toBe('pools[1].rev must be a whole number, 0 or more');
    }
  });

  it('refuses ticket counts outside 0 to a million, naming the field', () => {
    for (const k of ['held', 'used', 'need'] as const) {
      for (const v of [-1, 2.5, '3', MAX_TICKETS + 1]) expect(shareRequestProblem({ pools: [{ ...ask(), [k]: v }] })).toBe(`pools[0].${k} must be a whole number of 0-1000000`);
    }
  });

  it('refuses a "fill" that is not true or false', () => {
    expect(shareRequestProblem({ pools: [{ ...ask(), fill: 'yes' }] })).toBe('pools[0].fill must be true or false');
  });
});

describe('shareAnswerProblem', () => {
  const asked = [ask(), ask({ pool: DAY })];
  const both = (second: unknown = answer({ pool: DAY })) => ({ pools: [answer(), second] });
  const RELEASE = '"release" is not a release';

  it('applies a well-formed answer of each status, with or without a release', () => {
    for (const status of ['granted', 'stale', 'released', 'closed'] as const) expect(shareAnswerProblem(both(answer({ pool: DAY, status })), asked)).toBeNull();
    expect(shareAnswerProblem(both(answer({ pool: DAY, status: 'released', release: release() })), asked)).toBeNull();
    expect(shareAnswerProblem({ pools: [] }, [])).toBeNull();
  });

  it('applies the largest revision and counts, and a release of a million tickets', () => {
    const big = answer({ pool: DAY, rev: MAX_REV, granted: MAX_REV, fair: MAX_REV, unheld: MAX_REV, othersHold: MAX_REV, otherDesks: MAX_REV, giveBack: true, release: release({ tickets: MAX_TICKETS, atMs: 0 }) });
    expect(shareAnswerProblem(both(big), asked)).toBeNull();
  });

  it('wants one answer per pool asked', () => {
    const ONE = 'one answer per pool asked';
    for (const body of [null, undefined, 5, {}, { pools: null }, { pools: 'x' }]) {
      expect(shareAnswerProblem(body, asked)).toBe(ONE);
      expect(shareAnswerProblem(body, [])).toBe(ONE);
    }
    expect(shareAnswerProblem({ pools: [answer()] }, asked)).toBe(ONE);
    expect(shareAnswerProblem({ pools: [] }, asked)).toBe(ONE);
    expect(shareAnswerProblem({ pools: [answer(), answer({ pool: DAY }), answer()] }, asked)).toBe(ONE);
  });

  it('wants the answers in the order asked', () => {
    const ORDER = 'the answers are not in the order asked';
    expect(shareAnswerProblem({ pools: [answer({ pool: DAY }), answer()] }, asked)).toBe(ORDER);
    expect(shareAnswerProblem(both(null), asked)).toBe(ORDER);
    expect(shareAnswerProblem(both(answer()), asked)).toBe(ORDER);
  });

  it('refuses a status it does not know', () => {
    for (const status of ['', 'open', 'GRANTED', undefined]) expect(shareAnswerProblem(both({ ...answer({ pool: DAY }), status }), asked)).toBe('an unknown status');
  });

  it('names a figure that is not a whole number of 0 or more', () => {
    for (const k of ['rev', 'granted', 'fair', 'unheld', 'othersHold', 'otherDesks'] as const) {
      for (const v of [-1, 1.5, '2', null, MAX_REV + 1]) expect(shareAnswerProblem(both({ ...answer({ pool: DAY }), [k]: v }), asked)).toBe(`"${k}" is not a whole number`);
    }
  });

  it('refuses a "giveBack" that is not true or false', () => {
    for (const giveBack of [undefined, 'false', 0]) expect(shareAnswerProblem(both({ ...answer({ pool: DAY }), giveBack }), asked)).toBe('"giveBack" is not true or false');
  });

  it('refuses a missing or non-object release', () => {
    const { release: _, ...noRelease } = answer({ pool: DAY });
    expect(shareAnswerProblem(both(noRelease), asked)).toBe(RELEASE);
    for (const r of [undefined, 'desk-2', 4]) expect(shareAnswerProblem(both({ ...answer({ pool: DAY }), release: r }), asked)).toBe(RELEASE);
  });

  it('refuses a release with any one field wrong', () => {
    const bad: Record<string, unknown[]> = {
      deviceId: [undefined, 2],
      name: [undefined, null],
      tickets: [-1, 1.5, '4', MAX_TICKETS + 1],
      atMs: [NaN, Infinity, '1795000000000', undefined],
    };
    for (const [k, values] of Object.entries(bad)) {
      for (const v of values) expect(shareAnswerProblem(both(answer({ pool: DAY, release: { ...release(), [k]: v } as ShareRelease })), asked), `${k}: ${String(v)}`).toBe(RELEASE);
    }
  });
});
