// The core's Ed25519 engines in real Chromium: WebCrypto there is not Node's, so the Wycheproof
// suite and the card-code vectors run again in the browser the desk ships to.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { build } from 'esbuild';
import { edgeCases, smallOrderKeys } from '../support/ed25519-edges.ts';

const read = (p: string) => readFileSync(fileURLToPath(new URL(`../${p}`, import.meta.url)), 'utf8');

// These tests inject the core as a script of their own, which the desk's policy rightly refuses;
// the desk itself runs under the policy in every other spec.
test.use({ bypassCSP: true });

async function coreScript(): Promise<string> {
  const out = await build({
    entryPoints: [fileURLToPath(new URL('./core-in-browser.entry.ts', import.meta.url))],
    bundle: true,
    format: 'iife',
    globalName: 'kaikuCore',
    platform: 'browser',
    write: false,
    logLevel: 'error',
  });
  return out.outputFiles[0]!.text;
}

test('the production build says when it trusts the demo keys', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByTestId('banner').and(page.locator('[data-kind="demo-keys"]'))).toBeVisible();
});

test('Chromium WebCrypto is picked, and both engines pass Wycheproof, the card-code vectors and the cases where verifiers part ways', async ({ page }) => {
  await page.goto('/');
  await page.addScriptTag({ content: await coreScript() });
  const result = await page.evaluate(
    async ({ wycheproof, cards, bundle, keys, edges, smallKeys }) => {
      const core = (window as unknown as { kaikuCore: typeof import('./core-in-browser.entry.ts') }).kaikuCore;
      const hex = (h: string) => Uint8Array.from(h.match(/../g) ?? [], (b) => parseInt(b, 16));
      const picked = await core.pickEd25519(crypto.subtle as never, async () => core.nobleEd25519);
      const engines = [picked, core.nobleEd25519];
      const wrong: string[] = [];
      let cases = 0;
      for (const ed of engines) {
        for (const g of JSON.parse(wycheproof).testGroups) {
          for (const t of g.tests) {
            const key = await ed.importKey(hex(g.publicKey.pk));
            const ok = key !== null && (await key.verify(hex(t.msg), hex(t.sig)));
            cases++;
            if (ok !== (t.result === 'valid')) wrong.push(`${ed.engine} wycheproof ${t.tcId}`);
          }
        }
        for (const c of edges) {
          const key = await ed.importKey(Uint8Array.from(c.publicKey));
          const ok = key !== null && (await key.verify(Uint8Array.from(c.message), Uint8Array.from(c.signature)));
          cases++;
          if (ok !== c.cofactorless) wrong.push(`${ed.engine} ${c.name}`);
        }
        for (const pk of smallKeys) if ((await ed.importKey(Uint8Array.from(pk))) !== null) wrong.push(`${ed.engine} took a small-order key`);
        const roots = core.parseRoots(keys);
        const opened = await core.openBundle(JSON.parse(bundle), roots, ed);
        if (!opened.ok) return { engine: picked.engine, cases, wrong: [`${ed.engine} bundle: ${opened.error}`] };
        for (const c of JSON.parse(cards).cases) {
          const got = await core.checkCard(c.input, { bundle: opened.bundle, today: c.today, stale: core.isStaleOnDay(opened.bundle, c.today) });
          cases++;
          for (const [k, v] of Object.entries(c.expect)) if ((got as unknown as Record<string, unknown>)[k] !== v) wrong.push(`${ed.engine} ${c.name}: ${k}`);
        }
      }
      return { engine: picked.engine, cases, wrong };
    },
    {
      wycheproof: read('wycheproof/ed25519_test.json'),
      cards: read('vectors/card-codes.json'),
      bundle: read('vectors/bundle.json'),
      keys: read('vectors/keys.json'),
      // Chromium's own WebCrypto (BoringSSL) on the cases where verifiers part ways.
      edges: edgeCases.map((c) => ({ ...c, publicKey: [...c.publicKey], message: [...c.message], signature: [...c.signature] })),
      smallKeys: smallOrderKeys().map((k) => [...k]),
    },
  );
  expect(result.engine).toBe('webcrypto');
  expect(result.wrong).toEqual([]);
  expect(result.cases).toBe(2 * (151 + 53 + edgeCases.length));
});
