#!/usr/bin/env node
// Renders the app icons in public/ from public/favicon.svg with headless Chromium. The PNGs are
// committed: run this again only when the favicon changes (`node scripts/make-icons.mjs`).
import { existsSync, readFileSync } from 'node:fs';
import { chromium } from '@playwright/test';

const svg = readFileSync('public/favicon.svg', 'utf8');
const [, glyph] = svg.match(/<path d="([^"]+)"/) ?? [];
if (!glyph) throw new Error('public/favicon.svg: no <path d="…"> for the letter');
const [, color] = svg.match(/<rect[^>]*fill="([^"]+)"/) ?? [];
if (!color) throw new Error('public/favicon.svg: no <rect fill="…"> for the background');

// Launchers and iOS cut their own shape out of these two, so they fill the square. The maskable
// letter shrinks to keep inside the safe zone, a circle of 40% of the size around the centre.
const fullBleed = (scale) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 64 64"><rect width="64" height="64" fill="${color}"/>` +
  `<path transform="translate(32 32) scale(${scale}) translate(-32 -32)" d="${glyph}" fill="#fff"/></svg>`;

const icons = [
  { file: 'pwa-192x192.png', size: 192, svg },
  { file: 'pwa-512x512.png', size: 512, svg },
  { file: 'maskable-icon-512x512.png', size: 512, svg: fullBleed(0.8) },
  { file: 'apple-touch-icon-180x180.png', size: 180, svg: fullBleed(1) },
];

const executablePath = process.env.KAIKU_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu'] });
try {
  for (const icon of icons) {
    const page = await browser.newPage({ viewport: { width: icon.size, height: icon.size }, deviceScaleFactor: 1 });
    const img = `data:image/svg+xml;base64,${Buffer.from(icon.svg).toString('base64')}`;
    await page.setContent(`<style>*{margin:0}</style><img src="${img}" width="${icon.size}" height="${icon.size}">`);
    await page.locator('img').evaluate((el) => el.decode());
    await page.screenshot({ path: `public/${icon.file}`, omitBackground: true });
    await page.close();
    console.log(`public/${icon.file}`);
  }
} finally {
  await browser.close();
}
