// kaiku bundle open: verify and summarise a bundle; with --current, whether a desk would take it.

import { openBundleText, replacesBundle } from '../../core/bundle.ts';
import { nodeEd25519 } from '../../node/engine.ts';
import { loadRoots, readText } from '../../node/inputs.ts';
import { emit } from '../../node/output.ts';
import { UsageError } from '../../node/usage-error.ts';

export interface BundleOpenOptions {
  roots?: string;
  current?: string;
  envelope: string;
}

export async function runBundleOpen(opts: BundleOpenOptions): Promise<void> {
  const roots = loadRoots(opts.roots);
  const ed = await nodeEd25519();
  const candidate = await openBundleText(readText(opts.envelope, 'bundle'), roots, ed);
  let replaces: { replaces: boolean } | Record<string, never> = {};
  if (opts.current !== undefined) {
    const current = await openBundleText(readText(opts.current, 'current bundle'), roots, ed);
    if (!current.ok) throw new UsageError(`the current bundle ${opts.current} does not open: ${current.error}`);
    replaces = { replaces: candidate.ok && replacesBundle(current.bundle, candidate.bundle) };
  }
  if (!candidate.ok) return emit({ accept: false, error: candidate.error, ...replaces });
  const b = candidate.bundle;
  emit({
    accept: true,
    serial: b.serial,
    keys: b.keys.size,
    registerCount: b.register.count,
    revoked: b.revokedCount,
    issuedAt: b.issuedAt,
    expiresAt: b.expiresAt,
    ...replaces,
  });
}
