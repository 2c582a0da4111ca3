// Opening the SQLite store in-process: the data folder checks `kaiku serve` and `kaiku admin` rely
// on, each refusal naming the folder and the next step, and nothing made where nothing was asked for.

import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore } from '../../server/store/open-store.ts';
import { StoreOpenError } from '../../server/store/server-store.ts';
import { DATABASE_FILE, DataFolderError, openSqliteStore } from '../../server/store/sqlite-store.ts';

const folder = () => mkdtempSync(join(tmpdir(), 'kaiku-open-'));
const NEXT_STEP = /give the right --data, or set the venue up first with "kaiku admin venue --data .* VENUE\.json"/;

function refusal(open: () => unknown): DataFolderError {
  const e = (() => {
    try {
      open();
    } catch (error) {
      return error;
    }
    return null;
  })();
  expect(e, 'the store opened').toBeInstanceOf(DataFolderError);
  expect(e).toBeInstanceOf(StoreOpenError);
  expect((e as Error).name).toBe('DataFolderError');
  return e as DataFolderError;
}

describe('opening the SQLite store', () => {
  it('refuses a missing folder and makes none', async () => {
    const missing = join(folder(), 'nowhere');
    expect(refusal(() => openSqliteStore(missing)).message).toMatch(new RegExp(`^there is no data folder ${missing}: .*`));
    expect(refusal(() => openSqliteStore(missing)).message).toMatch(NEXT_STEP);
    await expect(openStore({ dataDir: missing })).rejects.toThrow(/there is no data folder/);
    expect(existsSync(missing)).toBe(false);
  });

  it('refuses a folder without a database, an empty file, and an empty SQLite database', () => {
    const dir = folder();
    expect(refusal(() => openSqliteStore(dir)).message).toMatch(new RegExp(`^the data folder ${dir} holds no server database \\(${DATABASE_FILE}\\): `));
    expect(existsSync(join(dir, DATABASE_FILE))).toBe(false);
    writeFileSync(join(dir, DATABASE_FILE), '');
    expect(refusal(() => openSqliteStore(dir)).message).toMatch(/holds no server database/);
    const other = folder();
    const empty = new Database(join(other, DATABASE_FILE));
    empty.exec('CREATE TABLE notes (text TEXT)');
    empty.close();
    expect(refusal(() => openSqliteStore(other)).message).toMatch(new RegExp(`^${join(other, DATABASE_FILE)} is an empty database, not a Kaiku server's: .*VENUE\\.json`));
  });

  it('refuses a damaged database, saying to restore it', async () => {
    const dir = folder();
    await openSqliteStore(dir, { create: true }).close();
    const file = join(dir, DATABASE_FILE);
    const bytes = readFileSync(file);
    bytes.fill(0x5a, 4096, bytes.length);
    writeFileSync(file, bytes);
    expect(refusal(() => openSqliteStore(dir)).message).toMatch(new RegExp(`^(the database in ${dir} is damaged|cannot use the database in ${dir}).*backup`, 's'));
  });

  it("wraps SQLite's own refusal in words that name the folder", async () => {
    const dir = folder();
    await openSqliteStore(dir, { create: true }).close();
    const db = new Database(join(dir, DATABASE_FILE));
    db.pragma('user_version = 99');
    db.close();
    expect(refusal(() => openSqliteStore(dir)).message).toMatch(new RegExp(`^cannot use the database in ${dir} \\(the database was made by a newer server .*\\): check that --data names a Kaiku server's folder, or restore it from a backup$`));
  });

  it('makes a new database only when asked to, and opens it again as it is', async () => {
    const dir = join(folder(), 'new');
    const made = openSqliteStore(dir, { create: true });
    await made.saveVenue({ venueId: 'v', name: 'V', defaultCategory: 'culture', allowOverride: false, fastMode: false, perCard: null, dayQuota: null, events: [] });
    await made.close();
    const again = await openStore({ dataDir: dir });
    expect((await again.venue('v'))?.version).toBe(1);
    await again.close();
  });
});
