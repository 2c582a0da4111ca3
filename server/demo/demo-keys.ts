// DEMO ONLY. The demo root and issuer seeds of test/vectors/keys.json, published there on purpose so
// that anyone can run the demo. Nothing signed with them may ever be trusted for real cards: a
// desk that trusts the demo root says "demo keys" on screen.

export const DEMO_ROOT_ID = 'demo-root-1';
export const DEMO_ROOT_SEED = 'a4h_iYgTPj8QsW2lzrKmSVbEYEyW-SfluXEAZSsomR8';
export const DEMO_ISSUER_KID = 1;
export const DEMO_ISSUER_SEED = 'tpzq8uwNv1AWG7GfcUT6Xu0R24IHScC4x_MvsJ5rAw0';
/** Issuer kid 2's seed, used to forge a code that claims kid 1 (its signature must fail). */
export const DEMO_FORGER_SEED = '3pz0eBjunMpV_u2a0WfXGqxQNDTwmoS2-mij13cJ9Yk';
