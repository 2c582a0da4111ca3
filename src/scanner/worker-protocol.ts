// Messages between the camera scanner (page) and the decoder worker.

/** Page to worker: one video frame, transferred (an ImageBitmap is closed by the worker). */
export interface FrameRequest {
  frame: ImageBitmap | ImageData;
}

/** Worker to page: what the frame held, and how long decoding took. */
export interface FrameReply {
  text: string | null;
  ms: number;
}
