// kaiku issue: mint a signed KK1. card code.

import { classify } from '../../core/classify.ts';
import { issueCode } from '../../core/issue-code.ts';
import type { CardKind } from '../../core/card-code.ts';
import { parseDay, parseSeed, parseWhole, required } from '../../node/inputs.ts';
import { emit } from '../../node/output.ts';
import { UsageError } from '../../node/usage-error.ts';

export interface IssueOptions {
  seed?: string;
  kid?: string;
  id?: string;
  issued?: string;
  expires?: string;
  kind?: string;
  children?: string;
}

export function runIssue(opts: IssueOptions): void {
  const seed = parseSeed(required(opts.seed, '--seed B64'), '--seed');
  const read = classify(required(opts.id, '--id ID'));
  if (read.kind !== 'plain') throw new UsageError(`--id must be a card ID of 4-16 characters of 0-9 and A-Z, not "${opts.id}"`);
  try {
    const code = issueCode(seed, {
      kid: parseWhole(required(opts.kid, '--kid N'), '--kid', 0, 0xffff)!,
      id: read.id,
      issued: parseDay(required(opts.issued, '--issued DATE'), '--issued'),
      expires: parseDay(required(opts.expires, '--expires DATE'), '--expires'),
      kind: (parseWhole(opts.kind, '--kind', 0, 1) ?? 0) as CardKind,
      children: parseWhole(opts.children, '--children', 0, 255) ?? 0,
    });
    emit({ code });
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`cannot issue this card: ${(e as Error).message}`);
  }
}
