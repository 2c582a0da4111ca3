// A sound and a vibration for each verdict, so staff need not look at the screen for every card.
// Tones are made with Web Audio (no files to load); the audio context starts on the first gesture,
// as browsers require.

export type FeedbackKind = 'accepted' | 'rejected' | 'redeemed';

const TONES: Record<FeedbackKind, { freq: number; ms: number }[]> = {
  accepted: [{ freq: 880, ms: 90 }, { freq: 1320, ms: 110 }],
  redeemed: [{ freq: 1320, ms: 70 }],
  rejected: [{ freq: 220, ms: 180 }, { freq: 180, ms: 260 }],
};
const VIBRATION: Record<FeedbackKind, number[]> = { accepted: [60], redeemed: [30], rejected: [120, 60, 180] };

let context: AudioContext | null = null;

/** Call from a user gesture (a tap or a key) so later verdicts can sound. */
export function unlockAudio(): void {
  if (context || typeof AudioContext === 'undefined') return;
  try {
    context = new AudioContext();
  } catch {
    context = null;
  }
}

export function signal(kind: FeedbackKind, soundOn: boolean): void {
  if (typeof navigator !== 'undefined' && 'vibrate' in navigator && soundOn) navigator.vibrate(VIBRATION[kind]);
  if (!soundOn || !context) return;
  let at = context.currentTime;
  for (const tone of TONES[kind]) {
    const osc = context.createOscillator();
    const gain = context.createGain();
    osc.frequency.value = tone.freq;
    osc.type = kind === 'rejected' ? 'square' : 'sine';
    gain.gain.setValueAtTime(0.0001, at);
    gain.gain.exponentialRampToValueAtTime(0.25, at + 0.01);
    gain.gain.exponentialRampToValueAtTime(0.0001, at + tone.ms / 1000);
    osc.connect(gain).connect(context.destination);
    osc.start(at);
    osc.stop(at + tone.ms / 1000 + 0.02);
    // A day is thousands of tones: each lets go of the audio graph when it has played.
    osc.onended = () => gain.disconnect();
    at += tone.ms / 1000 + 0.03;
  }
}
