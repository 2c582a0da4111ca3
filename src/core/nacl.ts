// tweetnacl's compact build: the desk ships it for SHA-512 (register look-ups) and as the Ed25519
// fallback where WebCrypto has none. The "fast" build is 3x quicker but 11 KiB gzip against about
// 7 KiB, and the core's whole size budget is 15 KiB; register hashing stays well inside its own
// budget either way (see npm run bench).
import nacl from 'tweetnacl/nacl.js';

export { nacl };
