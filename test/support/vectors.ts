// Loads the contract's test vectors (copied into test/vectors) and the engines to run them on.

import { readFileSync } from 'node:fs';
import { webcrypto } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Ed25519, SubtleEd25519 } from '../../src/core/ed25519.ts';
import { webCryptoEd25519 } from '../../src/core/ed25519.ts';
import { nobleEd25519 } from '../../src/core/ed25519-noble.ts';
import { parseRoots } from '../../src/core/roots.ts';

export const testDir = fileURLToPath(new URL('..', import.meta.url));

export function readTestFile(path: string): string {
  return readFileSync(new URL(`../${path}`, import.meta.url), 'utf8');
}

export function vector<T>(name: string): T {
  return JSON.parse(readTestFile(`vectors/${name}`)) as T;
}

export const nodeSubtle = webcrypto.subtle as unknown as SubtleEd25519;

/** Every Ed25519 engine the core has, each run through the same cases. */
export const engines: [string, Ed25519][] = [
  ['noble', nobleEd25519],
  ['webcrypto', webCryptoEd25519(nodeSubtle)],
];

export const demoRoots = parseRoots(readTestFile('vectors/keys.json'));
export const bundleEnvelope: unknown = vector('bundle.json');
