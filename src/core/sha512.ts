// SHA-512 (FIPS 180-4), synchronous: the register's card hashes (a look-up needs no await) and the
// fallback Ed25519 engine's challenge hash. Our own few lines rather than a library's: it ships on
// the desk's first screen, where a hash library's 4 KiB gzip would be an eighth of the budget.
// test/core/sha512.test.ts holds it to node:crypto over every length up to a few blocks.
//
// 64-bit words are pairs of 32-bit halves (hi, lo); sums carry from lo into hi by hand.

// The constants as FIPS 180-4 defines them: the first 64 bits of the fractional parts of the cube
// roots of the first 80 primes (K), and of the square roots of the first 8 (the initial hash value).
// Worked out once, on the first hash, by integer roots in BigInt: 1.4 KB of hex would cost the
// first screen more than these lines.
let tables: { K: Int32Array; IV: Int32Array } | null = null;

function makeTables(): { K: Int32Array; IV: Int32Array } {
  const primes: number[] = [];
  for (let n = 2; primes.length < 80; n++) if (primes.every((p) => n % p)) primes.push(n);
  const fraction = (p: number, n: number) => integerRoot(BigInt(p) << BigInt(64 * n), n) & 0xffffffffffffffffn;
  const words = (values: bigint[]) => Int32Array.from(values.flatMap((v) => [Number(v >> 32n) | 0, Number(v & 0xffffffffn) | 0]));
  return { K: words(primes.map((p) => fraction(p, 3))), IV: words(primes.slice(0, 8).map((p) => fraction(p, 2))) };
}

/** floor(x^(1/n)), by Newton's method from above. */
function integerRoot(x: bigint, n: number): bigint {
  const N = BigInt(n);
  let r = 1n << BigInt(Math.ceil(x.toString(2).length / n));
  for (;;) {
    const next = ((N - 1n) * r + x / r ** (N - 1n)) / N;
    if (next >= r) return r;
    r = next;
  }
}

const TWO32 = 0x100000000;

// Rotations right of (hi, lo) by n, each half apart: hi uses (hi, lo), lo uses (lo, hi).
const rh = (hi: number, lo: number, n: number) => (n < 32 ? (hi >>> n) | (lo << (32 - n)) : (lo >>> (n - 32)) | (hi << (64 - n)));
const rl = (hi: number, lo: number, n: number) => (n < 32 ? (lo >>> n) | (hi << (32 - n)) : (hi >>> (n - 32)) | (lo << (64 - n)));

export function sha512(message: Uint8Array): Uint8Array {
  const { K, IV } = (tables ??= makeTables());
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
