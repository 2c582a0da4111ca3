// Record ids are ULIDs: 48 bits of time and 80 random bits in Crockford base32, so ids made on
// different desks never collide and sort by the moment they were made. Clock and randomness come in.

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newRecordId(nowMs: number, random10: Uint8Array): string {
  if (random10.length < 10) throw new Error('a record id needs 10 random bytes');
  let time = '';
  let t = Math.floor(nowMs);
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  // 80 bits = 16 characters of 5 bits.
  let rand = '';
  let acc = 0;
  let bits = 0;
  for (let i = 0; i < 10; i++) {
    acc = (acc << 8) | random10[i]!;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      rand += CROCKFORD[(acc >>> bits) & 31]!;
    }
    acc &= (1 << bits) - 1;
  }
  return time + rand;
}
