// Keyboard-wedge barcode scanners "type" what they read, fast, and end with Enter or Tab. With no
// field focused, at least 4 characters typed at most 50 ms apart on average and ended that way are
// one scan. A person typing is slower, and types into the card field, which never feeds this.

export const WEDGE_MIN_CHARS = 4;
export const WEDGE_MAX_AVG_GAP_MS = 50;
// A pause this long starts a new burst: scanners send a whole code in one go.
const BURST_BREAK_MS = 300;

export interface WedgeDetector {
  /** Feed one key press (KeyboardEvent.key) and its time; returns the scanned text when a scan ends. */
  key(key: string, atMs: number): string | null;
  reset(): void;
}

export function createWedgeDetector(): WedgeDetector {
  let chars = '';
  let first = 0;
  let last = 0;
  const reset = () => {
    chars = '';
  };
  return {
    reset,
    key(key, atMs) {
      if (chars && atMs - last > BURST_BREAK_MS) reset();
      if (key === 'Enter' || key === 'Tab') {
        const burst = chars;
        const avgGap = burst.length > 1 ? (last - first) / (burst.length - 1) : Infinity;
        reset();
        return burst.length >= WEDGE_MIN_CHARS && avgGap <= WEDGE_MAX_AVG_GAP_MS && atMs - last <= BURST_BREAK_MS ? burst : null;
      }
      if (key.length !== 1) return null; // Shift, CapsLock and the like carry no character
      if (!chars) first = atMs;
      chars += key;
      last = atMs;
      return null;
    },
  };
}
