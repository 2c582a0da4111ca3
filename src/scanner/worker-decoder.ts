// Our decoder (src/scanner/decoder/) in a module worker, so decoding never holds up the
// page. `new Worker(new URL(...))` is what Vite recognises to bundle the worker as its own chunk,
// fetched only when this runs: when the camera is turned on.

import type { FrameDecoder } from './frame-decoder.ts';
import { MAX_SIDE } from './frame-luminance.ts';
import type { FrameReply, FrameRequest } from './worker-protocol.ts';

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
  // A VideoFrame refers to the camera's own picture: the page's thread neither converts nor
  // scales it (on a slow tablet, an ImageBitmap of each frame was most of the page's cost of a
  // scan). Browsers without VideoFrame, or that cannot hand one to a worker, send ImageBitmaps.
  let videoFrames = typeof VideoFrame === 'function';

  /** The video's current frame, as an ImageBitmap no larger than MAX_SIDE. */
  const bitmap = (video: HTMLVideoElement, w: number, h: number): Promise<ImageBitmap> => {
    const scale = Math.min(1, MAX_SIDE / Math.max(w, h));
    return scale < 1 ? createImageBitmap(video, { resizeWidth: Math.round(w * scale), resizeHeight: Math.round(h * scale), resizeQuality: 'medium' }) : createImageBitmap(video);
  };

  const send = (request: FrameRequest): void => worker.postMessage(request, [request.frame as Transferable]);

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
      const id = nextId++;
      const answer = new Promise<string | null>((resolve, reject) => pending.set(id, { resolve, reject }));
      if (videoFrames) {
        const frame = new VideoFrame(video);
        try {
          send({ id, frame });
          return answer;
        } catch {
          frame.close();
          videoFrames = false;
        }
      }
      send({ id, frame: await bitmap(video, w, h) });
      return answer;
    },
    close() {
      worker.terminate();
      for (const waiting of pending.values()) waiting.resolve(null);
      pending.clear();
    },
  };
}
