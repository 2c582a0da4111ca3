// The desk runs under the server's Content-Security-Policy in these tests: this watches that the
// page got the policy and that nothing it did was refused by it.

import type { Page } from '@playwright/test';
import { expect } from '@playwright/test';

export async function watchPolicy(page: Page): Promise<{ check(): Promise<void> }> {
  // securitypolicyviolation events in the page too, for what the console may not say.
  await page.addInitScript(() => {
    const seen: string[] = [];
    (globalThis as { kaikuPolicyViolations?: string[] }).kaikuPolicyViolations = seen;
    document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective}: ${e.blockedURI}`));
  });
  const refused: string[] = [];
  let policy: string | undefined;
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) refused.push(m.text());
  });
  page.on('response', (r) => {
    if (r.request().resourceType() === 'document') policy = r.headers()['content-security-policy'] ?? policy;
  });
  return {
    async check() {
      expect(policy).toMatch(/script-src 'self'/);
      expect(policy).toMatch(/frame-ancestors 'none'/);
      const violations = await page.evaluate(() => (globalThis as { kaikuPolicyViolations?: string[] }).kaikuPolicyViolations ?? []);
      expect([...refused, ...violations]).toEqual([]);
    },
  };
}
