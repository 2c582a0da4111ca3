import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { sealBundle } from '../../src/core/bundle.ts';
import { signerFromSeed } from '../../src/core/issue-code.ts';
import { fromBase64url } from '../../src/core/base64url.ts';
import { kaiku } from '../support/kaiku.ts';
import { readTestFile, vector } from '../support/vectors.ts';
import { record, venueSettings } from './harness.ts';

const tmp = mkdtempSync(join(tmpdir(), 'kaiku-admin-'));
const file = (name: string, content: string) => {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
};
// The demo root, as the server trusts it without KAIKU_ROOTS.
const env = { KAIKU_ROOTS: '' };
const admin = (args: string[], data: string, extra = env) => kaiku(['admin', ...args, '--data', data], undefined, extra);

beforeAll(() => {
  kaiku(['help']);
});

describe('kaiku admin', () => {
  it('creates and replaces a venue from a settings file, and refuses settings that are not valid (exit 1)', () => {
    const data = join(tmp, 'venue');
    const ok = admin(['venue', file('venue.json', JSON.stringify(venueSettings('espoo')))], data);
    expect([ok.status, ok.lines]).toEqual([0, [{ venueId: 'espoo', etag: '"1"' }]]);
    expect(admin(['venue', file('venue.json', JSON.stringify(venueSettings('espoo')))], data).lines).toEqual([{ venueId: 'espoo', etag: '"2"' }]);
    const bad = admin(['venue', file('bad.json', JSON.stringify({ ...venueSettings('espoo'), fastMode: 'no' }))], data);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/refused: .*"fastMode"/);
    expect(admin(['venue', join(tmp, 'missing.json')], data).status).toBe(2);
  });

  it('makes one-time enrolment codes for a venue that exists', () => {
    const data = join(tmp, 'codes');
    admin(['venue', file('v.json', JSON.stringify(venueSettings('espoo')))], data);
    const before = Date.now();
    const desk = admin(['enrol-code', '--venue', 'espoo'], data);
    expect(desk.status).toBe(0);
    expect(desk.lines[0]).toMatchObject({ code: expect.stringMatching(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/), role: 'desk' });
    const expires = Date.parse(desk.lines[0]!.expiresAt as string);
    expect(expires - before).toBeGreaterThanOrEqual(24 * 3_600_000 - 1000);
    expect(expires - before).toBeLessThan(24 * 3_600_000 + 60_000);
    const manager = admin(['enrol-code', '--venue', 'espoo', '--manager', '--hours', '2'], data);
    expect(manager.lines[0]).toMatchObject({ role: 'manager' });
    expect(Date.parse(manager.lines[0]!.expiresAt as string) - before).toBeLessThan(2 * 3_600_000 + 60_000);
    const unknown = admin(['enrol-code', '--venue', 'nowhere'], data);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/no venue "nowhere"/);
    expect(admin(['enrol-code'], data).status).toBe(2);
    expect(admin(['enrol-code', '--venue', 'espoo', '--hours', 'many'], data).status).toBe(2);
  });

  it('publishes a bundle only when it opens against the roots and has a higher serial', () => {
    const data = join(tmp, 'publish');
    const envelope = file('bundle.json', readTestFile('vectors/bundle.json'));
    expect(admin(['publish', envelope], data).lines).toEqual([{ serial: 42 }]);
    const again = admin(['publish', envelope], data);
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/serial 42 is not higher/);
    const garbage = admin(['publish', file('garbage.json', '{"format": "x"}')], data);
    expect(garbage.status).toBe(1);
    expect(garbage.stderr).toMatch(/does not open/);
    // A newer bundle, but under roots that do not include the demo root.
    const keys = vector<{ roots: { seed: string }[] }>('keys.json');
    const root = signerFromSeed(fromBase64url(keys.roots[0]!.seed)!);
    const newer = sealBundle({ serial: 43, issuedAtMs: Date.now(), expiresAtMs: Date.now() + 86_400_000, keys: [], revoked: [], salt: new Uint8Array(16), records: new Uint8Array(0) }, 'demo-root-1', root.sign);
    const newerFile = file('newer.json', JSON.stringify(newer));
    const otherRoots = JSON.stringify([{ id: 'kaiku-root-x', publicKey: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA' }]);
    expect(admin(['publish', newerFile], data, { KAIKU_ROOTS: otherRoots }).status).toBe(1);
    expect(admin(['publish', newerFile], data).lines).toEqual([{ serial: 43 }]);
  });

  it('lists devices and revokes one', async () => {
    const data = join(tmp, 'devices');
    admin(['venue', file('v.json', JSON.stringify(venueSettings('espoo')))], data);
    expect(admin(['devices'], data)).toMatchObject({ status: 0, lines: [] });
    const code = admin(['enrol-code', '--venue', 'espoo'], data).lines[0]!.code as string;
    await withServer(['--data', data], async (url) => {
      const r = await fetch(`${url}/v1/enrol`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, deviceName: 'Front desk' }) });
      const { deviceId, token } = await r.json();
      const listed = admin(['devices'], data).lines;
      expect(listed).toEqual([{ deviceId, venueId: 'espoo', role: 'desk', name: 'Front desk', enrolledAt: expect.any(String), revoked: false }]);
      expect(admin(['revoke', deviceId], data).lines).toEqual([{ deviceId, revoked: true }]);
      expect(admin(['devices'], data).lines[0]).toMatchObject({ revoked: true });
      expect((await fetch(`${url}/v1/venue`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(401);
    });
    expect(admin(['revoke', 'd-nobody'], data).status).toBe(1);
    expect(admin(['unknown'], data).status).toBe(2);
  });

  it('lists the records the server holds as JSON lines, by venue, day and device', async () => {
    const data = join(tmp, 'records');
    admin(['venue', file('r.json', JSON.stringify(venueSettings('espoo')))], data);
    const code = admin(['enrol-code', '--venue', 'espoo'], data).lines[0]!.code as string;
    await withServer(['--data', data], async (url) => {
      const r = await fetch(`${url}/v1/enrol`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, deviceName: 'Front desk' }) });
      const device = (await r.json()) as { deviceId: string; venueId: string; token: string };
      const records = [record(device, 1), record(device, 2), record(device, 3, { at: '2026-11-23T09:00:00.000Z' })];
      const up = await fetch(`${url}/v1/redemptions`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${device.token}`, Connection: 'close' }, body: JSON.stringify({ records }) });
      expect(up.status).toBe(200);

      const all = admin(['records', '--venue', 'espoo'], data);
      expect(all.status).toBe(0);
      expect(all.lines.map((l) => l.id)).toEqual(records.map((x) => x.id));
      expect(admin(['records', '--venue', 'espoo', '--day', '2026-11-23'], data).lines.map((l) => l.id)).toEqual([records[2]!.id]);
      expect(admin(['records', '--venue', 'espoo', '--device', device.deviceId, '--day', '2026-11-22'], data).lines).toHaveLength(2);
      expect(admin(['records', '--venue', 'espoo', '--device', 'd-nobody'], data).lines).toEqual([]);
      // Bad input is a usage error with the fix in it, and reads nothing.
      const bad = admin(['records', '--venue', 'espoo', '--day', 'yesterday'], data);
      expect(bad.status).toBe(2);
      expect(admin(['records'], data).status).toBe(2);
    });
    // Nine commands, each a Node process of its own: a busy CI machine needs more than the default.
  }, 60_000);
});

const launcher = fileURLToPath(new URL('../../scripts/kaiku.mjs', import.meta.url));

/** Runs `kaiku serve` until `body` is done, then stops it with SIGTERM and expects a clean exit. */
async function withServer(args: string[], body: (url: string, first: Record<string, string>) => Promise<void>): Promise<void> {
  const child = spawn(process.execPath, [launcher, 'serve', '--port', '0', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  try {
    const line = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout }).once('line', resolve);
      child.once('exit', () => reject(new Error('kaiku serve exited before it printed its URL')));
    });
    const first = JSON.parse(line) as Record<string, string>;
    await body(new URL(first.url!).origin, first);
  } finally {
    child.kill('SIGTERM');
  }
  expect(await exited).toBe(0);
}

describe('kaiku serve', () => {
  it('prints its URL once listening, serves the API, and stops cleanly on SIGTERM', async () => {
    const data = join(tmp, 'serve');
    admin(['venue', file('serve-venue.json', JSON.stringify(venueSettings('espoo')))], data);
    await withServer(['--data', data], async (url, first) => {
      expect(Object.keys(first)).toEqual(['url']);
      expect(first.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect((await fetch(`${url}/v1/bundle`)).status).toBe(401);
    });
  });

  it('--demo prints the enrolment URLs and the cards page: a desk and a manager of the demo venue, a coordinator of its locality', async () => {
    await withServer(['--data', join(tmp, 'demo'), '--demo'], async (url, first) => {
      expect(first.cards).toBe(`${url}/demo/cards`);
      const code = new URL(first.url!).searchParams.get('enrol')!;
      const page = await fetch(first.cards!);
      expect(page.headers.get('Content-Type')).toMatch(/text\/html/);
      expect(await page.text()).toContain('<svg');
      const r = await fetch(`${url}/v1/enrol`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code, deviceName: 'Demo desk' }) });
      const { token, venueId } = await r.json();
      expect(venueId).toBe('demo-venue');
      expect((await fetch(`${url}/v1/bundle`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
      // And a manager device's code, for the manager area.
      const managerCode = new URL(first.manager!).searchParams.get('enrol')!;
      const m = await fetch(`${url}/v1/enrol`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: managerCode, deviceName: 'Demo manager' }) });
      expect((await m.json()).role).toBe('manager');
      // And a coordinator's, whose browser reads the demo locality's statistics: the demo venue's.
      const coordinatorCode = new URL(first.coordinator!).searchParams.get('enrol')!;
      const c = await fetch(`${url}/v1/enrol`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ code: coordinatorCode, deviceName: 'Demo coordinator' }) });
      const coordinator = await c.json();
      expect(coordinator).toMatchObject({ role: 'coordinator', venueId: null, localityId: 'demo-locality' });
      const stats = await fetch(`${url}/v1/stats?from=2026-01-01&to=2026-12-31`, { headers: { Authorization: `Bearer ${coordinator.token}` } });
      expect((await stats.json()).venues).toEqual(['demo-venue']);
    });
  });

  it('refuses to start on a missing folder, an empty database file or a damaged one, naming the folder and the next step', () => {
    const missing = kaiku(['serve', '--port', '0', '--data', join(tmp, 'nowhere')]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(join(tmp, 'nowhere'));
    expect(missing.stderr).toMatch(/kaiku admin venue|--data/);
    expect(missing.stderr).not.toMatch(/internal error/);
    const empty = join(tmp, 'empty-db');
    mkdirSync(empty);
    writeFileSync(join(empty, 'kaiku-server.sqlite'), '');
    const refused = kaiku(['serve', '--port', '0', '--data', empty]);
    expect([refused.status, refused.stderr]).toEqual([2, expect.stringMatching(/holds no server database.*kaiku admin venue/)]);
    const damaged = join(tmp, 'damaged');
    admin(['venue', file('damaged-venue.json', JSON.stringify(venueSettings('espoo')))], damaged);
    const db = join(damaged, 'kaiku-server.sqlite');
    const bytes = readFileSync(db);
    bytes.fill(0x5a, 4096, bytes.length);
    writeFileSync(db, bytes);
    const broken = kaiku(['serve', '--port', '0', '--data', damaged]);
    expect(broken.status).toBe(2);
    expect(broken.stderr).toContain(damaged);
    expect(broken.stderr).toMatch(/backup/);
    expect(broken.stderr).not.toMatch(/internal error/);
    // Nothing was made in the missing folder's place.
    expect(existsSync(join(tmp, 'nowhere'))).toBe(false);
  });

  it('says how to choose another port when the port is taken, also for npm start', async () => {
    const busy = createServer();
    await new Promise<void>((resolve) => busy.listen(0, '127.0.0.1', resolve));
    try {
      const port = String((busy.address() as AddressInfo).port);
      const r = kaiku(['serve', '--port', port, '--data', join(tmp, 'busy-port'), '--demo']);
      expect(r.status).toBe(2);
      expect(r.stderr).toContain(`port ${port} is already in use`);
      expect(r.stderr).toContain('npm start -- --port 8181');
    } finally {
      busy.close();
    }
  });

  it('refuses unusable arguments with status 2', () => {
    expect(kaiku(['serve', '--port', 'eighty']).status).toBe(2);
    expect(kaiku(['serve', '--cors', 'desk.example.org']).status).toBe(2);
    expect(kaiku(['serve', 'extra']).status).toBe(2);
  });
});
