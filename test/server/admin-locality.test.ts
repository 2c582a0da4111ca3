// kaiku admin locality and coordinator codes, on whichever store the project runs (--data or
// --database): what the admin of a regional service types.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kaiku } from '../support/kaiku.ts';
import { type TestStore, testStore } from '../support/test-store.ts';
import { venueSettings } from './harness.ts';

const tmp = mkdtempSync(join(tmpdir(), 'kaiku-locality-'));
const file = (name: string, value: unknown) => {
  const p = join(tmp, name);
  writeFileSync(p, JSON.stringify(value));
  return p;
};

let where: TestStore;
let storeArgs: string[];
const admin = (args: string[]) => kaiku(['admin', ...args, ...storeArgs], undefined, { KAIKU_ROOTS: '' });

beforeAll(async () => {
  where = await testStore(join(tmp, 'data'));
  storeArgs = where.data.databaseUrl !== undefined ? ['--database', where.data.databaseUrl] : ['--data', where.data.dataDir];
  expect(admin(['venue', file('a.json', venueSettings('espoo-theatre'))]).status).toBe(0);
});
afterAll(() => where.drop());

describe('kaiku admin locality', () => {
  it('creates and replaces a locality, and refuses one that names an unknown venue or is not valid', () => {
    expect(admin(['locality', file('l.json', { localityId: 'espoo', name: 'Espoo', venues: ['espoo-theatre'] })]).lines).toEqual([{ localityId: 'espoo', venues: 1 }]);
    const typo = admin(['locality', file('typo.json', { localityId: 'espoo', name: 'Espoo', venues: ['espoo-theater'] })]);
    expect(typo.status).toBe(1);
    expect(typo.stderr).toMatch(/"espoo-theater", which is no venue here/);
    const bad = admin(['locality', file('bad.json', { localityId: 'espoo', name: '', venues: [] })]);
    expect([bad.status, bad.stderr]).toEqual([1, expect.stringMatching(/"name" must be text/)]);
  });

  it('makes a coordinator code for a locality, and says what is wrong with the options', () => {
    admin(['locality', file('l.json', { localityId: 'espoo', name: 'Espoo', venues: ['espoo-theatre'] })]);
    const made = admin(['enrol-code', '--locality', 'espoo', '--coordinator', '--hours', '2']);
    expect(made.status).toBe(0);
    expect(made.lines[0]).toMatchObject({ role: 'coordinator', code: expect.stringMatching(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/) });
    expect(admin(['enrol-code', '--locality', 'nowhere', '--coordinator']).stderr).toMatch(/there is no locality "nowhere"/);
    expect(admin(['enrol-code', '--locality', 'espoo']).stderr).toMatch(/add --coordinator/);
    expect(admin(['enrol-code', '--locality', 'espoo', '--coordinator', '--venue', 'espoo-theatre']).status).toBe(2);
  });

  it('refuses --data and --database together, and a URL that is not PostgreSQL', () => {
    expect(kaiku(['admin', 'devices', '--data', tmp, '--database', 'postgres://x@y/z']).stderr).toMatch(/either --data DIR .* or --database URL/);
    expect(kaiku(['admin', 'devices', '--database', 'mysql://x@y/z']).stderr).toMatch(/takes a PostgreSQL URL/);
  });
});
