// A card at the desk, from scan to verdict, as staff see it: what the screen says, and which
// records are kept. Double confirms, overrides, fast mode, a rejection at confirm and the declines.

import { describe, expect, it } from 'vitest';
import type { RedemptionRecord } from '../../src/core/record.ts';
import { StorageError } from '../../src/storage/storage-error.ts';
import { FROM_REGISTER, aRecord } from '../support/records.ts';
import { anEvent } from '../support/venues.ts';
import { readTestFile } from '../support/vectors.ts';
import { CARD, NOW, bundleText, desk, venue } from './session-fixture.ts';

const one = { adults: 1, children: 0, assistants: 0 };
const facts = (records: RedemptionRecord[]) => records.map((r) => [r.outcome, r.source, r.reason, r.cardId]);

describe('check', () => {
  it('records a decline once for a card rejection, and nothing for noise', async () => {
    const { session, store } = await desk();
    await session.flow.check('hi!', 'typed');
    await session.flow.check('KK1.AAAA', 'typed');
    expect(await store.pendingCount()).toBe(0);
    await session.flow.check(CARD.expired, 'typed');
    expect(session.snapshot.verdict).toMatchObject({ kind: 'rejected', reason: 'expired' });
    const [declined] = await store.nextBatch();
    expect(declined).toMatchObject({ outcome: 'declined', reason: 'expired', cardId: CARD.expired, adults: 1, children: 0, assistants: 0, eventId: 'e1', source: 'register', seq: 1 });
  });

  it('records a decline for every refusal of a card it could read: unknown key, bad signature, key not valid, revoked, not yet valid, expired, not registered', async () => {
    const { session, records } = await desk();
    const cases = (JSON.parse(readTestFile('vectors/card-codes.json')) as { cases: { input: string; expect: { verdict: string; reason?: string } }[] }).cases;
    const reasons = ['unknown-key', 'bad-signature', 'key-not-valid', 'revoked', 'not-yet-valid', 'expired'];
    for (const reason of reasons) {
      const code = cases.find((c) => c.expect.verdict === 'rejected' && c.expect.reason === reason && c.input.startsWith('KK1.'))!;
      await session.flow.check(code.input, 'camera');
      expect(session.snapshot.verdict).toMatchObject({ kind: 'rejected', reason });
    }
    await session.flow.check(CARD.notRegistered, 'typed');
    expect((await records()).map((r) => [r.outcome, r.reason])).toEqual([...reasons, 'not-registered'].map((reason) => ['declined', reason]));
  });

  it('a revoked card is a decline too, and is not overridable', async () => {
    const { session, records } = await desk();
    await session.flow.check(CARD.revoked, 'typed');
    expect(session.snapshot.verdict).toMatchObject({ kind: 'rejected', reason: 'revoked', overridable: false });
    expect(facts(await records())).toEqual([['declined', 'register', 'revoked', CARD.revoked]]);
  });

  it('a card refused by the limits at scan is recorded as a decline with the limit as its reason', async () => {
    const { session, records } = await desk();
    await session.flow.check(CARD.family, 'typed');
    await session.flow.confirm(one);
    await session.flow.check(CARD.family, 'wedge');
    expect(session.snapshot.verdict).toMatchObject({ kind: 'rejected', reason: 'card-limit', overridable: false });
    expect(facts(await records())).toEqual([
      ['redeemed', 'register', null, CARD.family],
      ['declined', 'register', 'card-limit', CARD.family],
    ]);
  });

  it('a desk without its offline data yet refuses every card as no-bundle, and records nothing', async () => {
    const { session, store } = await desk(venue(), { bundle: false });
    expect(session.snapshot).toMatchObject({ bundle: null, eventId: 'e1' });
    await session.flow.check(CARD.family, 'typed');
    expect(session.snapshot.verdict).toMatchObject({ kind: 'rejected', reason: 'no-bundle', overridable: false });
    expect(await store.pendingCount()).toBe(0);
  });

  it('with no event chosen the card is refused as no-event, and nothing is recorded', async () => {
    const { session, store } = await desk(venue({ events: [anEvent({ id: 'e1' }), anEvent({ id: 'e2', start: '20:00' })] }));
    expect(session.snapshot.eventId).toBeNull();
    await session.flow.check(CARD.expired, 'typed');
    await session.flow.check(CARD.family, 'typed');
    expect(session.snapshot.verdict).toMatchObject({ kind: 'rejected', reason: 'no-event' });
    expect(await store.pendingCount()).toBe(0);
  });

  it('a desk that kept an event choice but holds no venue settings refuses a card as no-event, and records nothing', async () => {
    const { session, store } = await desk(venue(), { enrolled: false, stored: (s) => s.setPref('eventId', 'e1') });
    await session.bundleFile.load(bundleText);
    expect(session.snapshot).toMatchObject({ eventId: 'e1', venue: null });
    await session.flow.check(CARD.family, 'typed');
    expect(session.snapshot.verdict).toMatchObject({ kind: 'rejected', reason: 'no-event' });
    expect(await store.pendingCount()).toBe(0);
  });

  it('suggests only for typed IDs', async () => {
    const { session } = await desk();
    await session.flow.check('NA9A5ONQ', 'typed');
    expect(session.snapshot.verdict).toMatchObject({ suggestions: [CARD.family] });
    await session.flow.check('NA9A5ONQ', 'wedge');
    expect(session.snapshot.verdict).toMatchObject({ suggestions: [] });
  });

  it('every verdict counts up the check number and goes on the recent list; check and confirm of one card are one line', async () => {
    const { session } = await desk();
    await session.flow.check(CARD.family, 'typed');
    expect(session.snapshot).toMatchObject({ checkNo: 1, busy: false, recent: [{ checkNo: 1, cardId: CARD.family, kind: 'accepted' }] });
    await session.flow.confirm(one);
    expect(session.snapshot.checkNo).toBe(2);
    expect(session.snapshot.recent).toEqual([{ checkNo: 2, atMs: NOW, cardId: CARD.family, kind: 'redeemed', reason: null }]);
    for (const id of [CARD.expired, CARD.revoked, CARD.notRegistered, 'hi!', CARD.holderOnly]) await session.flow.check(id, 'typed');
    expect(session.snapshot.checkNo).toBe(7);
    expect(session.snapshot.recent.map((r) => [r.cardId, r.kind])).toEqual([
      [CARD.holderOnly, 'accepted'],
      [null, 'rejected'],
      [CARD.notRegistered, 'rejected'],
      [CARD.revoked, 'rejected'],
      [CARD.expired, 'rejected'],
    ]);
  });
});

describe('confirm', () => {
  it('writes the use before saying redeemed; a refused confirm keeps the card', async () => {
    const { session, store } = await desk();
    await session.flow.check(CARD.family, 'typed');
    await session.flow.confirm({ adults: 1, children: 3, assistants: 0 });
    expect(session.snapshot.verdict).toMatchObject({ kind: 'accepted', confirmReason: 'children-limit' });
    expect(await store.pendingCount()).toBe(0);
    await session.flow.confirm({ adults: 1, children: 2, assistants: 1 });
    expect(session.snapshot.verdict.kind).toBe('redeemed');
    const [use] = await store.nextBatch();
    expect(use).toMatchObject({ outcome: 'redeemed', adults: 1, children: 2, assistants: 1, cardId: CARD.family, source: 'register', kid: null });
  });

  it('a plain card number is recorded without a key or an issue day, admitted or declined: only a code carries them', async () => {
    const { session, records } = await desk();
    await session.flow.check(CARD.family, 'typed');
    await session.flow.confirm(one);
    await session.flow.check(CARD.expired, 'typed');
    expect((await records()).map((r) => [r.outcome, r.source, r.kid, r.issued])).toEqual([
      ['redeemed', 'register', null, null],
      ['declined', 'register', null, null],
    ]);
  });

  it('a verified code records its key and issue day', async () => {
    const { session, store } = await desk();
    const code = JSON.parse(readTestFile('vectors/card-codes.json')).cases[0].input as string;
    await session.flow.check(code, 'camera');
    await session.flow.confirm(one);
    expect((await store.nextBatch())[0]).toMatchObject({ source: 'code', kid: 1, issued: 20749 });
  });

  it('a double Confirm while the first is still writing admits the card once', async () => {
    const { session, records } = await desk();
    await session.flow.check(CARD.family, 'typed');
    const [first, second] = await Promise.all([session.flow.confirm(one), session.flow.confirm(one)]);
    expect(first.kind).toBe('redeemed');
    expect(second).toMatchObject({ kind: 'accepted', confirmReason: null });
    expect(session.snapshot.verdict.kind).toBe('redeemed');
    expect(facts(await records())).toEqual([['redeemed', 'register', null, CARD.family]]);
    expect(session.snapshot).toMatchObject({ pending: 1, busy: false });
  });

  it('a Confirm after the use is written, or with no card on screen, changes nothing', async () => {
    const { session, records } = await desk();
    expect(await session.flow.confirm(one)).toEqual({ kind: 'idle' });
    await session.flow.check(CARD.family, 'typed');
    await session.flow.confirm(one);
    const checkNo = session.snapshot.checkNo;
    await session.flow.confirm(one);
    expect(session.snapshot).toMatchObject({ checkNo, verdict: { kind: 'redeemed' } });
    expect(await records()).toHaveLength(1);
  });

  it('a confirm refused because another desk took the last ticket meanwhile keeps the card on screen with the reason, and records nothing', async () => {
    const { session, store, records } = await desk(venue({ events: [anEvent({ id: 'e1', title: 'Event', quota: 1 })] }));
    await session.flow.check(CARD.holderOnly, 'typed');
    expect(session.snapshot.verdict).toMatchObject({ kind: 'accepted', ticketsLeft: 1 });
    // Meanwhile the last ticket went at another desk, and its use reached this one.
    await store.importRecords([aRecord({ ...FROM_REGISTER, deviceId: 'd2', seq: 1, venueId: 'v1', eventId: 'e1', at: new Date(NOW - 60_000).toISOString(), cardId: CARD.lastDay })]);
    const checkNo = session.snapshot.checkNo;
    await session.flow.confirm(one);
    expect(session.snapshot).toMatchObject({ checkNo: checkNo + 1, verdict: { kind: 'accepted', confirmReason: 'event-full', ticketsLeft: 0, check: { cardId: CARD.holderOnly } } });
    expect((await records()).filter((r) => r.deviceId === 'd1')).toEqual([]);
    expect(session.snapshot.recent[0]).toMatchObject({ cardId: CARD.holderOnly, kind: 'accepted', reason: 'event-full' });
  });

  it('a confirm whose share another tab handed out first decides again, and shows no storage error', async () => {
    const { session, store } = await desk();
    await session.flow.check(CARD.family, 'typed');
    store.appendRecord = () => Promise.reject(new StorageError('share-spent'));
    const view = await session.flow.confirm(one);
    expect(view.kind).toBe('accepted');
    expect(session.snapshot).toMatchObject({ verdict: { kind: 'accepted' }, busy: false, notice: null });
    expect(await store.pendingCount()).toBe(0);
  });

  it('a desk with venue settings stored but no enrolment admits nobody and writes nothing', async () => {
    const { session, store } = await desk(venue(), { enrolled: false, stored: (s) => s.putVenue({ settings: venue(), etag: null, fetchedAt: NOW }) });
    await session.bundleFile.load(bundleText);
    await session.flow.check(CARD.family, 'typed');
    expect(session.snapshot.verdict).toMatchObject({ kind: 'accepted', event: { id: 'e1' } });
    expect(await session.flow.confirm(one)).toMatchObject({ kind: 'accepted' });
    expect(await store.pendingCount()).toBe(0);
  });

  it('a storage failure at confirm is a notice, and the card is not shown as admitted', async () => {
    const { session, store } = await desk();
    await session.flow.check(CARD.family, 'typed');
    store.appendRecord = () => Promise.reject(Object.assign(new Error('disk full'), { kind: 'quota' }));
    const view = await session.flow.confirm(one);
    expect(view.kind).toBe('accepted');
    expect(session.snapshot).toMatchObject({ verdict: { kind: 'accepted' }, busy: false, notice: { tone: 'error', key: 'storage.quota', params: { message: 'disk full' } } });
    expect(await store.pendingCount()).toBe(0);
  });
});

describe('override', () => {
  it('resumes at the limits with the printed children, recorded as manual', async () => {
    const { session, store } = await desk();
    await session.flow.check(CARD.notRegistered, 'typed');
    expect(session.snapshot.verdict).toMatchObject({ kind: 'rejected', reason: 'not-registered', overridable: true });
    await session.flow.override(1);
    expect(session.snapshot.verdict).toMatchObject({ kind: 'accepted', check: { source: 'manual', children: 1 } });
    await session.flow.confirm({ adults: 1, children: 2, assistants: 0 });
    expect(session.snapshot.verdict).toMatchObject({ confirmReason: 'children-limit' });
    await session.flow.confirm({ adults: 1, children: 1, assistants: 0 });
    const batch = await store.nextBatch();
    expect(batch.map((r) => [r.outcome, r.source, r.reason])).toEqual([
      ['declined', 'register', 'not-registered'],
      ['redeemed', 'manual', null],
    ]);
  });

  it('an override the limits then refuse shows their reason and records no second decline for the scan', async () => {
    const { session, records } = await desk(venue({ events: [anEvent({ id: 'e1', title: 'Event', quota: 0 })] }));
    await session.flow.check(CARD.notRegistered, 'typed');
    expect(session.snapshot.verdict).toMatchObject({ kind: 'rejected', reason: 'not-registered', overridable: true });
    await session.flow.override(0);
    expect(session.snapshot.verdict).toMatchObject({ kind: 'rejected', reason: 'event-full', overridable: false, check: { source: 'manual' } });
    expect(facts(await records())).toEqual([['declined', 'register', 'not-registered', CARD.notRegistered]]);
  });

  it('the same unregistered card admitted once and scanned again is refused at its limit, one decline per scan', async () => {
    const { session, records } = await desk();
    await session.flow.check(CARD.notRegistered, 'typed');
    await session.flow.override(0);
    await session.flow.confirm(one);
    await session.flow.check(CARD.notRegistered, 'typed');
    await session.flow.override(0);
    expect(session.snapshot.verdict).toMatchObject({ kind: 'rejected', reason: 'card-limit' });
    expect(facts(await records())).toEqual([
      ['declined', 'register', 'not-registered', CARD.notRegistered],
      ['redeemed', 'manual', null, CARD.notRegistered],
      ['declined', 'register', 'not-registered', CARD.notRegistered],
    ]);
  });

  it('is not offered, and does nothing, where the venue does not allow it or the reason is another', async () => {
    const { session, records } = await desk(venue({ allowOverride: false }));
    await session.flow.check(CARD.notRegistered, 'typed');
    expect(session.snapshot.verdict).toMatchObject({ kind: 'rejected', reason: 'not-registered', overridable: false });
    await session.flow.override(0);
    await session.flow.check(CARD.expired, 'typed');
    await session.flow.override(0);
    expect(session.snapshot.verdict).toMatchObject({ kind: 'rejected', reason: 'expired' });
    expect(facts(await records()).map(([outcome, source]) => [outcome, source])).toEqual([
      ['declined', 'register'],
      ['declined', 'register'],
    ]);
  });

  it('keeps the printed children within 0..20, as whole children', async () => {
    const { session } = await desk();
    await session.flow.check(CARD.notRegistered, 'typed');
    await session.flow.override(25.7);
    expect(session.snapshot.verdict).toMatchObject({ kind: 'accepted', check: { children: 20 } });
  });
});

describe('fast mode', () => {
  it('confirms a holder-only personal card at once', async () => {
    const { session, store } = await desk(venue({ fastMode: true }));
    await session.flow.check(CARD.holderOnly, 'wedge');
    expect(session.snapshot.verdict.kind).toBe('redeemed');
    await session.flow.check(CARD.community, 'wedge');
    expect(session.snapshot.verdict.kind).toBe('accepted');
    expect(await store.pendingCount()).toBe(1);
  });

  it('writes the holder alone, and a family card still waits for its people', async () => {
    const { session, records } = await desk(venue({ fastMode: true }));
    await session.flow.check(CARD.holderOnly, 'camera');
    await session.flow.check(CARD.family, 'camera');
    expect(session.snapshot.verdict).toMatchObject({ kind: 'accepted', check: { cardId: CARD.family } });
    expect(await records()).toMatchObject([{ outcome: 'redeemed', cardId: CARD.holderOnly, adults: 1, children: 0, assistants: 0 }]);
  });

  it('a holder-only card at its limit is declined, not admitted again', async () => {
    const { session, records } = await desk(venue({ fastMode: true }));
    await session.flow.check(CARD.holderOnly, 'wedge');
    await session.flow.check(CARD.holderOnly, 'wedge');
    expect(session.snapshot.verdict).toMatchObject({ kind: 'rejected', reason: 'card-limit' });
    expect(facts(await records())).toEqual([
      ['redeemed', 'register', null, CARD.holderOnly],
      ['declined', 'register', 'card-limit', CARD.holderOnly],
    ]);
  });

  it('an overridden card with no children printed is admitted at once too, after its scan\'s decline', async () => {
    const { session, records } = await desk(venue({ fastMode: true }));
    await session.flow.check(CARD.notRegistered, 'typed');
    await session.flow.override(0);
    expect(session.snapshot.verdict).toMatchObject({ kind: 'redeemed', check: { source: 'manual' } });
    expect(facts(await records()).map(([outcome]) => outcome)).toEqual(['declined', 'redeemed']);
  });
});

describe('what the screen shows around a check', () => {
  it('is busy while it checks, and a new card clears the last notice', async () => {
    const { session } = await desk();
    session.notify({ tone: 'info', key: 'undo.nothing' });
    const busy: boolean[] = [];
    session.subscribe((s) => busy.push(s.busy));
    await session.flow.check(CARD.family, 'typed');
    expect(busy[0]).toBe(true);
    expect(session.snapshot).toMatchObject({ busy: false, notice: null });
  });

  it('says the offline data is stale on every verdict once the bundle has expired', async () => {
    const t = await desk();
    await t.session.flow.check(CARD.family, 'typed');
    expect(t.session.snapshot.verdict).toMatchObject({ check: { stale: false } });
    t.deps.now = () => Date.parse('2026-11-28T06:00:01.000Z');
    await t.session.flow.check(CARD.holderOnly, 'typed');
    expect(t.session.snapshot.verdict).toMatchObject({ kind: 'accepted', check: { stale: true } });
  });

  it('a desk with a bundle file but no venue settings yet refuses a card as no-event and offers no override', async () => {
    const { session, records } = await desk(venue(), { enrolled: false });
    await session.bundleFile.load(readTestFile('vectors/bundle.json'));
    await session.flow.check(CARD.family, 'typed');
    expect(session.snapshot.verdict).toMatchObject({ kind: 'rejected', reason: 'no-event' });
    await session.flow.check(CARD.notRegistered, 'typed');
    expect(session.snapshot.verdict).toMatchObject({ kind: 'rejected', reason: 'not-registered', overridable: false });
    expect(await records()).toEqual([]);
  });

  it('a card refused by the limits gets no suggestions of other card numbers', async () => {
    const { session } = await desk();
    await session.flow.check(CARD.family, 'typed');
    await session.flow.confirm(one);
    await session.flow.check(CARD.family, 'typed');
    expect(session.snapshot.verdict).toMatchObject({ kind: 'rejected', reason: 'card-limit', suggestions: [] });
  });

  it('a refused confirm shows the tickets left as they are now', async () => {
    const { session, store } = await desk();
    await session.flow.check(CARD.holderOnly, 'typed');
    expect(session.snapshot.verdict).toMatchObject({ kind: 'accepted', ticketsLeft: 5 });
    await store.importRecords([aRecord({ ...FROM_REGISTER, deviceId: 'd2', seq: 1, venueId: 'v1', eventId: 'e1', at: new Date(NOW - 60_000).toISOString(), cardId: CARD.lastDay })]);
    await session.flow.confirm({ adults: 1, children: 1, assistants: 0 });
    expect(session.snapshot.verdict).toMatchObject({ kind: 'accepted', confirmReason: 'children-limit', ticketsLeft: 4 });
  });

  it('an override of a card on screen that is not refused changes nothing; clear goes back to idle', async () => {
    const { session, records } = await desk();
    await session.flow.check(CARD.family, 'typed');
    const before = session.snapshot.verdict;
    expect(await session.flow.override(0)).toBe(before);
    expect(session.snapshot.verdict).toBe(before);
    await session.flow.clear();
    expect(session.snapshot.verdict).toEqual({ kind: 'idle' });
    expect(await records()).toEqual([]);
  });

  it('an override is busy while it runs, and the card it admits is accepted from a manual source', async () => {
    const { session } = await desk();
    await session.flow.check(CARD.notRegistered, 'typed');
    const busy: boolean[] = [];
    session.subscribe((s) => busy.push(s.busy));
    await session.flow.override(0);
    expect(busy[0]).toBe(true);
    expect(session.snapshot).toMatchObject({ busy: false, verdict: { kind: 'accepted', check: { verdict: 'accepted', reason: null, source: 'manual', kind: 0 } } });
  });
});
