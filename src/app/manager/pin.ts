// The manager PIN of a manager device: set on first use, kept only as a salted PBKDF2-SHA-256 hash
// (WebCrypto) in the prefs store, bound to the device's enrolment. Wrong tries slow down: after
// FREE_TRIES, each wrong PIN locks the screen for a delay that doubles, persisted so a reload does
// not reset it. There is no way around a forgotten PIN but enrolling the device again with a new
// manager code (a new deviceId, so the old PIN no longer applies); records are kept.

import type { DeskStore } from '../../storage/desk-store.ts';

export const PIN_ITERATIONS = 210_000;
export const SALT_BYTES = 16;
export const FREE_TRIES = 3;
export const FIRST_DELAY_MS = 30_000;
export const MAX_DELAY_MS = 60 * 60_000;
export const PIN_MIN = 4;
export const PIN_MAX = 12;

export interface PinRecord {
  /** The enrolment the PIN belongs to: a re-enrolled device sets a new one. */
  deviceId: string;
  hash: string;
  salt: string;
  iterations: number;
  /** Wrong tries since the last right one. */
  failures: number;
  /** No try is taken before this moment (ms since the epoch); 0 for none. */
  lockedUntil: number;
}

export interface PinStore {
  get(): Promise<PinRecord | null>;
  set(record: PinRecord): Promise<void>;
}

/** The PIN record in DeskStore's prefs store under 'managerPin'. */
export function pinPrefs(store: Pick<DeskStore, 'getPref' | 'setPref'>): PinStore {
  return {
    async get() {
      const v = await store.getPref('managerPin');
      return v && typeof v === 'object' ? (v as PinRecord) : null;
    },
    set: (record) => store.setPref('managerPin', record),
  };
}

export type PinProblem = 'length' | 'digits' | 'mismatch';

/** Why a new PIN is not acceptable, or null. Digits only, PIN_MIN-PIN_MAX of them. */
export function newPinProblem(pin: string, again: string): PinProblem | null {
  if (!/^\d*$/.test(pin)) return 'digits';
  if (pin.length < PIN_MIN || pin.length > PIN_MAX) return 'length';
  if (pin !== again) return 'mismatch';
  return null;
}

/** The lock after `failures` wrong tries: none for the first FREE_TRIES - 1, then 30 s doubling. */
export function delayAfter(failures: number): number {
  if (failures < FREE_TRIES) return 0;
  return Math.min(MAX_DELAY_MS, FIRST_DELAY_MS * 2 ** (failures - FREE_TRIES));
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
const unhex = (s: string) => new Uint8Array((s.match(/../g) ?? []).map((h) => parseInt(h, 16)));

export async function derivePin(subtle: SubtleCrypto, pin: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await subtle.importKey('raw', new TextEncoder().encode(pin), 'PBKDF2', false, ['deriveBits']);
  const bits = await subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, key, 256);
  return new Uint8Array(bits);
}

/** Compares without stopping at the first difference. */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  let diff = a.length ^ b.length;
  for (let i = 0; i < Math.max(a.length, b.length); i++) diff |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return diff === 0;
}

export type PinState = { kind: 'unset' } | { kind: 'set'; lockedUntil: number; failures: number };

export type VerifyResult = { ok: true } | { ok: false; lockedUntil: number; failures: number };

export interface PinDeps {
  store: PinStore;
  subtle: SubtleCrypto;
  random: (bytes: number) => Uint8Array;
  now: () => number;
  deviceId: string;
}

export class ManagerPin {
  constructor(private readonly deps: PinDeps) {}

  private async record(): Promise<PinRecord | null> {
    const r = await this.deps.store.get();
    return r && r.deviceId === this.deps.deviceId ? r : null;
  }

  async state(): Promise<PinState> {
    const r = await this.record();
    return r ? { kind: 'set', lockedUntil: r.lockedUntil, failures: r.failures } : { kind: 'unset' };
  }

  /** Sets the PIN; only when none is set for this enrolment (changing it needs the old one: verify first). */
  async set(pin: string, again = pin, replace = false): Promise<void> {
    const problem = newPinProblem(pin, again);
    if (problem) throw new Error(`not a PIN: ${problem}`);
    if (!replace && (await this.record())) throw new Error('a PIN is set already');
    const salt = this.deps.random(SALT_BYTES);
    const hash = await derivePin(this.deps.subtle, pin, salt, PIN_ITERATIONS);
    await this.deps.store.set({ deviceId: this.deps.deviceId, hash: hex(hash), salt: hex(salt), iterations: PIN_ITERATIONS, failures: 0, lockedUntil: 0 });
  }

  /**
   * Checks a PIN. While locked, no try is taken. The try is counted (and persisted) before the hash
   * is computed, so closing the page mid-check does not give a free try.
   */
  async verify(pin: string): Promise<VerifyResult> {
    const r = await this.record();
    if (!r) return { ok: false, lockedUntil: 0, failures: 0 };
    const now = this.deps.now();
    if (r.lockedUntil > now) return { ok: false, lockedUntil: r.lockedUntil, failures: r.failures };
    const failures = r.failures + 1;
    const counted: PinRecord = { ...r, failures, lockedUntil: delayAfter(failures) ? now + delayAfter(failures) : 0 };
    await this.deps.store.set(counted);
    const hash = await derivePin(this.deps.subtle, pin, unhex(r.salt), r.iterations);
    if (sameBytes(hash, unhex(r.hash))) {
      await this.deps.store.set({ ...r, failures: 0, lockedUntil: 0 });
      return { ok: true };
    }
    return { ok: false, lockedUntil: counted.lockedUntil, failures };
  }
}
