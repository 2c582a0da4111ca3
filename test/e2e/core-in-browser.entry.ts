// What the browser test needs of the core, as one script for the page (bundled by the test).
export { openBundle } from '../../src/core/bundle.ts';
export { checkCard } from '../../src/core/card-check.ts';
export { isStaleOnDay } from '../../src/core/bundle.ts';
export { pickEd25519, webCryptoEd25519 } from '../../src/core/ed25519.ts';
export { nobleEd25519 } from '../../src/core/ed25519-noble.ts';
export { parseRoots } from '../../src/core/roots.ts';
