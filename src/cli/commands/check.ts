// kaiku check: steps 1-3 of a check (the card itself) for each input, against a bundle file.

import { readFileSync } from 'node:fs';
import { helsinkiDay } from '../../core/calendar.ts';
import type { TrustBundle } from '../../core/bundle.ts';
import { isStaleOnDay, openBundleText } from '../../core/bundle.ts';
import { checkCard } from '../../core/card-check.ts';
import { nodeEd25519 } from '../../node/engine.ts';
import { loadRoots, parseDay, readText, required } from '../../node/inputs.ts';
import { emit } from '../../node/output.ts';

export interface CheckOptions {
  bundle?: string;
  roots?: string;
  today?: string;
  inputs: string[];
}

/** Lines of standard input: each LF ends a line, a final LF ends the last one, empty lines count. */
export function stdinLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  return lines;
}

export async function runCheck(opts: CheckOptions): Promise<void> {
  const envelope = readText(required(opts.bundle, '--bundle FILE'), 'bundle');
  const roots = loadRoots(opts.roots);
  const today = opts.today === undefined ? helsinkiDay(Date.now()) : parseDay(opts.today, '--today');
  const inputs = opts.inputs.length ? opts.inputs : stdinLines(readFileSync(0, 'utf8'));
  const opened = await openBundleText(envelope, roots, await nodeEd25519());
  // A refused bundle is a result, not a failure: every input gets what a desk without one says.
  if (!opened.ok) process.stderr.write(`kaiku: the bundle is refused (${opened.error}); checking as a desk without a bundle\n`);
  const bundle: TrustBundle | null = opened.ok ? opened.bundle : null;
  const stale = bundle ? isStaleOnDay(bundle, today) : false;
  for (const input of inputs) {
    const r = await checkCard(input, { bundle, today, stale });
    emit({ input, verdict: r.verdict, reason: r.reason, source: r.source, cardId: r.cardId, kind: r.kind, children: r.children, stale: r.stale });
  }
}
