import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { signerFromSeed } from '../../src/core/issue-code.ts';
import { kaiku } from '../support/kaiku.ts';
import { testDir, vector } from '../support/vectors.ts';

const bundleFile = join(testDir, 'vectors/bundle.json');
const rootsFile = join(testDir, 'vectors/keys.json');
const tmp = mkdtempSync(join(tmpdir(), 'kaiku-cli-'));
const file = (name: string, content: string) => {
  const p = join(tmp, name);
  writeFileSync(p, content);
  return p;
};

interface CardCase {
  name: string;
  input: string;
  today: number;
  expect: Record<string, unknown>;
}

beforeAll(() => {
  // The first call may bundle the CLI; do it once before the timed-out cases run.
  kaiku(['help']);
});

describe('card-codes.json through kaiku check', () => {
  const { cases } = vector<{ cases: CardCase[] }>('card-codes.json');
  const lineSafe = cases.filter((c) => !/[\r\n]/.test(c.input));

  it('answers every input of standard input with one line, in order, matching the vectors', () => {
    const r = kaiku(['check', '--bundle', bundleFile, '--roots', rootsFile, '--today', '20779'], lineSafe.map((c) => c.input).join('\n') + '\n');
    expect(r.status).toBe(0);
    expect(r.lines).toHaveLength(lineSafe.length);
    lineSafe.forEach((c, i) => {
      const got = r.lines[i]!;
      expect({ name: c.name, ...Object.fromEntries(Object.keys(c.expect).map((k) => [k, got[k]])) }).toEqual({ name: c.name, ...c.expect });
      expect(got.input).toBe(c.input);
    });
  });

  it.each(cases.filter((c) => /[\r\n]/.test(c.input)).map((c) => [c.name, c] as const))('%s (as an argument)', (_n, c) => {
    const r = kaiku(['check', '--bundle', bundleFile, '--roots', rootsFile, '--today', String(c.today), c.input]);
    expect(r.lines[0]).toMatchObject(c.expect);
  });

  it('prints every field, absent ones as null', () => {
    const r = kaiku(['check', '--bundle', bundleFile, '--roots', rootsFile, '--today', '2026-11-22', 'https://example.org']);
    expect(r.lines[0]).toEqual({ input: 'https://example.org', verdict: 'rejected', reason: 'not-a-card', source: null, cardId: null, kind: null, children: null, stale: false });
  });

  it('counts an empty line as an input and a final LF as the end of the last line', () => {
    const r = kaiku(['check', '--bundle', bundleFile, '--roots', rootsFile, '--today', '20779'], 'NA9C5ONQ\n\nJC8BXVBG');
    expect(r.lines.map((l) => l.reason)).toEqual([null, 'not-a-card', 'not-registered']);
  });

  it('marks verdicts stale after the day the bundle expires', () => {
    const { expiresAt } = JSON.parse(Buffer.from((JSON.parse(readFileSync(bundleFile, 'utf8')) as { payload: string }).payload, 'base64url').toString()) as { expiresAt: string };
    const after = new Date(Date.parse(expiresAt) + 2 * 86_400_000).toISOString().slice(0, 10);
    const r = kaiku(['check', '--bundle', bundleFile, '--roots', rootsFile, '--today', after, 'NA9C5ONQ']);
    expect(r.lines[0]).toMatchObject({ stale: true });
  });

  it('checks against a refused bundle as a desk without one, and says why on standard error', () => {
    const r = kaiku(['check', '--bundle', file('junk.json', '{"format": 1}'), '--roots', rootsFile, '--today', '20779', 'NA9C5ONQ', 'nonsense!']);
    expect(r.status).toBe(0);
    expect(r.lines.map((l) => l.reason)).toEqual(['no-bundle', 'not-a-card']);
    expect(r.stderr).toMatch(/bundle is refused/);
  });
});

describe('bundle-cases.json through kaiku bundle open', () => {
  const bc = vector<{ cases: { name: string; envelope: unknown; expect: Record<string, unknown> }[]; rollback: Record<string, unknown> & { expect: Record<string, boolean> } }>('bundle-cases.json');

  it.each(bc.cases.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    const r = kaiku(['bundle', 'open', '--roots', rootsFile, file('case.json', JSON.stringify(c.envelope))]);
    expect(r.status).toBe(0);
    expect(r.lines[0]).toMatchObject(c.expect);
    if (!c.expect.accept) expect(String(r.lines[0]!.error)).not.toBe('');
  });

  it.each(Object.entries(bc.rollback.expect))('rollback: %s replaces current = %s', (which, want) => {
    const current = file('current.json', JSON.stringify(bc.rollback.current));
    const cand = file('cand.json', JSON.stringify(which === 'same' ? bc.rollback.current : bc.rollback[which]));
    expect(kaiku(['bundle', 'open', '--roots', rootsFile, '--current', current, cand]).lines[0]).toMatchObject({ accept: true, replaces: want });
  });
});

describe('making demo cards: bundle make, issue, check, qr', () => {
  const keys = vector<{ roots: { id: string; seed: string }[]; issuers: { kid: number; seed: string }[] }>('keys.json');

  it('a bundle made from CSV opens, and a code issued for it checks out', () => {
    const issuer = keys.issuers[0]!;
    const pub = Buffer.from(signerFromSeed(Buffer.from(issuer.seed, 'base64url')).publicKey).toString('base64url');
    const keysFile = file('keys.json', JSON.stringify([{ kid: 1, publicKey: pub, validFrom: '2026-01-01', validUntil: '2027-12-31', label: 'Test issuers' }]));
    const register = file('register.csv', '\uFEFFid,issued,expires,children,kind\r\nAB12CD34,2026-01-10,2027-01-09,2,0\r\nGROUP777,2026-02-01,2027-01-31,0,1\r\nOLD00001,2025-01-01,2025-12-31,0,0\r\n');
    const revoked = file('revoked.csv', 'id,issuedUpTo\nLOST0001,2026-03-01\n');
    const made = kaiku(['bundle', 'make', '--root-seed', keys.roots[0]!.seed, '--root-id', 'demo-root-1', '--keys', keysFile, '--register', register, '--revoked', revoked, '--serial', '5', '--days', '3']);
    expect(made.stderr).toBe('');
    const envelope = file('made.json', made.stdout);
    expect(kaiku(['bundle', 'open', '--roots', rootsFile, envelope]).lines[0]).toMatchObject({ accept: true, serial: 5, keys: 1, registerCount: 3, revoked: 1 });

    const issued = kaiku(['issue', '--seed', issuer.seed, '--kid', '1', '--id', 'lost0001', '--issued', '2026-04-01', '--expires', '2027-03-31', '--children', '1']);
    const old = kaiku(['issue', '--seed', issuer.seed, '--kid', '1', '--id', 'LOST0001', '--issued', '2026-02-01', '--expires', '2027-01-31']);
    const code = String(issued.lines[0]!.code);
    expect(code).toMatch(/^KK1\.[A-Z2-7]+$/);
    const checked = kaiku(['check', '--bundle', envelope, '--roots', rootsFile, '--today', '2026-11-22', code, String(old.lines[0]!.code), 'ab12-cd34', 'OLD00001']);
    expect(checked.lines.map((l) => [l.verdict, l.reason, l.cardId, l.children])).toEqual([
      ['accepted', null, 'LOST0001', 1],
      ['rejected', 'revoked', 'LOST0001', null],
      ['accepted', null, 'AB12CD34', 2],
      ['rejected', 'expired', 'OLD00001', null],
    ]);
  });

  it('writes a QR code file', () => {
    const out = join(tmp, 'card.svg');
    const r = kaiku(['qr', 'KK1.AEAACUINKJ5AAAQIJZATSQ', '--out', out]);
    expect(r.lines[0]).toEqual({ out });
    expect(readFileSync(out, 'utf8')).toMatch(/^<svg/);
  });
});

describe('bad input gets a sentence and exit status 2, never a stack trace', () => {
  const cases: [string, string[], RegExp][] = [
    ['a missing bundle file', ['check', '--bundle', join(tmp, 'nope.json'), '--today', '20779', 'X'], /cannot read the bundle .*no such file/],
    ['a missing --bundle', ['check', 'NA9C5ONQ'], /--bundle FILE is required/],
    ['a day that does not exist', ['check', '--bundle', bundleFile, '--today', '2026-02-30', 'X'], /--today must be a day number or a date/],
    ['an unknown option', ['check', '--bundel', bundleFile], /Unknown option '--bundel'/],
    ['an unknown command', ['frobnicate'], /unknown command "frobnicate"/],
    ['roots that are not JSON', ['bundle', 'open', '--roots', bundleFile.replace('bundle.json', 'README.md'), bundleFile], /root keys are not valid JSON/],
    ['a seed of the wrong size', ['issue', '--seed', 'abc', '--kid', '1', '--id', 'AB12', '--issued', '2026-01-01', '--expires', '2026-12-31'], /32-byte Ed25519 seed/],
    ['a card valid too long', ['issue', '--seed', 'a4h_iYgTPj8QsW2lzrKmSVbEYEyW-SfluXEAZSsomR8', '--kid', '1', '--id', 'AB12', '--issued', '2026-01-01', '--expires', '2027-12-31'], /valid at most 400 days/],
    ['a register CSV with a bad row', ['bundle', 'make', '--root-seed', 'a4h_iYgTPj8QsW2lzrKmSVbEYEyW-SfluXEAZSsomR8', '--root-id', 'r', '--keys', join(testDir, 'vectors/suggestions.json'), '--register', bundleFile], /keys file must be a JSON array/],
    ['a QR file type it cannot write', ['qr', 'HELLO', '--out', join(tmp, 'x.gif')], /must end in .png, .svg or .y4m/],
  ];
  it.each(cases)('%s', (_what, args, message) => {
    const r = kaiku(args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(r.stdout).toBe('');
  });

  it('names the line of a register CSV that is wrong', () => {
    const keysFile = file('k.json', JSON.stringify([{ kid: 1, publicKey: 'ZQK440NSSmf_iBg2JB5gfNHa2UtvhI_9Z5reBVAmvhA', validFrom: 1, validUntil: 2 }]));
    const register = file('bad.csv', 'id,issued,expires,children,kind\nAB12CD34,2026-01-10,2027-01-09,2,0\nAB12CD35,2026-01-10,2027-01-09,2,1\n');
    const r = kaiku(['bundle', 'make', '--root-seed', 'a4h_iYgTPj8QsW2lzrKmSVbEYEyW-SfluXEAZSsomR8', '--root-id', 'r', '--keys', keysFile, '--register', register]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/bad.csv line 3 "children" must be a whole number from 0 to 0/);
  });
});
