// The page side of the decoder worker, with a fake Worker: two decodes in flight at once each get
// the answer to their own frame, whatever order the answers come back in.

import { afterEach, beforeEach, expect, it, vi } from 'vitest';
import type { FrameReply, FrameRequest } from '../../src/scanner/worker-protocol.ts';
import { workerDecoder } from '../../src/scanner/worker-decoder.ts';

class FakeWorker {
  static last: FakeWorker;
  onmessage: ((event: { data: FrameReply }) => void) | null = null;
  onerror: ((event: { message: string }) => void) | null = null;
  received: FrameRequest[] = [];
  terminated = false;
  constructor() {
    FakeWorker.last = this;
  }
  postMessage(request: FrameRequest) {
    this.received.push(request);
  }
  terminate() {
    this.terminated = true;
  }
  answer(request: FrameRequest, text: string | null) {
    this.onmessage?.({ data: { id: request.id, text, ms: 1 } });
  }
}

const video = (name: string) => ({ videoWidth: 640, videoHeight: 480, name }) as unknown as HTMLVideoElement;

beforeEach(() => {
  vi.stubGlobal('Worker', FakeWorker);
  // The "bitmap" remembers which video it came from, so the fake worker's answer can be checked.
  vi.stubGlobal('createImageBitmap', async (v: { name: string }) => ({ from: v.name }));
});
afterEach(() => vi.unstubAllGlobals());

async function sent(count: number) {
  await vi.waitFor(() => expect(FakeWorker.last.received).toHaveLength(count));
  return FakeWorker.last.received;
}

it('gives each of two overlapping decodes the answer to its own frame', async () => {
  const decoder = workerDecoder();
  const first = decoder.decode(video('first'));
  const second = decoder.decode(video('second'));
  const [a, b] = await sent(2);
  const byFrame = new Map([a!, b!].map((r) => [(r.frame as unknown as { from: string }).from, r]));
  FakeWorker.last.answer(byFrame.get('second')!, 'KK1.SECOND');
  FakeWorker.last.answer(byFrame.get('first')!, 'KK1.FIRST');
  await expect(first).resolves.toBe('KK1.FIRST');
  await expect(second).resolves.toBe('KK1.SECOND');
});

it('fails every waiting decode when the worker dies, and answers null to those waiting at close', async () => {
  const decoder = workerDecoder();
  const first = decoder.decode(video('first'));
  const second = decoder.decode(video('second'));
  await sent(2);
  FakeWorker.last.onerror?.({ message: 'boom' });
  await expect(first).rejects.toThrow('decoder worker failed: boom');
  await expect(second).rejects.toThrow('decoder worker failed: boom');

  const third = decoder.decode(video('third'));
  await sent(3);
  decoder.close();
  await expect(third).resolves.toBeNull();
  expect(FakeWorker.last.terminated).toBe(true);
});

it('hands the worker the camera frame itself where the browser has VideoFrame, with no bitmap made on the page', async () => {
  const made: string[] = [];
  vi.stubGlobal('createImageBitmap', async (v: { name: string }) => (made.push(v.name), { from: v.name }));
  vi.stubGlobal('VideoFrame', class {
    from: string;
    closed = false;
    constructor(v: { name: string }) {
      this.from = v.name;
    }
    close() {
      this.closed = true;
    }
  });
  const decoder = workerDecoder();
  const first = decoder.decode(video('first'));
  const [request] = await sent(1);
  expect(request!.frame).toBeInstanceOf(VideoFrame);
  FakeWorker.last.answer(request!, 'KK1.FIRST');
  await expect(first).resolves.toBe('KK1.FIRST');
  expect(made).toEqual([]);
});

it('sends bitmaps from then on when a VideoFrame cannot be handed to the worker', async () => {
  const frames: { closed: boolean }[] = [];
  vi.stubGlobal('VideoFrame', class {
    closed = false;
    constructor() {
      frames.push(this);
    }
    close() {
      this.closed = true;
    }
  });
  const decoder = workerDecoder();
  const worker = FakeWorker.last;
  const post = worker.postMessage.bind(worker);
  worker.postMessage = (request: FrameRequest) => {
    if (request.frame instanceof VideoFrame) throw new DOMException('not transferable', 'DataCloneError');
    post(request);
  };
  const first = decoder.decode(video('first'));
  const second = decoder.decode(video('second'));
  const [a, b] = await sent(2);
  expect([a!.frame, b!.frame]).toEqual([{ from: 'first' }, { from: 'second' }]);
  // Only the first try made a VideoFrame, and it was let go.
  expect(frames).toEqual([{ closed: true }]);
  worker.answer(a!, null);
  worker.answer(b!, 'KK1.SECOND');
  await expect(first).resolves.toBeNull();
  await expect(second).resolves.toBe('KK1.SECOND');
});
