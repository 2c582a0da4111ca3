// Undo at the desk: a void for this desk's latest admission today, named before and after, and
// the card's limit freed again. Declines are facts and are never undone.

import { describe, expect, it } from 'vitest';
import { CARD, desk, venue } from './session-fixture.ts';

const one = { adults: 1, children: 0, assistants: 0 };

describe('undo', () => {
  it('voids the last use of today, then there is nothing left to undo', async () => {
    const { session, store } = await desk();
    await session.flow.check(CARD.family, 'typed');
    await session.flow.confirm(one);
    expect(await session.undo.last()).toBe(true);
    const batch = await store.nextBatch();
    expect(batch[1]).toMatchObject({ outcome: 'void', voids: batch[0]!.id, adults: 0, children: 0, assistants: 0, eventId: 'e1', cardId: CARD.family });
    expect(await session.undo.last()).toBe(false);
    expect(session.snapshot.notice?.key).toBe('undo.nothing');
  });

  it('takes back the latest admission first, names it, and clears the screen; the button then names the one before', async () => {
    const { session } = await desk();
    await session.flow.check(CARD.family, 'typed');
    await session.flow.confirm({ adults: 1, children: 2, assistants: 0 });
    await session.flow.check(CARD.holderOnly, 'typed');
    await session.flow.confirm(one);
    expect(session.snapshot.undoable).toMatchObject({ cardId: CARD.holderOnly });
    expect(await session.undo.last()).toBe(true);
    expect(session.snapshot).toMatchObject({
      verdict: { kind: 'idle' },
      notice: { tone: 'info', key: 'undo.done', params: { card: CARD.holderOnly, event: 'Event', adults: 1, children: 0, assistants: 0 } },
      undoable: { cardId: CARD.family },
      pending: 3,
    });
    expect(session.undo.describe(session.snapshot.undoable!)).toEqual({ card: CARD.family, event: 'Event', adults: 1, children: 2, assistants: 0 });
  });

  it('frees the card\'s limit and the event\'s ticket again', async () => {
    const { session } = await desk();
    await session.flow.check(CARD.family, 'typed');
    await session.flow.confirm(one);
    expect(session.snapshot.standing).toMatchObject({ eventLeft: 4 });
    await session.undo.last();
    expect(session.snapshot.standing).toMatchObject({ eventLeft: 5 });
    await session.flow.check(CARD.family, 'typed');
    expect(session.snapshot.verdict).toMatchObject({ kind: 'accepted', ticketsLeft: 5 });
  });

  it('never voids a decline: after an admission and a refused card, it is the admission that goes', async () => {
    const { session, records } = await desk();
    await session.flow.check(CARD.family, 'typed');
    await session.flow.confirm(one);
    await session.flow.check(CARD.expired, 'typed');
    expect(await session.undo.last()).toBe(true);
    const [use, decline, void_] = await records();
    expect([use!.outcome, decline!.outcome, void_!.outcome]).toEqual(['redeemed', 'declined', 'void']);
    expect(void_!.voids).toBe(use!.id);
    expect(await session.undo.last()).toBe(false);
  });

  it('names an admission by its event id when the event has left the venue settings since', async () => {
    const { session } = await desk();
    await session.flow.check(CARD.family, 'typed');
    await session.flow.confirm(one);
    await session.server.venueSaved(venue({ events: [] }));
    expect(session.undo.describe(session.snapshot.undoable!)).toMatchObject({ card: CARD.family, event: 'e1' });
    expect(await session.undo.last()).toBe(true);
    expect(session.snapshot.notice).toMatchObject({ key: 'undo.done', params: { card: CARD.family, event: 'e1' } });
  });

  it('on a desk not enrolled yet there is nothing to undo', async () => {
    const { session, store } = await desk(venue(), { enrolled: false });
    expect(await session.undo.last()).toBe(false);
    expect(await store.pendingCount()).toBe(0);
  });

  it('a storage failure while undoing is a notice, and the admission still stands', async () => {
    const { session, store } = await desk();
    await session.flow.check(CARD.family, 'typed');
    await session.flow.confirm(one);
    store.appendRecord = () => Promise.reject(new Error('broken'));
    expect(await session.undo.last()).toBe(false);
    expect(session.snapshot).toMatchObject({ verdict: { kind: 'redeemed' }, notice: { tone: 'error', key: 'storage.error', params: { message: 'broken' } }, undoable: { cardId: CARD.family } });
  });
});
