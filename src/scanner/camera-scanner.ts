// The camera: opens it, shows it in the given <video>, and reads card codes from it frame after
// frame until stopped. The app imports this module only when staff turn the camera on, and this
// module loads the decoder (a worker, or the browser's own detector) only then too: nothing here
// imports @zxing, so the first screen never waits for it.

import { cameraErrorKind, type CameraErrorKind } from './camera-errors.ts';
import type { FrameDecoder } from './frame-decoder.ts';
import { nativeDetector } from './native-detector.ts';
import { CAMERA_REPEAT, createRepeatFilter } from './repeat-filter.ts';
import { workerDecoder } from './worker-decoder.ts';

export type { CameraErrorKind } from './camera-errors.ts';
export type CameraState = 'starting' | 'on' | 'off' | 'error';
export type Facing = 'environment' | 'user';

export interface CameraScannerOptions {
  /** Which camera to open first: the rear one ('environment') by default. */
  facing?: Facing;
  /** The camera turns itself off after this long without reading a code (default 60 s). */
  idleMs?: number;
  /** 'error' comes with what went wrong; 'off' also when the scanner stopped itself (page hidden, idle). */
  onState?(state: CameraState, detail?: CameraErrorKind): void;
}

export interface CameraScanner {
  /** Whether the current camera has a torch (a phone's flash) that setTorch can switch. */
  readonly torchSupported: boolean;
  stop(): void;
  /** Opens the next camera (rear and front on a phone). */
  switchCamera(): Promise<void>;
  /** Resolves to whether the torch is now as asked. */
  setTorch(on: boolean): Promise<boolean>;
}

const DEFAULT_IDLE_MS = 60_000;
/** Frames in a row the decoder may fail on before the scanner gives up with an error. */
const MAX_FAILURES = 10;

// Torch is a W3C Image Capture constraint that TypeScript's DOM types do not list.
type TorchCapabilities = MediaTrackCapabilities & { torch?: boolean };

/**
 * Starts the camera and reports each code read to `onCode` (a code held in view once; again only after 2 s out of view).
 * Never rejects: if the camera cannot be opened, `onState('error', kind)` says why and the
 * returned scanner is already stopped.
 */
export async function startCameraScanner(
  video: HTMLVideoElement,
  onCode: (text: string) => void,
  options: CameraScannerOptions = {},
): Promise<CameraScanner> {
  const idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
  const report = options.onState ?? (() => {});
  const fresh = createRepeatFilter(CAMERA_REPEAT);
  let facing: Facing = options.facing ?? 'environment';
  let stream: MediaStream | null = null;
  let decoder: FrameDecoder | null = null;
  let stopped = false;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let cancelFrame = () => {};
  let failures = 0;
  let reading = false;

  const track = () => stream?.getVideoTracks()[0] ?? null;

  function shutdown(state: 'off' | 'error', detail?: CameraErrorKind): void {
    if (stopped) return;
    stopped = true;
    cancelFrame();
    clearTimeout(idleTimer);
    document.removeEventListener('visibilitychange', onVisibility);
    stream?.getTracks().forEach((t) => t.stop());
    stream = null;
    video.srcObject = null;
    decoder?.close();
    decoder = null;
    report(state, detail);
  }

  function onVisibility(): void {
    // A hidden page cannot show what the camera sees: free the camera (and the battery).
    if (document.visibilityState === 'hidden') shutdown('off');
  }

  function restartIdleTimer(): void {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => shutdown('off'), idleMs);
  }

  async function open(constraints: MediaTrackConstraints): Promise<void> {
    if (!navigator.mediaDevices?.getUserMedia) throw Object.assign(new Error('no camera API (needs https)'), { name: 'NotSupportedError' });
    const next = await navigator.mediaDevices.getUserMedia({ video: { ...constraints, width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false });
    if (stopped) {
      next.getTracks().forEach((t) => t.stop());
      return;
    }
    stream = next;
    video.muted = true;
    video.playsInline = true;
    video.srcObject = next;
    await video.play();
  }

  /** Frames back to back: the next one as soon as the decoder has answered the last. */
  function nextFrame(): void {
    if (stopped) return;
    const onFrame = () => void readFrame();
    if ('requestVideoFrameCallback' in video) {
      const handle = video.requestVideoFrameCallback(onFrame);
      cancelFrame = () => video.cancelVideoFrameCallback(handle);
    } else {
      const handle = requestAnimationFrame(onFrame);
      cancelFrame = () => cancelAnimationFrame(handle);
    }
  }

  async function readFrame(): Promise<void> {
    // One frame at a time: a callback scheduled while one is being read (switching cameras) leaves it to that one.
    if (stopped || !decoder || reading) return;
    reading = true;
    let text: string | null = null;
    try {
      text = await decoder.decode(video);
      failures = 0;
    } catch (error) {
      // One bad frame (the video resizing while switching cameras) does not end scanning; a
      // decoder that keeps failing (its worker could not load) does.
      console.warn('Kaiku scanner: frame skipped', error);
      if (++failures >= MAX_FAILURES) shutdown('error', 'other');
    } finally {
      reading = false;
    }
    if (stopped) return;
    if (text !== null) {
      restartIdleTimer();
      if (fresh(text, performance.now())) onCode(text);
    }
    nextFrame();
  }

  const scanner: CameraScanner = {
    get torchSupported() {
      const t = track();
      return !!(t && typeof t.getCapabilities === 'function' && (t.getCapabilities() as TorchCapabilities).torch);
    },
    stop: () => shutdown('off'),
    async switchCamera() {
      if (stopped) return;
      const current = track()?.getSettings().deviceId;
      const cameras = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput' && d.deviceId);
      cancelFrame();
      stream?.getTracks().forEach((t) => t.stop());
      stream = null;
      try {
        if (cameras.length > 1 && current) {
          // Cycle through the cameras by id: works where facing modes are not reported (laptops).
          const index = cameras.findIndex((d) => d.deviceId === current);
          await open({ deviceId: { exact: cameras[(index + 1) % cameras.length]!.deviceId } });
        } else {
          facing = facing === 'environment' ? 'user' : 'environment';
          await open({ facingMode: facing });
        }
        if (!reading) nextFrame();
      } catch (error) {
        shutdown('error', cameraErrorKind(error));
      }
    },
    async setTorch(on) {
      const t = track();
      if (!t || !scanner.torchSupported) return false;
      try {
        await t.applyConstraints({ advanced: [{ torch: on } as MediaTrackConstraintSet] });
        return true;
      } catch {
        return false;
      }
    },
  };

  report('starting');
  document.addEventListener('visibilitychange', onVisibility);
  // The native detector where the browser has one for our formats, else ours in a worker; made
  // while the camera opens, so the worker's code loads in the meantime.
  const choosing = nativeDetector().then((native) => native ?? workerDecoder());
  try {
    await open({ facingMode: facing });
    const chosen = await choosing;
    if (stopped) chosen.close();
    else decoder = chosen;
  } catch (error) {
    void choosing.then((d) => d.close(), () => {});
    shutdown('error', cameraErrorKind(error));
    return scanner;
  }
  if (stopped) return scanner;
  report('on');
  restartIdleTimer();
  nextFrame();
  return scanner;
}
