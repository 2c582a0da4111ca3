// tweetnacl's compact build, for signing only: minting codes (`kaiku issue`) and sealing bundles
// (`kaiku bundle make`) on the command line. The desk app never signs, so it never loads this;
// it verifies with WebCrypto or the fallback engine of ed25519-noble.ts.
import nacl from 'tweetnacl/nacl.js';

export { nacl };
