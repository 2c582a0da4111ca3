// A Vite plugin: the entry's CSS goes into index.html as a <style>, so the first paint waits for
// no second request (on a venue's slow wifi that request is most of the wait). CSS of the lazily
// loaded screens stays in its own files. The reference server allows the inline style by its hash.

import type { Plugin } from 'vite';

export function inlineEntryCss(): Plugin {
  return {
    name: 'kaiku-inline-entry-css',
    apply: 'build',
    enforce: 'post',
    generateBundle: {
      // After Vite's own generateBundle, which writes the lists of what each lazy import loads first.
      order: 'post',
      handler(_options, bundle) {
        const inlined: string[] = [];
        for (const html of Object.values(bundle)) {
          if (html.type !== 'asset' || !html.fileName.endsWith('.html')) continue;
          let text = String(html.source);
          for (const [fileName, css] of Object.entries(bundle)) {
            if (css.type !== 'asset' || !fileName.endsWith('.css')) continue;
            const link = new RegExp(`<link rel="stylesheet"[^>]*href="/${fileName.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"[^>]*>`);
            if (!link.test(text)) continue;
            // `</style` cannot occur in CSS that Vite minified from real stylesheets, but never trust it.
            const source = String(css.source);
            if (/<\/style/i.test(source)) this.error(`${fileName} contains "</style" and cannot be inlined`);
            text = text.replace(link, () => `<style>${source}</style>`);
            delete bundle[fileName];
            inlined.push(fileName);
          }
          html.source = text;
        }
        // A lazy chunk that imports from the entry lists the entry's CSS among what Vite's loader
        // fetches first, and would wait on a file that no longer exists: take it off those lists.
        for (const chunk of Object.values(bundle)) {
          if (chunk.type !== 'chunk') continue;
          for (const fileName of inlined) {
            const name = JSON.stringify(fileName);
            if (chunk.code.includes(name)) chunk.code = chunk.code.replaceAll(`,${name}`, '').replaceAll(`${name},`, '').replaceAll(name, '');
          }
        }
      },
    },
  };
}
