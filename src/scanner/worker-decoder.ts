// Our decoder (src/scanner/decoder/) in a module worker, so decoding never holds up the
// page. `new Worker(new URL(...))` is what Vite recognises to bundle the worker as its own chunk,
// fetched only when this runs: when the camera is turned on.

import type { FrameDecoder } from './frame-decoder.ts';
import type { FrameReply, FrameRequest } from './worker-protocol.ts';

/** Frames larger than this are scaled down: more pixels cost decode time, not codes. */
const MAX_SIDE = 1280;

export function workerDecoder(): FrameDecoder {
  const worker = new Worker(new URL('./decoder-worker.ts', import.meta.url), { type: 'module' });
  let pending: { resolve(text: string | null): void; reject(error: unknown): void } | null = null;
  worker.onmessage = (event: MessageEvent<FrameReply>) => {
    pending?.resolve(event.data.text);
    pending = null;
  };
  worker.onerror = (event) => {
    pending?.reject(new Error(`decoder worker failed: ${event.message}`));
    pending = null;
  };
  return {
    async decode(video) {
      const { videoWidth: w, videoHeight: h } = video;
      if (!w || !h) return null;
      const scale = Math.min(1, MAX_SIDE / Math.max(w, h));
      const frame =
        scale < 1
          ? await createImageBitmap(video, { resizeWidth: Math.round(w * scale), resizeHeight: Math.round(h * scale), resizeQuality: 'medium' })
          : await createImageBitmap(video);
      return new Promise<string | null>((resolve, reject) => {
        pending = { resolve, reject };
        const request: FrameRequest = { frame };
        worker.postMessage(request, [frame]);
      });
    },
    close() {
      worker.terminate();
      pending?.resolve(null);
      pending = null;
    },
  };
}
