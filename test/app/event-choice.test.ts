// The event the desk checks cards for: the choices staff see, the choice kept, and the default.

import { describe, expect, it } from 'vitest';
import { nobleEd25519 } from '../../src/core/ed25519-noble.ts';
import { rootConfig } from '../../src/core/roots.ts';
import { DeskSession } from '../../src/app/desk/desk-session.ts';
import { anEvent } from '../support/venues.ts';
import { desk, venue } from './session-fixture.ts';

const TODAY = 20779;
const ids = (t: { session: DeskSession }) => t.session.events.choices().map((e) => e.id);

describe('event choice', () => {
  it("offers today's admission first, then the events from today on by day and start time", async () => {
    const events = [
      anEvent({ id: 'tomorrow', day: TODAY + 1, start: '10:00' }),
      anEvent({ id: 'evening', day: TODAY, start: '19:00' }),
      anEvent({ id: 'matinee', day: TODAY, start: '13:00' }),
      anEvent({ id: 'yesterday', day: TODAY - 1 }),
    ];
    const t = await desk(venue({ events }));
    expect(ids(t)).toEqual(['admission-2026-11-22', 'matinee', 'evening', 'tomorrow']);
  });

  it('keeps a chosen event that is past, or another day\'s admission, among the choices', async () => {
    const t = await desk(venue({ events: [anEvent({ id: 'yesterday', day: TODAY - 1 }), anEvent({ id: 'e1', day: TODAY })] }));
    await t.session.events.choose('yesterday');
    expect(ids(t)).toEqual(['yesterday', 'admission-2026-11-22', 'e1']);
    await t.session.events.choose('admission-2026-11-21');
    expect(ids(t)).toEqual(['admission-2026-11-21', 'admission-2026-11-22', 'e1']);
  });

  it('has no choices before the venue settings came', async () => {
    const t = await desk(venue(), { enrolled: false });
    expect(t.session.events.choices()).toEqual([]);
    expect(t.session.events.current()).toBeNull();
  });

  it("chooses today's admission when today has no event staff can check for", async () => {
    for (const events of [[anEvent({ id: 'closed', day: TODAY, excluded: true })], [anEvent({ id: 'tomorrow', day: TODAY + 1 })], []]) {
      const t = await desk(venue({ events }));
      expect(t.session.snapshot.eventId).toBe('admission-2026-11-22');
    }
  });

  it('keeps the choice staff made across a restart, over the default', async () => {
    const t = await desk(venue({ events: [anEvent({ id: 'e1', day: TODAY })] }));
    expect(t.session.snapshot.eventId).toBe('e1');
    await t.session.events.choose('admission-2026-11-22');
    const again = new DeskSession({ ...t.deps, ed: nobleEd25519, roots: rootConfig(undefined), fetch: () => Promise.reject(new TypeError('offline')) });
    await again.start();
    expect(again.snapshot.eventId).toBe('admission-2026-11-22');
  });
});
