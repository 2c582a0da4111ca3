// Root keys: the only keys a desk trusts a bundle from. They are configuration of the build
// (KAIKU_ROOTS), never fetched; without it, only the demo root, whose seed is public, is trusted.

import { fromBase64url } from './base64url.ts';

export interface RootKey {
  id: string;
  publicKey: Uint8Array;
}

export interface RootConfig {
  roots: RootKey[];
  /** True when these are the published demo roots: the desk says "demo keys" on screen. */
  demo: boolean;
}

export const DEMO_ROOT_JSON = [{ id: 'demo-root-1', publicKey: 'ZQK440NSSmf_iBg2JB5gfNHa2UtvhI_9Z5reBVAmvhA' }];

/**
 * Roots from JSON text: an array of {id, publicKey} (the KAIKU_ROOTS form) or an object with such
 * an array under `roots` (the form of the demo keys file). Throws a message a person can act on.
 */
export function parseRoots(text: string): RootKey[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error('the root keys are not valid JSON');
  }
  const list = Array.isArray(json) ? json : (json as { roots?: unknown } | null)?.roots;
  if (!Array.isArray(list) || list.length === 0)
    throw new Error('the root keys must be a non-empty JSON array of {"id", "publicKey"}, or an object with one under "roots"');
  const roots = list.map((entry: unknown, i) => {
    const { id, publicKey } = (entry ?? {}) as { id?: unknown; publicKey?: unknown };
    const key = typeof publicKey === 'string' ? fromBase64url(publicKey) : null;
    if (typeof id !== 'string' || id === '' || !key || key.length !== 32)
      throw new Error(`root key ${i + 1} needs an "id" and a "publicKey" of 32 bytes in base64url`);
    return { id, publicKey: key };
  });
  const twice = roots.find((r, i) => roots.findIndex((o) => o.id === r.id) !== i);
  if (twice) throw new Error(`root "${twice.id}" is listed twice`);
  return roots;
}

/** The roots a build or a server trusts: KAIKU_ROOTS when given, else the demo root. */
export function rootConfig(kaikuRoots: string | undefined): RootConfig {
  const demoRoots = parseRoots(JSON.stringify(DEMO_ROOT_JSON));
  const roots = kaikuRoots === undefined || kaikuRoots.trim() === '' ? demoRoots : parseRoots(kaikuRoots);
  // Trusting the published demo key at all makes every bundle forgeable: say so, however it came in.
  const demoKey = demoRoots[0]!.publicKey.join();
  return { roots, demo: roots.some((r) => r.publicKey.join() === demoKey) };
}
