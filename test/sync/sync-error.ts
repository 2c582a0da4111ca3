// What a sync call threw, for the tests of src/sync: a SyncError (anything else fails the test), or
// a failure when the call did not throw at all.

import { expect } from 'vitest';
import { SyncError } from '../../src/sync/api-client.ts';

export async function syncErrorOf(p: Promise<unknown>): Promise<SyncError> {
  try {
    await p;
  } catch (e) {
    expect(e).toBeInstanceOf(SyncError);
    return e as SyncError;
  }
  throw new Error('expected a SyncError');
}
