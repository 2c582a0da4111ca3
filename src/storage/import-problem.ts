// Why a record from another desk's export cannot be kept. A file of its own, loaded by import() when
// a manager imports one: the record checker is a sizeable part of the core that the desk's first
// screen never needs.

import { recordProblem } from '../core/record-shape.ts';

/** By the core's one record checker (the server's too); null if it can be kept. */
export function importProblem(r: unknown): string | null {
  const problem = recordProblem(r);
  if (problem === null) return null;
  const id = (r as { id?: unknown } | null)?.id;
  return typeof id === 'string' && id !== '' ? `record ${id}: ${problem}` : problem;
}
