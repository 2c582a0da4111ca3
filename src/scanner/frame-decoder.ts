// What the camera scanner feeds frames to: the browser's own BarcodeDetector, or our decoder in a
// worker. One frame at a time: the scanner waits for each answer before sending the next frame.

export interface FrameDecoder {
  /** The card code in the video's current frame, or null. */
  decode(video: HTMLVideoElement): Promise<string | null>;
  close(): void;
}
