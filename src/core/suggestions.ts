// "Did you mean …?" for a typed card ID that is not in the register: the register holds hashes, so
// every ID one edit away (a character substituted, inserted or left out, or two neighbours swapped)
// is hashed and looked up. It is offered only when exactly one registered ID is that close: a guess
// between two cards would be worse than none.

import { isCardId } from './classify.ts';
import type { Register } from './register.ts';

const CHARS = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

export function oneEditAway(id: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i <= id.length; i++) {
    const head = id.slice(0, i);
    for (const c of CHARS) {
      out.add(head + c + id.slice(i)); // inserted
      if (i < id.length && c !== id[i]) out.add(head + c + id.slice(i + 1)); // substituted
    }
    if (i < id.length) out.add(head + id.slice(i + 1)); // left out
    if (i + 1 < id.length && id[i] !== id[i + 1]) out.add(head + id[i + 1] + id[i] + id.slice(i + 2)); // swapped
  }
  out.delete(id);
  return out;
}

export function suggestCardIds(register: Register, typedId: string): string[] {
  const found: string[] = [];
  for (const candidate of oneEditAway(typedId)) {
    if (isCardId(candidate) && register.lookup(candidate)) {
      found.push(candidate);
      if (found.length > 1) return [];
    }
  }
  return found;
}
