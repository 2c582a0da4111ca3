// The one observable-state helper the desk session and the manager's venue sync hold their state in.

import { describe, expect, it } from 'vitest';
import { ObservableState } from '../../src/app/shared/observable-state.ts';

describe('observable state', () => {
  it('hands every listener each new state, as a new object, until it stops listening', () => {
    const state = new ObservableState({ a: 1, b: 'x' });
    const first = state.snapshot;
    const seen: { a: number; b: string }[] = [];
    const stop = state.subscribe((s) => seen.push(s));
    state.set({ a: 2 });
    expect(state.snapshot).toEqual({ a: 2, b: 'x' });
    expect(first).toEqual({ a: 1, b: 'x' });
    stop();
    state.set({ b: 'y' });
    expect(seen).toEqual([{ a: 2, b: 'x' }]);
    expect(state.snapshot).toEqual({ a: 2, b: 'y' });
  });
});
