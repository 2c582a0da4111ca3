// The build inlines the first paint's CSS into index.html. The server's policy must allow exactly
// that style (by its hash) on the page's answer, and still refuse any other inline style.

import { createHash } from 'node:crypto';
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, harness } from './harness.ts';

const hashOf = (css: string) => `'sha256-${createHash('sha256').update(css).digest('base64')}'`;
const styleSrc = (r: Response) => /style-src ([^;]*)/.exec(r.headers.get('Content-Security-Policy') ?? '')?.[1];

describe('the inlined first-paint style', () => {
  let h: Harness;
  const css = ':root{--ink:#0f1720}body{margin:0}';
  beforeAll(async () => {
    h = await harness();
    writeFileSync(join(h.dataDir, 'dist', 'index.html'), `<!doctype html><title>desk</title><style>${css}</style>`);
  });
  afterAll(() => h.close());

  it('is allowed by its hash on the page, for the app routes too', async () => {
    for (const path of ['/', '/index.html', '/manager']) {
      const r = await h.call('GET', path);
      expect(r.status).toBe(200);
      expect(styleSrc(r)).toBe(`'self' ${hashOf(css)}`);
    }
  });

  it('is not allowed on answers that are not the page', async () => {
    expect(styleSrc(await h.call('GET', '/sw.js'))).toBe("'self'");
    expect(styleSrc(await h.call('GET', '/v1/venue'))).toBe("'self'");
  });

  it('follows a rebuilt page', async () => {
    const path = join(h.dataDir, 'dist', 'index.html');
    const rebuilt = 'body{margin:1px}';
    writeFileSync(path, `<!doctype html><title>desk</title><style>${rebuilt}</style>`);
    utimesSync(path, new Date(), new Date(Date.now() + 5000));
    expect(styleSrc(await h.call('GET', '/'))).toBe(`'self' ${hashOf(rebuilt)}`);
  });
});
