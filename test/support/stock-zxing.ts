// What stock @zxing/browser 0.1.5 does with each camera frame, run in Node for comparison: its
// BrowserMultiFormatReader (no hints) draws the frame to a canvas, takes its grey levels, and
// calls MultiFormatReader.decodeWithState on a HybridBinarizer over the whole frame: no
// TRY_HARDER, no second binarizer, no retries. (Its decodeFromVideoDevice also waits 500 ms
// between attempts; that costs latency, not decode rate, so it is not part of this.)

import { BinaryBitmap, HybridBinarizer, MultiFormatReader, RGBLuminanceSource } from '@zxing/library';

const reader = new MultiFormatReader();

export function stockDecode(luminance: Uint8ClampedArray, width: number, height: number): string | null {
  try {
    return reader.decodeWithState(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luminance, width, height)))).getText();
  } catch {
    return null;
  }
}
