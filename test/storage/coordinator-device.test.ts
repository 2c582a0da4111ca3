// A coordinator's browser in storage: its enrolment is kept and read back as it was (no venue, a
// locality), and it keeps no records, neither its own nor another desk's export.

import { describe, expect, it } from 'vitest';
import type { CoordinatorDeviceState } from '../../src/storage/desk-store.ts';
import { openDesk, otherDesks, use } from './fixture.ts';

const coordinator: CoordinatorDeviceState = {
  deviceId: 'c-espoo',
  venueId: null,
  localityId: 'espoo',
  role: 'coordinator',
  token: 'tok',
  serverUrl: 'https://kaiku.example',
  deviceName: 'Espoo coordinator',
  enrolledAt: '2026-11-01T08:00:00.000Z',
};

describe('a coordinator device in storage', () => {
  it('is kept and read back with its locality and no venue', async () => {
    const { store } = await openDesk();
    await store.putDevice(coordinator);
    expect(await store.getDevice()).toEqual({ ...coordinator, seq: 0 });
  });

  it('keeps no records: a record and an import are refused, saying why, and nothing is written', async () => {
    const { store } = await openDesk();
    await store.putDevice(coordinator);
    await expect(store.appendRecord(use())).rejects.toMatchObject({ kind: 'refused', message: expect.stringMatching(/coordinator's: it keeps no records/) });
    await expect(store.importRecords([otherDesks()])).rejects.toMatchObject({ kind: 'refused', message: expect.stringMatching(/coordinator's/) });
    expect(await store.exportRecords(0, Number.MAX_SAFE_INTEGER)).toEqual([]);
    expect(await store.pendingCount()).toBe(0);
  });
});
