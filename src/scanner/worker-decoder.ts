// Our decoder (src/scanner/decoder/) in a module worker, so decoding never holds up the
// page. `new Worker(new URL(...))` is what Vite recognises to bundle the worker as its own chunk,
// fetched only when this runs: when the camera is turned on.

import type { FrameDecoder } from './frame-decoder.ts';
import type { FrameReply, FrameRequest } from './worker-protocol.ts';

/** Frames larger than this are scaled down: more pixels cost decode time, not codes. */
const MAX_SIDE = 1280;

interface Pending {
  resolve(text: string | null): void;
  reject(error: unknown): void;
}

export function workerDecoder(): FrameDecoder {
  const worker = new Worker(new URL('./decoder-worker.ts', import.meta.url), { type: 'module' });
  // Each decode waits under its own frame number, so overlapping calls cannot take each other's
  // answers (the scanner sends one frame at a time, but nothing here relies on that).
  const pending = new Map<number, Pending>();
  let nextId = 0;
  worker.onmessage = (event: MessageEvent<FrameReply>) => {
    pending.get(event.data.id)?.resolve(event.data.text);
    pending.delete(event.data.id);
  };
  worker.onerror = (event) => {
    const error = new Error(`decoder worker failed: ${event.message}`);
    for (const waiting of pending.values()) waiting.reject(error);
    pending.clear();
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
        const id = nextId++;
        pending.set(id, { resolve, reject });
        const request: FrameRequest = { id, frame };
        worker.postMessage(request, [frame]);
      });
    },
    close() {
      worker.terminate();
      for (const waiting of pending.values()) waiting.resolve(null);
      pending.clear();
    },
  };
}
