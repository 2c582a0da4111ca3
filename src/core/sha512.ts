// SHA-512 (FIPS 180-4), synchronous: the register's card hashes (a look-up needs no await) and the
// fallback Ed25519 engine's challenge hash. Our own few lines rather than a library's: it ships on
// the desk's first screen, where a hash library's 4 KiB gzip would be an eighth of the budget.
// test/core/sha512.test.ts holds it to node:crypto over every length up to a few blocks.
//
// 64-bit words are pairs of 32-bit halves (hi, lo); sums carry from lo into hi by hand.

// The first 64 bits of the fractional parts of the cube roots of the first 80 primes, then of the
// square roots of the first 8 (the initial hash value), as hex.
const K_HEX =
  '428a2f98d728ae227137449123ef65cdb5c0fbcfec4d3b2fe9b5dba58189dbbc3956c25bf348b53859f111f1b605d019923f82a4af194f9bab1c5ed5da6d8118d807aa98a303024212835b0145706fbe243185be4ee4b28c550c7dc3d5ffb4e272be5d74f27b896f80deb1fe3b1696b19bdc06a725c71235c19bf174cf692694e49b69c19ef14ad2efbe4786384f25e30fc19dc68b8cd5b5240ca1cc77ac9c65' +
  '2de92c6f592b02754a7484aa6ea6e4835cb0a9dcbd41fbd476f988da831153b5983e5152ee66dfaba831c66d2db43210b00327c898fb213fbf597fc7beef0ee4c6e00bf33da88fc2d5a79147930aa72506ca6351e003826f142929670a0e6e7027b70a8546d22ffc2e1b21385c26c9264d2c6dfc5ac42aed53380d139d95b3df650a73548baf63de766a0abb3c77b2a881c2c92e47edaee692722c851482353b' +
  'a2bfe8a14cf10364a81a664bbc423001c24b8b70d0f89791c76c51a30654be30d192e819d6ef5218d69906245565a910f40e35855771202a106aa07032bbd1b819a4c116b8d2d0c81e376c085141ab532748774cdf8eeb9934b0bcb5e19b48a8391c0cb3c5c95a634ed8aa4ae3418acb5b9cca4f7763e373682e6ff3d6b2b8a3748f82ee5defb2fc78a5636f43172f6084c87814a1f0ab728cc702081a6439ec' +
  '90befffa23631e28a4506cebde82bde9bef9a3f7b2c67915c67178f2e372532bca273eceea26619cd186b8c721c0c207eada7dd6cde0eb1ef57d4f7fee6ed17806f067aa72176fba0a637dc5a2c898a6113f9804bef90dae1b710b35131c471b28db77f523047d8432caab7b40c724933c9ebe0a15c9bebc431d67c49c100d4c4cc5d4becb3e42b6597f299cfc657e2a5fcb6fab3ad6faec6c44198c4a475817';
const IV_HEX = '6a09e667f3bcc908bb67ae8584caa73b3c6ef372fe94f82ba54ff53a5f1d36f1510e527fade682d19b05688c2b3e6c1f1f83d9abfb41bd6b5be0cd19137e2179';

function words(hex: string): Int32Array {
  const out = new Int32Array(hex.length / 8);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(hex.slice(i * 8, i * 8 + 8), 16) | 0;
  return out;
}

const K = words(K_HEX);
const IV = words(IV_HEX);
const TWO32 = 0x100000000;

// Rotations right of (hi, lo) by n, each half apart: hi uses (hi, lo), lo uses (lo, hi).
const rh = (hi: number, lo: number, n: number) => (n < 32 ? (hi >>> n) | (lo << (32 - n)) : (lo >>> (n - 32)) | (hi << (64 - n)));
const rl = (hi: number, lo: number, n: number) => (n < 32 ? (lo >>> n) | (hi << (32 - n)) : (hi >>> (n - 32)) | (lo << (64 - n)));

export function sha512(message: Uint8Array): Uint8Array {
  const length = message.length;
  // The message, a 1 bit, zeros, and the length in bits as 128 bits big-endian, in 128-byte blocks.
  const padded = new Uint8Array(Math.ceil((length + 17) / 128) * 128);
  padded.set(message);
  padded[length] = 0x80;
  const view = new DataView(padded.buffer);
  view.setUint32(padded.length - 8, Math.floor(length / 0x20000000));
  view.setUint32(padded.length - 4, (length * 8) >>> 0);

  const h = IV.slice();
  const w = new Int32Array(160);
  for (let block = 0; block < padded.length; block += 128) {
    for (let i = 0; i < 32; i++) w[i] = view.getInt32(block + i * 4);
    for (let t = 16; t < 80; t++) {
      const xh = w[2 * t - 30]!, xl = w[2 * t - 29]!; // w[t-15]
      const yh = w[2 * t - 4]!, yl = w[2 * t - 3]!; // w[t-2]
      const s0h = rh(xh, xl, 1) ^ rh(xh, xl, 8) ^ (xh >>> 7);
      const s0l = rl(xh, xl, 1) ^ rl(xh, xl, 8) ^ ((xl >>> 7) | (xh << 25));
      const s1h = rh(yh, yl, 19) ^ rh(yh, yl, 61) ^ (yh >>> 6);
      const s1l = rl(yh, yl, 19) ^ rl(yh, yl, 61) ^ ((yl >>> 6) | (yh << 26));
      const lo = (s0l >>> 0) + (s1l >>> 0) + (w[2 * t - 31]! >>> 0) + (w[2 * t - 13]! >>> 0);
      w[2 * t] = s0h + s1h + w[2 * t - 32]! + w[2 * t - 14]! + ((lo / TWO32) | 0); // w[t-16] + w[t-7]
      w[2 * t + 1] = lo;
    }
    let ah = h[0]!, al = h[1]!, bh = h[2]!, bl = h[3]!, ch = h[4]!, cl = h[5]!, dh = h[6]!, dl = h[7]!;
    let eh = h[8]!, el = h[9]!, fh = h[10]!, fl = h[11]!, gh = h[12]!, gl = h[13]!, hh = h[14]!, hl = h[15]!;
    for (let t = 0; t < 160; t += 2) {
      const sum1h = rh(eh, el, 14) ^ rh(eh, el, 18) ^ rh(eh, el, 41);
      const sum1l = rl(eh, el, 14) ^ rl(eh, el, 18) ^ rl(eh, el, 41);
      const chh = (eh & fh) ^ (~eh & gh);
      const chl = (el & fl) ^ (~el & gl);
      const t1l = (hl >>> 0) + (sum1l >>> 0) + (chl >>> 0) + (K[t + 1]! >>> 0) + (w[t + 1]! >>> 0);
      const t1h = hh + sum1h + chh + K[t]! + w[t]! + ((t1l / TWO32) | 0);
      const sum0h = rh(ah, al, 28) ^ rh(ah, al, 34) ^ rh(ah, al, 39);
      const sum0l = rl(ah, al, 28) ^ rl(ah, al, 34) ^ rl(ah, al, 39);
      const majh = (ah & bh) ^ (ah & ch) ^ (bh & ch);
      const majl = (al & bl) ^ (al & cl) ^ (bl & cl);
      const t2l = (sum0l >>> 0) + (majl >>> 0);
      const t2h = sum0h + majh + ((t2l / TWO32) | 0);
      hh = gh; hl = gl; gh = fh; gl = fl; fh = eh; fl = el;
      const el2 = (dl >>> 0) + (t1l >>> 0);
      eh = (dh + t1h + ((el2 / TWO32) | 0)) | 0; el = el2 | 0;
      dh = ch; dl = cl; ch = bh; cl = bl; bh = ah; bl = al;
      const al2 = (t1l >>> 0) + (t2l >>> 0);
      ah = (t1h + t2h + ((al2 / TWO32) | 0)) | 0; al = al2 | 0;
    }
    const state = [ah, al, bh, bl, ch, cl, dh, dl, eh, el, fh, fl, gh, gl, hh, hl];
    for (let i = 0; i < 16; i += 2) {
      const lo = (h[i + 1]! >>> 0) + (state[i + 1]! >>> 0);
      h[i] = h[i]! + state[i]! + ((lo / TWO32) | 0);
      h[i + 1] = lo;
    }
  }
  const out = new Uint8Array(64);
  const outView = new DataView(out.buffer);
  for (let i = 0; i < 16; i++) outView.setInt32(i * 4, h[i]!);
  return out;
}
