// What the desk screen draws of the session's state: "busy" alone waits to be drawn (a quick check
// never flickers "Checking…"), every other change is drawn at once.

import { describe, expect, it } from 'vitest';
import type { DeskState } from '../../src/app/desk/desk-state.ts';
import { initialDeskState } from '../../src/app/desk/desk-state.ts';
import { onlyBusyStarted } from '../../src/app/shell/desk-state-hook.ts';

const idle: DeskState = { ...initialDeskState(), ready: true, notice: { tone: 'info', key: 'bundle.loaded' } };

describe('the busy state on screen', () => {
  it('a check starting (busy on, the notice cleared) is held back', () => {
    expect(onlyBusyStarted(idle, { ...idle, busy: true, notice: null })).toBe(true);
  });

  it('a verdict, a count or busy ending is drawn at once', () => {
    const busy = { ...idle, busy: true };
    expect(onlyBusyStarted(idle, { ...busy, checkNo: 1 })).toBe(false);
    expect(onlyBusyStarted(idle, { ...busy, pending: 3 })).toBe(false);
    expect(onlyBusyStarted(busy, { ...busy, busy: false })).toBe(false);
    // Busy already drawn: a further change is drawn too.
    expect(onlyBusyStarted(busy, { ...busy, notice: null })).toBe(false);
  });
});
