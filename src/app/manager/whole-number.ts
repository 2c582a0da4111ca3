// What a count field of the venue editor holds: empty for "no limit", or a whole number of 0 or
// more; anything else is kept on screen as typed but not taken.

export function numberOrNull(text: string): number | null | 'bad' {
  if (text.trim() === '') return null;
  const n = Number(text);
  return Number.isInteger(n) && n >= 0 ? n : 'bad';
}
