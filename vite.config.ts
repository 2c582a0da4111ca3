import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
import { VitePWA } from 'vite-plugin-pwa';
import { inlineEntryCss } from './scripts/inline-entry-css.ts';
import { rootConfig } from './src/core/roots.ts';

// The root keys are configuration of the build (KAIKU_ROOTS), never fetched. Parse them here so a
// malformed value stops the build with a message instead of shipping a desk that trusts nothing.
const kaikuRoots = process.env.KAIKU_ROOTS ?? '';
try {
  rootConfig(kaikuRoots);
} catch (e) {
  throw new Error(`KAIKU_ROOTS: ${(e as Error).message}`);
}

export default defineConfig({
  plugins: [
    preact(),
    inlineEntryCss(),
    VitePWA({
      strategies: 'injectManifest',
      srcDir: 'src',
      filename: 'sw.ts',
      // The desk applies an update when it is idle (src/app/pwa.ts), which is the only registration.
      registerType: 'prompt',
      injectRegister: false,
      manifest: {
        name: 'Kaiku Desk',
        short_name: 'Kaiku Desk',
        description: 'Kaiku Desk: Kaikukortti ticket desk for venues',
        lang: 'fi',
        start_url: '/',
        scope: '/',
        display: 'standalone',
        orientation: 'any',
        theme_color: '#0b3d5c',
        background_color: '#ffffff',
        // Made from favicon.svg by scripts/make-icons.mjs.
        icons: [
          { src: 'pwa-192x192.png', sizes: '192x192', type: 'image/png' },
          { src: 'pwa-512x512.png', sizes: '512x512', type: 'image/png' },
          { src: 'maskable-icon-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        ],
      },
      // The globs below already take the icons; the plugin adds manifest.webmanifest itself.
      // Either way twice would list them twice in the precache.
      includeManifestIcons: false,
      injectManifest: {
        // Every emitted JS file, so lazy chunks and worker chunks (Vite puts both in assets/) work
        // offline. Source maps stay out: nobody debugs at the desk.
        globPatterns: ['**/*.{js,css,html,svg,png,woff2}'],
      },
      devOptions: { enabled: false },
    }),
  ],
  define: {
    __KAIKU_ROOTS__: JSON.stringify(kaikuRoots),
  },
  build: {
    target: 'es2022',
    // No source maps in production: the shipped code is all a desk needs, and no more is given away.
    sourcemap: false,
    // Vite's polyfill for <link rel="modulepreload"> would run first on every start, for tags
    // index.html does not have (the first screen is one chunk; lazy chunks are preloaded by
    // Vite's loader itself, which checks for the support).
    modulePreload: { polyfill: false },
  },
  preview: {
    port: 4173,
    strictPort: true,
  },
});
