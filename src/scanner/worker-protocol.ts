// Messages between the camera scanner (page) and the decoder worker.

/** Page to worker: one video frame, transferred (the worker closes a VideoFrame or an ImageBitmap). */
export interface FrameRequest {
  /** Numbers the frame; the reply carries it back, so an answer is never taken for another frame's. */
  id: number;
  frame: VideoFrame | ImageBitmap | ImageData;
}

/** Worker to page: what the frame held, and how long decoding took. */
export interface FrameReply {
  id: number;
  text: string | null;
  ms: number;
}
