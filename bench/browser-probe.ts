// In-page instrumentation for the scan timings, the same on the desk and on the stock-zxing page.
// Bundled into a classic script and added with addInitScript, so it runs before anything else in
// the page: it holds on to the browser's own performance.now (the time base of the video frames'
// timestamps), and says if a fake clock got there first (Playwright's page.clock replaces it).
//
// A sample is (when the decoder answered) − (when the first video frame showing the code was
// presented). Frames come from a requestVideoFrameCallback loop on the <video>: the centre of each
// presented frame is read, and one with dark pixels there shows the code (the lead-in frames of
// the y4m are plain light grey). The answer is a data-check change of the verdict region with
// data-verdict="accepted" (the desk) or a decode callback (stock zxing), via `answered`.

const realNow: () => number = performance.now.bind(performance);
const realClock = /\[native code\]/.test(Function.prototype.toString.call(performance.now));

/**
 * The square of the frame's centre the probe reads: a few modules of the code (about 10 px each
 * at 640x480), checked in Node to hold a dark one for every code the bench shows (probeSeesCode).
 */
export const PROBE_SIDE = 32;
/** Luma (or red) below this is dark: the lead-in is grey 200, the code's modules black. */
export const DARK = 96;
/** An answer this soon before the first presented code frame was a decoder faster than the compositor. */
const EARLY_MS = 250;

export interface Show {
  /**
   * The presentationTime (ms, the page's real clock) of the first frame showing the code: when the
   * page could first have it. Not the callback's `now`: that is the rendering step's start, which
   * can come before the frame arrived (by up to a display frame, 17 ms, varying as the camera's
   * clock drifts against the display's): counted from it, a shift's scans swung over minutes.
   */
  at: number;
  /** Latency of the first right answer, ms, negative when the answer beat the frame to the screen. */
  ms: number | null;
  /** What answered: the card ID or the decoded text's label. */
  answer: string | null;
  /**
   * How much later than the frame's presentationTime its callback's `now` was, ms: positive when a
   * busy main thread ran the callback late, negative when the step began before the frame arrived.
   */
  lagMs: number;
  /**
   * From `at` to when the page sent the decoder the frame it first read the code in, and to the
   * decoder's answer, ms: what of `ms` was the wait for a frame, the decoding, and the check after.
   */
  sentMs: number | null;
  decodedMs: number | null;
}

export interface ProbeSnapshot {
  /** False when the page's performance.now was already fake when the probe ran: timings are void. */
  realClock: boolean;
  /** Frames presented. */
  frames: number;
  /** Each showing of a code, in order (the y4m plays its codes in a known order). */
  shows: Show[];
  /** Answers while the code was still showing and already answered (a repeat). */
  repeats: number;
  /** Answers with no code showing and no code frame just after: noise, or a wrong code. */
  strays: number;
  /** Answers that were not a right one (another text, another verdict). */
  wrong: string[];
  /** Mean interval between presented frames, ms, and the mean and max cost of one probe, ms. */
  frameIntervalMs: number | null;
  probeMeanMs: number | null;
  probeMaxMs: number;
  /** The page's real clock now, to tell a showing still in progress from one that ended unanswered. */
  now: number;
  /** When the last frame showing no code was presented (a showing ends there). */
  lastBlankAt: number | null;
  errors: string[];
  /**
   * The decoder worker's answers, minute by minute of the page's real clock: frames answered, the
   * worker's own time on them and the page's wait from sending a frame to its answer (ms, summed).
   */
  decoder: { frames: number; decodeMs: number; roundTripMs: number }[];
}

const state: ProbeSnapshot = {
  realClock,
  frames: 0,
  shows: [],
  repeats: 0,
  strays: 0,
  wrong: [],
  frameIntervalMs: null,
  probeMeanMs: null,
  probeMaxMs: 0,
  now: 0,
  lastBlankAt: null,
  errors: [],
  decoder: [],
};

// Every worker the page makes is watched for the decoder's replies ({ id, text, ms }): a scan that
// slows over a shift shows here whether the worker or the page's thread took longer.
const NativeWorker = globalThis.Worker;
if (typeof NativeWorker === 'function') {
  globalThis.Worker = class extends NativeWorker {
    constructor(url: string | URL, options?: WorkerOptions) {
      super(url, options);
      const sent = new Map<number, number>();
      const post = this.postMessage.bind(this) as (message: unknown, transfer?: Transferable[]) => void;
      this.postMessage = ((message: { id?: unknown }, transfer?: Transferable[]) => {
        if (typeof message?.id === 'number') sent.set(message.id, realNow());
        post(message, transfer);
      }) as Worker['postMessage'];
      this.addEventListener('message', (e: MessageEvent<{ id?: unknown; ms?: unknown; text?: unknown }>) => {
        const { id, ms, text } = e.data ?? {};
        if (typeof id !== 'number' || typeof ms !== 'number') return;
        const now = realNow();
        const show = state.shows.at(-1);
        if (typeof text === 'string' && show && showing && show.decodedMs === null) {
          show.sentMs = (sent.get(id) ?? now) - show.at;
          show.decodedMs = now - show.at;
        }
        const minute = Math.floor(now / 60_000);
        while (state.decoder.length <= minute) state.decoder.push({ frames: 0, decodeMs: 0, roundTripMs: 0 });
        const bucket = state.decoder[minute]!;
        bucket.frames++;
        bucket.decodeMs += ms;
        bucket.roundTripMs += now - (sent.get(id) ?? now);
        sent.delete(id);
      });
    }
  };
}

let showing = false;
let stray: { at: number; answer: string } | null = null;
let firstFrameAt: number | null = null;
let probeTotal = 0;

/** Starts the frame loop on `video` (it may not play yet: callbacks come once frames are presented). */
export function watchFrames(video: HTMLVideoElement | null): void {
  if (!video) throw new Error('no <video> element to watch');
  if (typeof video.requestVideoFrameCallback !== 'function') throw new Error('this browser has no requestVideoFrameCallback');
  const onFrame = (now: number, frame: VideoFrameCallbackMetadata) => {
    video.requestVideoFrameCallback(onFrame);
    const t0 = realNow();
    void darkInCentre(video).then(
      (dark) => {
        const cost = realNow() - t0;
        probeTotal += cost;
        state.probeMaxMs = Math.max(state.probeMaxMs, cost);
        state.frames++;
        firstFrameAt ??= now;
        if (state.frames > 1) state.frameIntervalMs = (now - firstFrameAt) / (state.frames - 1);
        state.probeMeanMs = probeTotal / state.frames;
        if (dark && !showing) codeStarts(frame.presentationTime, now - frame.presentationTime);
        if (!dark) state.lastBlankAt = now;
        showing = dark;
      },
      (e: unknown) => {
        if (state.errors.length < 5) state.errors.push(`probe: ${(e as Error).message}`);
      },
    );
  };
  video.requestVideoFrameCallback(onFrame);
}

/**
 * Whether the centre of the frame on screen has a dark pixel. Read from the frame itself
 * (VideoFrame, the camera's own YUV planes), not through a canvas: drawing a video into a canvas
 * converts the whole frame, and that cost, ~30 ms a frame with the CPU slowed 4x, was taken from
 * the very main thread the bench measures.
 */
async function darkInCentre(video: HTMLVideoElement): Promise<boolean> {
  const frame = new VideoFrame(video);
  try {
    const even = (n: number) => Math.max(0, Math.floor(n / 2) * 2);
    const rect = { x: even((frame.displayWidth - PROBE_SIDE) / 2), y: even((frame.displayHeight - PROBE_SIDE) / 2), width: PROBE_SIDE, height: PROBE_SIDE };
    const bytes = new Uint8Array(frame.allocationSize({ rect }));
    await frame.copyTo(bytes, { rect });
    // YUV formats start with the luma plane; RGB ones hold red first in each pixel of 4 bytes.
    const yuv = frame.format !== null && /^(I4|NV12)/.test(frame.format);
    const step = yuv ? 1 : 4;
    const end = yuv ? PROBE_SIDE * PROBE_SIDE : bytes.length;
    for (let i = 0; i < end; i += step) if (bytes[i]! < DARK) return true;
    return false;
  } finally {
    frame.close();
  }
}

function codeStarts(presentedAt: number, lagMs: number): void {
  const show: Show = { at: presentedAt, ms: null, answer: null, lagMs, sentMs: null, decodedMs: null };
  if (stray && presentedAt - stray.at < EARLY_MS) {
    // The decoder had the frame before the <video> presented it: a (negative) sample all the same.
    state.strays--;
    show.ms = stray.at - presentedAt;
    show.answer = stray.answer;
  }
  stray = null;
  state.shows.push(show);
}

/** The decoder's answer, now: `ok` false for a wrong text or verdict; `answer` says which code. */
export function answered(ok: boolean, answer: string): void {
  const now = realNow();
  if (!ok) {
    if (state.wrong.length < 20) state.wrong.push(answer);
    return;
  }
  const show = state.shows.at(-1);
  if (show && show.answer === null) {
    show.ms = now - show.at;
    show.answer = answer;
  } else if (showing) {
    state.repeats++;
  } else {
    state.strays++;
    stray = { at: now, answer };
  }
}

/** Answers are the verdict region's data-check changes; "accepted" is the right one. */
export function watchVerdict(region: Element | null): void {
  if (!region) throw new Error('no verdict region ([data-testid="verdict"])');
  new MutationObserver(() => {
    const verdict = region.getAttribute('data-verdict') ?? '';
    const card = region.getAttribute('data-card-id') ?? '';
    answered(verdict === 'accepted', verdict === 'accepted' ? card : `${verdict || 'idle'} ${region.getAttribute('data-reason') ?? ''} ${card}`.trim());
  }).observe(region, { attributes: true, attributeFilter: ['data-check'] });
}

export function snapshot(): ProbeSnapshot {
  state.now = realNow();
  return JSON.parse(JSON.stringify(state)) as ProbeSnapshot;
}
