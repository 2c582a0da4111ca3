import preact from '@preact/preset-vite';
import { defineConfig } from 'vite';
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
  plugins: [preact()],
  define: {
    __KAIKU_ROOTS__: JSON.stringify(kaikuRoots),
  },
  build: {
    target: 'es2022',
    sourcemap: true,
  },
  preview: {
    port: 4173,
    strictPort: true,
  },
});
