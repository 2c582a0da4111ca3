// The manager PIN with Node's WebCrypto: PBKDF2 hash and salt only, wrong tries slow down and the
// lock survives a reload, and a re-enrolled device (new deviceId) sets a new PIN.

import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { PinRecord, PinStore } from '../../src/app/manager/pin.ts';
import { FIRST_DELAY_MS, ManagerPin, PIN_ITERATIONS, delayAfter, newPinProblem, pinPrefs, sameBytes } from '../../src/app/manager/pin.ts';
import { openDesk } from '../storage/fixture.ts';

const subtle = webcrypto.subtle as unknown as SubtleCrypto;

function memoryStore(): PinStore & { value: PinRecord | null } {
  const s = {
    value: null as PinRecord | null,
    get: async () => (s.value ? { ...s.value } : null),
    set: async (r: PinRecord) => void (s.value = { ...r }),
  };
  return s;
}

function pinFor(store: PinStore, clock: { now: number }, deviceId = 'd1') {
  return new ManagerPin({ store, subtle, random: (n) => webcrypto.getRandomValues(new Uint8Array(n)), now: () => clock.now, deviceId });
}

describe('manager PIN', () => {
  it('is unset at first, then kept only as a salted PBKDF2 hash', async () => {
    const store = memoryStore();
    const pin = pinFor(store, { now: 0 });
    expect(await pin.state()).toEqual({ kind: 'unset' });
    await pin.set('2468');
    const r = store.value!;
    expect(r.iterations).toBeGreaterThanOrEqual(200_000);
    expect(r.iterations).toBe(PIN_ITERATIONS);
    expect(r.salt).toMatch(/^[0-9a-f]{32}$/);
    expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(r)).not.toContain('2468');
    await expect(pin.set('1357')).rejects.toThrow(/set already/);
    expect(await pin.verify('2468')).toEqual({ ok: true });
  });

  it('two devices with the same PIN get different salts and hashes', async () => {
    const a = memoryStore();
    const b = memoryStore();
    await pinFor(a, { now: 0 }).set('2468');
    await pinFor(b, { now: 0 }).set('2468');
    expect(a.value!.salt).not.toBe(b.value!.salt);
    expect(a.value!.hash).not.toBe(b.value!.hash);
  });

  it('locks after three wrong tries, doubling, persisted across a reload, and takes no try while locked', async () => {
    const store = memoryStore();
    const clock = { now: 1_000_000 };
    await pinFor(store, clock).set('2468');
    let pin = pinFor(store, clock);
    expect(await pin.verify('0000')).toMatchObject({ ok: false, lockedUntil: 0, failures: 1 });
    expect(await pin.verify('0001')).toMatchObject({ ok: false, lockedUntil: 0, failures: 2 });
    expect(await pin.verify('0002')).toMatchObject({ ok: false, lockedUntil: clock.now + FIRST_DELAY_MS, failures: 3 });
    // A reload (a new instance on the same store) is still locked; even the right PIN is not tried.
    pin = pinFor(store, clock);
    expect(await pin.state()).toMatchObject({ kind: 'set', lockedUntil: clock.now + FIRST_DELAY_MS });
    expect(await pin.verify('2468')).toMatchObject({ ok: false, failures: 3 });
    clock.now += FIRST_DELAY_MS;
    expect(await pin.verify('0003')).toMatchObject({ ok: false, lockedUntil: clock.now + 2 * FIRST_DELAY_MS, failures: 4 });
    clock.now += 2 * FIRST_DELAY_MS;
    expect(await pin.verify('2468')).toEqual({ ok: true });
    expect(store.value).toMatchObject({ failures: 0, lockedUntil: 0 });
  });

  it('the delay starts at the third wrong try, doubles and is capped', () => {
    expect([1, 2, 3, 4, 5].map(delayAfter)).toEqual([0, 0, 30_000, 60_000, 120_000]);
    expect(delayAfter(40)).toBe(3_600_000);
  });

  it('a re-enrolled device (another deviceId) has no PIN: set anew, no back door to the old one', async () => {
    const store = memoryStore();
    await pinFor(store, { now: 0 }, 'd1').set('2468');
    const again = pinFor(store, { now: 0 }, 'd2');
    expect(await again.state()).toEqual({ kind: 'unset' });
    expect(await again.verify('2468')).toMatchObject({ ok: false });
    await again.set('9753');
    expect(await again.verify('9753')).toEqual({ ok: true });
  });

  it('new PINs: digits only, 4-12, typed twice the same', () => {
    expect(newPinProblem('12a4', '12a4')).toBe('digits');
    expect(newPinProblem('123', '123')).toBe('length');
    expect(newPinProblem('1234567890123', '1234567890123')).toBe('length');
    expect(newPinProblem('1234', '1243')).toBe('mismatch');
    expect(newPinProblem('1234', '1234')).toBeNull();
  });

  it('compares every byte', () => {
    expect(sameBytes(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 3]))).toBe(true);
    expect(sameBytes(new Uint8Array([1, 2, 3]), new Uint8Array([1, 2, 4]))).toBe(false);
    expect(sameBytes(new Uint8Array([1, 2]), new Uint8Array([1, 2, 0]))).toBe(false);
  });

  it('is kept in the desk store prefs', async () => {
    const { store } = await openDesk();
    const pin = pinFor(pinPrefs(store), { now: 0 });
    await pin.set('2468');
    expect(await pinFor(pinPrefs(store), { now: 0 }).verify('2468')).toEqual({ ok: true });
  });
});
