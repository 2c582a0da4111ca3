// What the desk session is handed by src/app/main.tsx: storage, the Ed25519 engine, the build's
// root keys, a clock, randomness, HTTP and the upload loop. Tests hand in their own, so every piece
// of the session runs without a browser.

import type { Ed25519 } from '../../core/ed25519.ts';
import type { RootConfig } from '../../core/roots.ts';
import type { DeskStore } from '../../storage/desk-store.ts';
import type { DrainLoop } from '../../sync/drain-loop.ts';

export interface SessionDeps {
  store: DeskStore;
  ed: Ed25519;
  roots: RootConfig;
  now: () => number;
  random: (bytes: number) => Uint8Array;
  fetch: typeof fetch;
  /** Whether the device has a network now (navigator.onLine); absent means try, and let the request say. */
  online?: () => boolean;
  /** The upload loop, told about new records and enrolments (absent in tests of the desk alone). */
  drain?: Pick<DrainLoop, 'kick' | 'reenrolled' | 'reportUnauthorized'>;
}
