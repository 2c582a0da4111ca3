// The figures on the desk's idle screen about quota shares: what the desk holds of the chosen
// event's quotas, and whether the server has answered for each of them yet (else the screen says
// the desk holds nothing it has heard of).

import { describe, expect, it } from 'vitest';
import { venue } from './session-fixture.ts';
import { sharingDesk } from './share-server.ts';

// The desk is at event e1 (quota 5); its server fills each share up to 3.
describe('desk counts: quota shares on the idle screen', () => {
  it('a desk whose server has answered for the event quota shows what it holds, as heard', async () => {
    const { session } = await sharingDesk();
    expect(session.snapshot.standing).toMatchObject({ event: { id: 'e1' }, eventLeft: 5, dayLeft: null, held: 3, heldHeard: true });
  });

  it('with an event quota and a day quota both answered, the desk shows the smaller holding, as heard', async () => {
    const { session } = await sharingDesk(venue({ dayQuota: 40 }));
    expect(session.snapshot.standing).toMatchObject({ eventLeft: 5, dayLeft: 40, held: 3, heldHeard: true });
  });

  it('a day quota added after the last answer is not heard of yet: the desk holds none of it until the next round', async () => {
    const { session } = await sharingDesk();
    await session.server.venueSaved(venue({ dayQuota: 40 }));
    expect(session.snapshot.standing).toMatchObject({ dayLeft: 40, held: 0, heldHeard: false });
    await session.shares.poll();
    expect(session.snapshot.standing).toMatchObject({ held: 3, heldHeard: true });
  });
});
