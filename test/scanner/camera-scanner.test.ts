// The camera scanner's behaviour with a fake camera, page and native BarcodeDetector (the worker
// path needs a real browser: the desk's browser tests cover it). Frames arrive when the test
// says so; time is fake, so the 3 s repeat window and the idle stop are exact.

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { startCameraScanner, type CameraState } from '../../src/scanner/camera-scanner.ts';

class FakeTrack {
  stopped = false;
  constraints: unknown[] = [];
  constructor(
    readonly deviceId: string,
    private readonly torch: boolean,
  ) {}
  stop() {
    this.stopped = true;
  }
  getSettings() {
    return { deviceId: this.deviceId };
  }
  getCapabilities() {
    return this.torch ? { torch: true } : {};
  }
  async applyConstraints(c: unknown) {
    this.constraints.push(c);
  }
}

/** What the camera shows now, read by the fake BarcodeDetector. */
let shown: { rawValue: string; format: string }[] = [];
let tracks: FakeTrack[] = [];
let requests: MediaStreamConstraints[] = [];
let visibility: 'visible' | 'hidden' = 'visible';
let locks: { released: boolean; release(): Promise<void> }[] = [];
const listeners = new Map<string, () => void>();

function fakeVideo() {
  let pending: (() => void) | null = null;
  return {
    muted: false,
    playsInline: false,
    srcObject: null as unknown,
    videoWidth: 640,
    videoHeight: 480,
    play: async () => {},
    requestVideoFrameCallback(cb: () => void) {
      pending = cb;
      return 1;
    },
    cancelVideoFrameCallback() {
      pending = null;
    },
    /** Delivers the next video frame, if the scanner asked for one, and lets it be decoded. */
    async frame() {
      const cb = pending;
      pending = null;
      cb?.();
      await vi.advanceTimersByTimeAsync(0);
    },
  };
}

function start(video: ReturnType<typeof fakeVideo>, options: Parameters<typeof startCameraScanner>[2] = {}) {
  const codes: string[] = [];
  const states: [CameraState, string | undefined][] = [];
  const scanner = startCameraScanner(video as unknown as HTMLVideoElement, (t) => codes.push(t), {
    ...options,
    onState: (s, d) => states.push([s, d]),
  });
  return { scanner, codes, states };
}

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'performance'] });
  shown = [];
  tracks = [];
  requests = [];
  visibility = 'visible';
  listeners.clear();
  locks = [];
  let torch = true;
  vi.stubGlobal('document', {
    get visibilityState() {
      return visibility;
    },
    addEventListener: (type: string, fn: () => void) => listeners.set(type, fn),
    removeEventListener: (type: string) => listeners.delete(type),
  });
  vi.stubGlobal('navigator', {
    wakeLock: {
      async request(type: string) {
        expect(type).toBe('screen');
        const lock = {
          released: false,
          async release() {
            lock.released = true;
          },
        };
        locks.push(lock);
        return lock;
      },
    },
    mediaDevices: {
      async getUserMedia(c: MediaStreamConstraints) {
        requests.push(c);
        const video = c.video as MediaTrackConstraints;
        const id = (video.deviceId as { exact?: string } | undefined)?.exact ?? 'rear';
        const track = new FakeTrack(id, torch);
        torch = false; // only the first (rear) camera has a torch
        tracks.push(track);
        return { getTracks: () => [track], getVideoTracks: () => [track] };
      },
      async enumerateDevices() {
        return [
          { kind: 'videoinput', deviceId: 'rear' },
          { kind: 'audioinput', deviceId: 'mic' },
          { kind: 'videoinput', deviceId: 'front' },
        ];
      },
    },
  });
  vi.stubGlobal(
    'BarcodeDetector',
    class {
      static async getSupportedFormats() {
        return ['qr_code', 'code_39', 'ean_13'];
      }
      async detect() {
        return shown;
      }
    },
  );
});

afterEach(() => {
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('startCameraScanner', () => {
  it('opens the rear camera at 1280x720 and reports a code once while it stays in view', async () => {
    const video = fakeVideo();
    const { scanner, codes, states } = start(video);
    await scanner;
    expect(requests[0]!.video).toMatchObject({ facingMode: 'environment', width: { ideal: 1280 }, height: { ideal: 720 } });
    expect(states).toEqual([
      ['starting', undefined],
      ['on', undefined],
    ]);
    await video.frame();
    expect(codes).toEqual([]);
    shown = [{ rawValue: 'KK1.ABC', format: 'qr_code' }];
    for (let i = 0; i < 5; i++) await video.frame();
    expect(codes).toEqual(['KK1.ABC']);
    await vi.advanceTimersByTimeAsync(3000);
    await video.frame();
    expect(codes).toEqual(['KK1.ABC', 'KK1.ABC']);
  });

  it('reports the next card at once, and ignores Code 39 that is no card ID', async () => {
    const video = fakeVideo();
    const { scanner, codes } = start(video);
    await scanner;
    shown = [{ rawValue: 'NA9C5ONQ', format: 'code_39' }];
    await video.frame();
    shown = [{ rawValue: 'HELLO-1', format: 'code_39' }];
    await video.frame();
    shown = [{ rawValue: 'ITM7K', format: 'qr_code' }];
    await video.frame();
    expect(codes).toEqual(['NA9C5ONQ', 'ITM7K']);
  });

  it('lets the camera and the wake lock go while the page is hidden, and takes them again when it is shown', async () => {
    const video = fakeVideo();
    const { scanner, states, codes } = start(video);
    await scanner;
    await vi.advanceTimersByTimeAsync(0);
    expect(locks.filter((l) => !l.released)).toHaveLength(1);
    visibility = 'hidden';
    listeners.get('visibilitychange')!();
    expect(tracks[0]!.stopped).toBe(true);
    expect(video.srcObject).toBeNull();
    expect(locks.every((l) => l.released)).toBe(true);
    expect(states.at(-1)).toEqual(['hidden', undefined]);

    visibility = 'visible';
    listeners.get('visibilitychange')!();
    await vi.advanceTimersByTimeAsync(0);
    expect(tracks).toHaveLength(2);
    expect(tracks[1]!.stopped).toBe(false);
    expect(video.srcObject).not.toBeNull();
    expect(states.slice(-2)).toEqual([
      ['starting', undefined],
      ['on', undefined],
    ]);
    expect(locks.filter((l) => !l.released)).toHaveLength(1);
    shown = [{ rawValue: 'KK1.ABC', format: 'qr_code' }];
    await video.frame();
    expect(codes).toEqual(['KK1.ABC']);
  });

  it('works without the wake lock API', async () => {
    (navigator as { wakeLock?: unknown }).wakeLock = undefined;
    delete (navigator as { wakeLock?: unknown }).wakeLock;
    const video = fakeVideo();
    const { scanner, codes, states } = start(video);
    await scanner;
    expect(states.at(-1)).toEqual(['on', undefined]);
    shown = [{ rawValue: 'KK1.ABC', format: 'qr_code' }];
    await video.frame();
    expect(codes).toEqual(['KK1.ABC']);
  });

  it('pauses after the idle time without a code, counted from the last code, and goes on when resumed', async () => {
    const video = fakeVideo();
    const { scanner, states, codes } = start(video, { idleMs: 10_000 });
    const s = await scanner;
    await vi.advanceTimersByTimeAsync(6000);
    shown = [{ rawValue: 'KK1.ABC', format: 'qr_code' }];
    await video.frame();
    await vi.advanceTimersByTimeAsync(9000);
    expect(tracks[0]!.stopped).toBe(false);
    await vi.advanceTimersByTimeAsync(1000);
    expect(tracks[0]!.stopped).toBe(true);
    expect(locks.every((l) => l.released)).toBe(true);
    expect(states.at(-1)).toEqual(['paused', undefined]);
    // Paused stays paused when the page is hidden and shown again.
    visibility = 'hidden';
    listeners.get('visibilitychange')!();
    visibility = 'visible';
    listeners.get('visibilitychange')!();
    await vi.advanceTimersByTimeAsync(0);
    expect(tracks).toHaveLength(1);
    expect(states.at(-1)).toEqual(['paused', undefined]);

    s.resume();
    await vi.advanceTimersByTimeAsync(0);
    expect(states.at(-1)).toEqual(['on', undefined]);
    shown = [{ rawValue: 'NA9C5ONQ', format: 'qr_code' }];
    await video.frame();
    expect(codes).toEqual(['KK1.ABC', 'NA9C5ONQ']);
  });

  it('never asks for the next frame before the last one is answered', async () => {
    const video = fakeVideo();
    let answer: (v: { rawValue: string; format: string }[]) => void = () => undefined;
    let asked = 0;
    vi.stubGlobal(
      'BarcodeDetector',
      class {
        static async getSupportedFormats() {
          return ['qr_code', 'code_39'];
        }
        detect() {
          asked++;
          return new Promise((resolve) => (answer = resolve));
        }
      },
    );
    const { scanner } = start(video);
    await scanner;
    await video.frame();
    for (let i = 0; i < 5; i++) await video.frame(); // frames presented while the decoder works
    expect(asked).toBe(1);
    answer([]);
    await vi.advanceTimersByTimeAsync(0);
    await video.frame();
    expect(asked).toBe(2);
  });

  it('says plainly why the camera did not open, without throwing', async () => {
    const denied = Object.assign(new Error('Permission denied'), { name: 'NotAllowedError' });
    (navigator.mediaDevices as { getUserMedia: unknown }).getUserMedia = async () => {
      throw denied;
    };
    const { scanner, states } = start(fakeVideo());
    const s = await scanner;
    expect(states).toEqual([
      ['starting', undefined],
      ['error', 'denied'],
    ]);
    expect(s.torchSupported).toBe(false);
    expect(await s.setTorch(true)).toBe(false);
  });

  it('switches to the other camera, and the torch follows the camera that has one', async () => {
    const video = fakeVideo();
    const { scanner, codes } = start(video);
    const s = await scanner;
    expect(s.torchSupported).toBe(true);
    expect(await s.setTorch(true)).toBe(true);
    expect(tracks[0]!.constraints).toEqual([{ advanced: [{ torch: true }] }]);
    await s.switchCamera();
    expect(tracks[0]!.stopped).toBe(true);
    expect(requests[1]!.video).toMatchObject({ deviceId: { exact: 'front' } });
    expect(s.torchSupported).toBe(false);
    shown = [{ rawValue: 'ITM7K', format: 'qr_code' }];
    await video.frame();
    expect(codes).toEqual(['ITM7K']);
    s.stop();
    expect(tracks[1]!.stopped).toBe(true);
  });
});
