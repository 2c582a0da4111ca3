// kaiku: the command line over the same core the desk decides with. Output is JSON lines on
// standard output; a usage problem is one sentence on standard error and exit status 2.

import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { runBundleMake } from './commands/bundle-make.ts';
import { runBundleOpen } from './commands/bundle-open.ts';
import { runCheck } from './commands/check.ts';
import { runIssue } from './commands/issue.ts';
import { runQr } from './commands/qr.ts';
import { runAdmin } from '../../server/commands/admin-command.ts';
import { runServe } from '../../server/commands/serve-command.ts';
import { UsageError } from '../node/usage-error.ts';

export const USAGE = `usage: kaiku <command> …

  check --bundle FILE [--roots FILE] [--today DAY] [INPUT …]
        check each INPUT (or each line of standard input) as a desk would: the card itself
  bundle open [--roots FILE] [--current FILE] ENVELOPE
        verify and summarise a bundle; with --current, whether a desk would take it
  bundle make --root-seed B64 --root-id ID --keys FILE --register CSV [--revoked CSV] [--serial N] [--days N]
        make a signed bundle from the register's CSV and the issuer keys
  issue --seed B64 --kid N --id ID --issued DATE --expires DATE [--kind 0|1] [--children N]
        mint a signed KK1. card code
  qr TEXT --out FILE.png|FILE.svg|FILE.y4m
        render TEXT as a QR code (a .y4m video feeds a browser's fake camera)
  serve [--port N] [STORE] [--demo] [--host ADDR] [--cors ORIGIN,…] [--quiet]
        run the reference sync server (and the built app) until stopped; --demo seeds a demo venue;
        one JSON log line per request on standard error (not with --demo or --quiet)
  admin venue [STORE] FILE | admin locality [STORE] FILE
  admin enrol-code [STORE] --venue ID [--manager] [--hours N]
  admin enrol-code [STORE] --locality ID --coordinator [--hours N]
  admin publish [STORE] ENVELOPE | admin devices [STORE] | admin revoke [STORE] DEVICE
  admin records [STORE] --venue ID [--day DAY] [--device ID]
        the server's admin: venues, localities, one-time enrolment codes, bundles, devices, the
        records it holds (JSON lines, oldest first)

STORE is --data DIR (SQLite in a folder) or --database URL (PostgreSQL, postgres://user:pw@host/db);
without either, KAIKU_DATABASE_URL if set, else --data ./data.
DAY is a day number or an ISO date (2026-11-22). Roots default to KAIKU_ROOTS, else the demo root.`;

type Options = Record<string, { type: 'string' | 'boolean' }>;

function parse<T extends Options>(args: string[], options: T, command: string) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new UsageError(`${command}: ${(e as Error).message.replace(/\. To specify a positional.*$/s, '')}`);
  }
}

const str = { type: 'string' } as const;
const bool = { type: 'boolean' } as const;

export async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === undefined || command === 'help' || command === '--help' || command === '-h') {
    process.stdout.write(USAGE + '\n');
    return;
  }
  if (command === 'check') {
    const { values, positionals } = parse(rest, { bundle: str, roots: str, today: str }, 'check');
    return runCheck({ ...values, inputs: positionals });
  }
  if (command === 'bundle' && rest[0] === 'open') {
    const { values, positionals } = parse(rest.slice(1), { roots: str, current: str }, 'bundle open');
    if (positionals.length !== 1) throw new UsageError('bundle open: name exactly one ENVELOPE file');
    return runBundleOpen({ ...values, envelope: positionals[0]! });
  }
  if (command === 'bundle' && rest[0] === 'make') {
    const spec = { 'root-seed': str, 'root-id': str, keys: str, register: str, revoked: str, serial: str, days: str };
    const { values, positionals } = parse(rest.slice(1), spec, 'bundle make');
    if (positionals.length) throw new UsageError(`bundle make: unexpected argument "${positionals[0]}"`);
    const { 'root-seed': rootSeed, 'root-id': rootId, ...others } = values;
    return runBundleMake({ ...others, rootSeed, rootId, now: Date.now() }, () => new Uint8Array(randomBytes(16)));
  }
  if (command === 'issue') {
    const spec = { seed: str, kid: str, id: str, issued: str, expires: str, kind: str, children: str };
    const { values, positionals } = parse(rest, spec, 'issue');
    if (positionals.length) throw new UsageError(`issue: unexpected argument "${positionals[0]}"`);
    return runIssue(values);
  }
  if (command === 'qr') {
    const { values, positionals } = parse(rest, { out: str }, 'qr');
    if (positionals.length > 1) throw new UsageError('qr: give the TEXT as one argument (quote it)');
    return runQr(positionals[0], values.out);
  }
  if (command === 'serve') {
    const { values, positionals } = parse(rest, { port: str, data: str, database: str, host: str, cors: str, demo: bool, quiet: bool }, 'serve');
    if (positionals.length) throw new UsageError(`serve: unexpected argument "${positionals[0]}"`);
    return runServe(values);
  }
  if (command === 'admin') {
    const spec = { data: str, database: str, venue: str, manager: bool, locality: str, coordinator: bool, hours: str, day: str, device: str };
    const { values, positionals } = parse(rest.slice(1), spec, `admin ${rest[0] ?? ''}`.trim());
    return runAdmin(rest[0], values, positionals);
  }
  if (command === 'bundle') throw new UsageError('bundle needs "open" or "make"; run "kaiku help" for the list');
  throw new UsageError(`unknown command "${command}"; run "kaiku help" for the list`);
}

main(process.argv.slice(2)).catch((e: unknown) => {
  if (e instanceof UsageError) {
    process.stderr.write(`kaiku: ${e.message}\n`);
    process.exit(2);
  }
  // A fault of ours, not the user's: still one line, and a distinct status.
  process.stderr.write(`kaiku: internal error: ${(e as Error)?.message ?? String(e)}\n`);
  process.exit(1);
});
