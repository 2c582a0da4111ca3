// The one door to @zxing/library. Version 0.21.3 (pinned exactly) does not export the parts the
// decoder reuses (a bare bit grid, the QR decoder with its Reed-Solomon step, the Code 39 reader
// without its row loop), so they are deep imports, all from the library's ES build so that one
// copy of it is bundled and loaded. A new zxing version is checked here, and only here.
export { default as BitArray } from '@zxing/library/esm/core/common/BitArray';
export { default as BitMatrix } from '@zxing/library/esm/core/common/BitMatrix';
export { default as Code39Reader } from '@zxing/library/esm/core/oned/Code39Reader';
export { default as QrDecoder } from '@zxing/library/esm/core/qrcode/decoder/Decoder';
