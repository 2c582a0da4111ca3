// The browser's built-in BarcodeDetector (Android Chrome, macOS Safari and Chrome, ChromeOS):
// native code, no decoder download. Used only when it reads both our formats.

import { isCardId } from '../core/classify.ts';
import type { FrameDecoder } from './frame-decoder.ts';

// The Shape Detection API is not in TypeScript's DOM types yet.
interface DetectedBarcode {
  rawValue: string;
  format: string;
}
interface BarcodeDetectorInstance {
  detect(source: CanvasImageSource): Promise<DetectedBarcode[]>;
}
interface BarcodeDetectorClass {
  new (options: { formats: string[] }): BarcodeDetectorInstance;
  getSupportedFormats(): Promise<string[]>;
}

const FORMATS = ['qr_code', 'code_39'];

/** A FrameDecoder on the native detector, or null when the browser has none for QR and Code 39. */
export async function nativeDetector(): Promise<FrameDecoder | null> {
  const Detector = (globalThis as { BarcodeDetector?: BarcodeDetectorClass }).BarcodeDetector;
  if (!Detector) return null;
  try {
    const supported = await Detector.getSupportedFormats();
    if (!FORMATS.every((f) => supported.includes(f))) return null;
    const detector = new Detector({ formats: FORMATS });
    return {
      async decode(video) {
        const found = await detector.detect(video);
        // Printed cards carry only plain IDs in Code 39; anything else there is a misread.
        const code = found.find((b) => b.format === 'qr_code' || isCardId(b.rawValue));
        return code ? code.rawValue : null;
      },
      close() {},
    };
  } catch {
    return null;
  }
}
