// The scan anchor, in the page: stock @zxing/browser as its README starts it, every setting left
// at its default (500 ms between decode attempts, 500 ms after a success). BrowserQRCodeReader
// rather than BrowserMultiFormatReader: it tries QR alone, so it is the faster of the two, and a
// speed-up over it is the harder one to earn.

import { BrowserQRCodeReader } from '@zxing/browser';

export async function start(video: HTMLVideoElement, onText: (text: string) => void): Promise<void> {
  const reader = new BrowserQRCodeReader();
  await reader.decodeFromVideoDevice(undefined, video, (result) => {
    if (result) onText(result.getText());
  });
}
