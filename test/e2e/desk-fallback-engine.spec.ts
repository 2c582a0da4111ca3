// A tablet whose browser has no Ed25519 in WebCrypto: the desk loads its JavaScript engine then,
// and only then, and decides every card-code vector as the contract says.

import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { TODAY, cardCases, enrolledDesk, typeCard } from '../support/desk-fixture.ts';

test.use({ serviceWorkers: 'block' });

/** The JS files the page fetched, by name without the hash. */
function scriptsOf(page: Page): string[] {
  const names: string[] = [];
  page.on('request', (r) => {
    const m = /\/assets\/(.+)-[\w-]{8}\.js$/.exec(new URL(r.url()).pathname);
    if (m) names.push(m[1]!);
  });
  return names;
}

test('without WebCrypto Ed25519 the desk loads the fallback engine and gives the contract verdicts', async ({ page }) => {
  // As an older browser: Ed25519 is an unknown algorithm name.
  await page.addInitScript(() => {
    const refuse = (algorithm: unknown) => String((algorithm as { name?: unknown } | null)?.name ?? algorithm).toLowerCase() === 'ed25519';
    const { importKey, verify } = SubtleCrypto.prototype;
    SubtleCrypto.prototype.importKey = function (this: SubtleCrypto, ...args: Parameters<SubtleCrypto['importKey']>) {
      return refuse(args[2]) ? Promise.reject(new DOMException('Algorithm: Unrecognized name', 'NotSupportedError')) : importKey.apply(this, args);
    } as SubtleCrypto['importKey'];
    SubtleCrypto.prototype.verify = function (this: SubtleCrypto, ...args: Parameters<SubtleCrypto['verify']>) {
      return refuse(args[0]) ? Promise.reject(new DOMException('Algorithm: Unrecognized name', 'NotSupportedError')) : verify.apply(this, args);
    } as SubtleCrypto['verify'];
  });
  const scripts = scriptsOf(page);
  await enrolledDesk(page);
  expect(scripts).toContain('ed25519-noble');

  for (const c of cardCases.filter((k) => k.today === TODAY)) {
    await typeCard(page, c.input);
    const verdict = page.getByTestId('verdict');
    await expect(verdict, c.name).toHaveAttribute('data-verdict', c.expect.verdict as string);
    await expect(verdict, c.name).toHaveAttribute('data-reason', (c.expect.reason as string | undefined) ?? '');
    if (c.expect.cardId) await expect(verdict, c.name).toHaveAttribute('data-card-id', c.expect.cardId as string);
  }
});

test('where WebCrypto has Ed25519 the fallback engine is never fetched', async ({ page }) => {
  const scripts = scriptsOf(page);
  await enrolledDesk(page);
  const signed = cardCases.find((c) => c.name.startsWith('valid personal code'))!;
  await typeCard(page, signed.input);
  await expect(page.getByTestId('verdict')).toHaveAttribute('data-verdict', 'accepted');
  expect(scripts.length).toBeGreaterThan(0);
  expect(scripts).not.toContain('ed25519-noble');
});
