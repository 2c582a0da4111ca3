// What a scanned, typed or pasted string is: a signed KK1. code, a plain card ID, or not a card.
// Every input path (camera, wedge scanner, the card field, a paste, the CLI) goes through here.

export type Classified =
  | { kind: 'code'; text: string }
  | { kind: 'plain'; id: string }
  | { kind: 'not-a-card' };

export const CODE_PREFIX = 'KK1.';
const CARD_ID = /^[0-9A-Z]{4,16}$/;

export function isCardId(text: string): boolean {
  return CARD_ID.test(text);
}

export function classify(input: string): Classified {
  // Control characters (CR, LF, Tab from scanners) go; only ASCII a-z is folded, so "ß" or "ä"
  // never turn into something that looks like a card.
  const text = input
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .replace(/^ +| +$/g, '')
    .replace(/[a-z]+/g, (s) => s.toUpperCase());
  if (text.startsWith(CODE_PREFIX)) return { kind: 'code', text };
  const id = text.replace(/[ -]/g, '');
  return isCardId(id) ? { kind: 'plain', id } : { kind: 'not-a-card' };
}
