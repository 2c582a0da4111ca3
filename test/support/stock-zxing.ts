// What stock @zxing/browser 0.1.5 does with each camera frame, run in Node for comparison: its
// BrowserMultiFormatReader (no hints) draws the frame to a canvas, takes its grey levels, and
// calls MultiFormatReader.decodeWithState on a HybridBinarizer over the whole frame: no
// TRY_HARDER, no second binarizer, no retries. (Its decodeFromVideoDevice also waits 500 ms
// between attempts; that costs latency, not decode rate, so it is not part of this.)

import { BinaryBitmap, ChecksumException, FormatException, HybridBinarizer, MultiFormatReader, NotFoundException, RGBLuminanceSource } from '@zxing/library';

const reader = new MultiFormatReader();

/** The text stock zxing reads, or null when it finds no code it can read; any other error is thrown. */
export function stockDecode(luminance: Uint8ClampedArray, width: number, height: number): string | null {
  try {
    return reader.decodeWithState(new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(luminance, width, height)))).getText();
  } catch (e) {
    // zxing's three ways of saying "no readable code here"; a broken call must not pass as a miss.
    if (e instanceof NotFoundException || e instanceof ChecksumException || e instanceof FormatException) return null;
    throw e;
  }
}
