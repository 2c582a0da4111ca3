// The camera: opens it, shows it in the given <video>, and reads card codes from it frame after
// frame until stopped. The app imports this module only when staff turn the camera on, and this
// module loads the decoder (a worker, or the browser's own detector) only then too: nothing here
// imports @zxing, so the first screen never waits for it.
//
// A long day at a gate: the camera is let go while the page is hidden (another app, the screen
// off) and taken again when it is shown; a screen wake lock keeps the tablet awake while the
// camera runs; after some minutes without a code it pauses (the camera let go, the screen free to
// sleep) until staff tap to go on. Frames are read one at a time, never queued.
//
//   starting --camera open--> on --no code for idleMs--> paused --resume()--> starting
//   on --page hidden--> hidden --page shown--> starting
//   starting --camera refused--> error        any --stop()--> off
//   (paused stays paused while the page is hidden and shown again)

import { cameraErrorKind, type CameraErrorKind } from './camera-errors.ts';
import type { FrameDecoder } from './frame-decoder.ts';
import { nativeDetector } from './native-detector.ts';
import { CAMERA_REPEAT, createRepeatFilter } from './repeat-filter.ts';
import { workerDecoder } from './worker-decoder.ts';

export type { CameraErrorKind } from './camera-errors.ts';
export type CameraState = 'starting' | 'on' | 'paused' | 'hidden' | 'off' | 'error';
export type Facing = 'environment' | 'user';

export interface CameraScannerOptions {
  /** Which camera to open first: the rear one ('environment') by default. */
  facing?: Facing;
  /** Scanning pauses after this long without reading a code (default 3 minutes). */
  idleMs?: number;
  /** 'error' comes with what went wrong; 'off' only when stop() was called or the camera failed. */
  onState?(state: CameraState, detail?: CameraErrorKind): void;
}

export interface CameraScanner {
  /** Whether the current camera has a torch (a phone's flash) that setTorch can switch. */
  readonly torchSupported: boolean;
  stop(): void;
  /** Goes on scanning after an idle pause. */
  resume(): void;
  /** Opens the next camera (rear and front on a phone). */
  switchCamera(): Promise<void>;
  /** Resolves to whether the torch is now as asked. */
  setTorch(on: boolean): Promise<boolean>;
}

export const DEFAULT_IDLE_MS = 180_000;
/** Frames in a row the decoder may fail on before the scanner gives up with an error. */
const MAX_FAILURES = 10;

// Torch is a W3C Image Capture constraint that TypeScript's DOM types do not list.
type TorchCapabilities = MediaTrackCapabilities & { torch?: boolean };

/** What the scanner is doing: `running` covers starting and on. */
type Mode = 'running' | 'paused' | 'hidden' | 'stopped';

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
  let constraints: MediaTrackConstraints = { facingMode: options.facing ?? 'environment' };
  let facing: Facing = options.facing ?? 'environment';
  let mode: Mode = 'running';
  let stream: MediaStream | null = null;
  let decoder: FrameDecoder | null = null;
  let wakeLock: WakeLockSentinel | null = null;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  let cancelFrame = () => {};
  let failures = 0;
  let reading = false;
  /** Bumped by every open and release: an open that finishes after a later one, or a release, lets its stream go. */
  let opening = 0;

  const track = () => stream?.getVideoTracks()[0] ?? null;

  /** Lets the camera and the wake lock go; the decoder stays for when scanning goes on. */
  function releaseCamera(): void {
    opening++;
    cancelFrame();
    clearTimeout(idleTimer);
    stream?.getTracks().forEach((t) => t.stop());
    stream = null;
    video.srcObject = null;
    const lock = wakeLock;
    wakeLock = null;
    lock?.release().catch(() => undefined);
  }

  function shutdown(state: 'off' | 'error', detail?: CameraErrorKind): void {
    if (mode === 'stopped') return;
    mode = 'stopped';
    releaseCamera();
    document.removeEventListener('visibilitychange', onVisibility);
    decoder?.close();
    decoder = null;
    report(state, detail);
  }

  function onVisibility(): void {
    if (document.visibilityState === 'hidden') {
      // A hidden page cannot show what the camera sees: free the camera (and the battery).
      if (mode !== 'running') return;
      mode = 'hidden';
      releaseCamera();
      report('hidden');
    } else if (mode === 'hidden') {
      mode = 'running';
      void run();
    }
  }

  function restartIdleTimer(): void {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      if (mode !== 'running') return;
      mode = 'paused';
      releaseCamera();
      report('paused');
    }, idleMs);
  }

  /** Opens the camera with `constraints`; false when scanning stopped or paused meanwhile. */
  async function open(): Promise<boolean> {
    if (!navigator.mediaDevices?.getUserMedia) throw Object.assign(new Error('no camera API (needs https)'), { name: 'NotSupportedError' });
    const mine = ++opening;
    const next = await navigator.mediaDevices.getUserMedia({ video: { ...constraints, width: { ideal: 1280 }, height: { ideal: 720 } }, audio: false });
    if (mine !== opening || mode !== 'running') {
      next.getTracks().forEach((t) => t.stop());
      return false;
    }
    stream = next;
    video.muted = true;
    video.playsInline = true;
    video.srcObject = next;
    await video.play();
    return mine === opening && mode === 'running';
  }

  /** The screen stays on while the camera runs; a browser without the API (or refusing it) just dims as it likes. */
  async function holdWakeLock(): Promise<void> {
    if (wakeLock || !('wakeLock' in navigator)) return;
    try {
      const lock = await navigator.wakeLock.request('screen');
      if (mode === 'running' && stream && !wakeLock) wakeLock = lock;
      else await lock.release();
    } catch {
      // Refused (battery saver, the page not visible): the camera works all the same.
    }
  }

  /** Camera open, then frames: at the start, on the page shown again, after a pause. */
  async function run(): Promise<void> {
    report('starting');
    try {
      if (!(await open())) return;
    } catch (error) {
      if (mode === 'running') shutdown('error', cameraErrorKind(error));
      return;
    }
    if (!decoder) return; // the first start sets it once the camera is open
    started();
  }

  function started(): void {
    report('on');
    void holdWakeLock();
    restartIdleTimer();
    if (!reading) nextFrame();
  }

  /** Frames back to back: the next one as soon as the decoder has answered the last. */
  function nextFrame(): void {
    if (mode !== 'running' || !stream) return;
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
    if (mode !== 'running' || !decoder || reading) return;
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
    if (mode !== 'running') return;
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
    resume() {
      if (mode !== 'paused') return;
      mode = document.visibilityState === 'hidden' ? 'hidden' : 'running';
      if (mode === 'running') void run();
    },
    async switchCamera() {
      if (mode !== 'running') return;
      const current = track()?.getSettings().deviceId;
      const cameras = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput' && d.deviceId);
      if (cameras.length > 1 && current) {
        // Cycle through the cameras by id: works where facing modes are not reported (laptops).
        const index = cameras.findIndex((d) => d.deviceId === current);
        constraints = { deviceId: { exact: cameras[(index + 1) % cameras.length]!.deviceId } };
      } else {
        facing = facing === 'environment' ? 'user' : 'environment';
        constraints = { facingMode: facing };
      }
      cancelFrame();
      stream?.getTracks().forEach((t) => t.stop());
      stream = null;
      try {
        if (await open()) nextFrame();
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
    await open();
  } catch (error) {
    void choosing.then((d) => d.close(), () => {});
    shutdown('error', cameraErrorKind(error));
    return scanner;
  }
  const chosen = await choosing;
  // The mode may have changed while the camera opened (stopped, or the page hidden and shown).
  if ((mode as Mode) === 'stopped') chosen.close();
  else decoder = chosen;
  // Hidden while it opened: the page shown again starts it (onVisibility); a run() that opened the
  // camera before the decoder was chosen left the frames to here.
  if (mode === 'running' && stream) started();
  return scanner;
}
