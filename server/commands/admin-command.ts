// kaiku admin …: the server's admin, straight on its data folder (the server may be running: the
// store takes turns through SQLite's locks). A refusal exits with status 1 and says why.

import { randomBytes } from 'node:crypto';
import { nodeEd25519 } from '../../src/node/engine.ts';
import { loadRoots, parseWhole, readJson, readText, required } from '../../src/node/inputs.ts';
import { emit } from '../../src/node/output.ts';
import { UsageError } from '../../src/node/usage-error.ts';
import { AdminRefusal, DEFAULT_CODE_HOURS, deviceLine, makeEnrolCode, publishBundle, revokeDevice, saveVenue } from '../admin.ts';
import type { ServerStore } from '../store/server-store.ts';
import { openStoreFor } from './open-store.ts';
import { DEFAULT_DATA_DIR } from './serve-command.ts';

export interface AdminOptions {
  data?: string;
  venue?: string;
  manager?: boolean;
  hours?: string;
}

const ACTIONS = ['venue', 'enrol-code', 'publish', 'devices', 'revoke'] as const;

function one(positionals: string[], what: string, action: string): string {
  if (positionals.length !== 1) throw new UsageError(`admin ${action}: name exactly one ${what}`);
  return positionals[0]!;
}

type Task = (store: ServerStore, nowMs: number) => Promise<void>;

/** Reads and checks the arguments and files first, so a usage error leaves the data folder alone. */
async function plan(action: string, opts: AdminOptions, positionals: string[]): Promise<Task> {
  if ((action === 'devices' || action === 'enrol-code') && positionals.length) throw new UsageError(`admin ${action}: unexpected argument "${positionals[0]}"`);
  switch (action) {
    case 'venue': {
      const settings = readJson(one(positionals, 'settings FILE', action), 'venue settings file');
      return async (store) => emit(await saveVenue(store, settings));
    }
    case 'enrol-code': {
      const venueId = required(opts.venue, '--venue ID');
      const hours = parseWhole(opts.hours, '--hours', 1, 24 * 90) ?? DEFAULT_CODE_HOURS;
      const role = opts.manager ? 'manager' : 'desk';
      return async (store, nowMs) => emit(await makeEnrolCode(store, { venueId, role, hours, nowMs, random: (n) => new Uint8Array(randomBytes(n)) }));
    }
    case 'publish': {
      const text = readText(one(positionals, 'ENVELOPE file', action), 'bundle envelope');
      const roots = loadRoots(undefined);
      const ed = await nodeEd25519();
      return async (store, nowMs) => emit(await publishBundle(store, text, roots, ed, nowMs));
    }
    case 'devices':
      return async (store) => {
        for (const d of await store.devices()) emit(deviceLine(d));
      };
    case 'revoke': {
      const deviceId = one(positionals, 'DEVICE id', action);
      return async (store, nowMs) => emit(await revokeDevice(store, deviceId, nowMs));
    }
    default:
      throw new UsageError(`admin needs one of ${ACTIONS.join(', ')}; run "kaiku help" for the list`);
  }
}

export async function runAdmin(action: string | undefined, opts: AdminOptions, positionals: string[]): Promise<void> {
  const task = await plan(action ?? '', opts, positionals);
  // Setting a venue up or publishing may start a new data folder; the rest need one that exists.
  const store = openStoreFor(opts.data ?? DEFAULT_DATA_DIR, action === 'venue' || action === 'publish');
  try {
    await task(store, Date.now());
  } catch (e) {
    if (!(e instanceof AdminRefusal)) throw e;
    process.stderr.write(`kaiku: admin ${action} refused: ${e.message}\n`);
    process.exitCode = 1;
  } finally {
    await store.close();
  }
}
