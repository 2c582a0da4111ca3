// kaiku admin …: the server's admin, straight on its store (the server may be running: SQLite takes
// turns through its locks, PostgreSQL through its transactions). A refusal exits with status 1 and
// says why.

import { randomBytes } from 'node:crypto';
import { nodeEd25519 } from '../../src/node/engine.ts';
import { helsinkiDay } from '../../src/core/calendar.ts';
import { loadRoots, parseDay, parseWhole, readJson, readText, required } from '../../src/node/inputs.ts';
import { emit } from '../../src/node/output.ts';
import { UsageError } from '../../src/node/usage-error.ts';
import { AdminRefusal, DEFAULT_CODE_HOURS, deviceLine, makeCoordinatorCode, makeEnrolCode, publishBundle, revokeDevice, saveLocality, saveVenue } from '../admin.ts';
import type { ServerStore, UsageCursor } from '../store/server-store.ts';
import { type StoreArgs, openStoreFor, storeLocation } from './open-store.ts';

export interface AdminOptions extends StoreArgs {
  venue?: string;
  manager?: boolean;
  locality?: string;
  coordinator?: boolean;
  hours?: string;
  day?: string;
  device?: string;
}

const ACTIONS = ['venue', 'locality', 'enrol-code', 'publish', 'devices', 'revoke', 'records'] as const;
// How many records one store read brings; the listing goes on page by page, so memory stays flat.
const RECORDS_PAGE = 5000;

function one(positionals: string[], what: string, action: string): string {
  if (positionals.length !== 1) throw new UsageError(`admin ${action}: name exactly one ${what}`);
  return positionals[0]!;
}

type Task = (store: ServerStore, nowMs: number) => Promise<void>;

/** Reads and checks the arguments and files first, so a usage error leaves the data folder alone. */
async function plan(action: string, opts: AdminOptions, positionals: string[]): Promise<Task> {
  if ((action === 'devices' || action === 'enrol-code' || action === 'records') && positionals.length) throw new UsageError(`admin ${action}: unexpected argument "${positionals[0]}"`);
  switch (action) {
    case 'venue': {
      const settings = readJson(one(positionals, 'settings FILE', action), 'venue settings file');
      return async (store) => emit(await saveVenue(store, settings));
    }
    case 'locality': {
      const locality = readJson(one(positionals, 'locality FILE', action), 'locality file');
      return async (store) => emit(await saveLocality(store, locality));
    }
    case 'enrol-code': {
      const random = (n: number) => new Uint8Array(randomBytes(n));
      if (opts.coordinator || opts.locality !== undefined) {
        if (!opts.coordinator) throw new UsageError('admin enrol-code: --locality makes a coordinator\'s code: add --coordinator');
        if (opts.venue !== undefined || opts.manager) throw new UsageError('admin enrol-code: a coordinator belongs to a locality, not a venue: leave out --venue and --manager');
        const localityId = required(opts.locality, '--locality ID');
        const hours = parseWhole(opts.hours, '--hours', 1, 24 * 90) ?? DEFAULT_CODE_HOURS;
        return async (store, nowMs) => emit(await makeCoordinatorCode(store, { localityId, hours, nowMs, random }));
      }
      const venueId = required(opts.venue, '--venue ID');
      const hours = parseWhole(opts.hours, '--hours', 1, 24 * 90) ?? DEFAULT_CODE_HOURS;
      const role = opts.manager ? 'manager' : 'desk';
      return async (store, nowMs) => emit(await makeEnrolCode(store, { venueId, role, hours, nowMs, random }));
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
    case 'records': {
      // What the server holds, so nobody has to open its database: one JSON line per record,
      // oldest first, as the desks uploaded it.
      const venueId = required(opts.venue, '--venue ID');
      const day = opts.day === undefined ? null : parseDay(opts.day, '--day');
      const device = opts.device ?? null;
      return async (store) => {
        let after: UsageCursor | null = null;
        do {
          const page = await store.usage(venueId, day ?? 0, after, RECORDS_PAGE);
          for (const text of page.records) {
            const r = JSON.parse(text) as { deviceId: string; at: string };
            if (device !== null && r.deviceId !== device) continue;
            if (day !== null && helsinkiDay(Date.parse(r.at)) !== day) continue;
            process.stdout.write(text + '\n');
          }
          after = page.next;
        } while (after !== null);
      };
    }
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
  // Setting a venue up or publishing may start a new database; the rest need one that exists.
  const store = await openStoreFor(storeLocation(opts), action === 'venue' || action === 'publish');
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
