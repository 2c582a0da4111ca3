// State that screens follow: the owner changes it with set(), readers take the snapshot and
// subscribe to the changes. The desk session and the manager's venue sync both hold their state
// this way, so a screen follows either with the same few lines. No DOM.

/** What readers get: the state as it is now, and every change after. */
export interface Observable<S> {
  readonly snapshot: S;
  /** Returns the function that stops listening. */
  subscribe(listener: (s: S) => void): () => void;
}

/** What the owner keeps: the same, and the one way to change it (a new object every time). */
export class ObservableState<S extends object> implements Observable<S> {
  private state: S;
  private readonly listeners = new Set<(s: S) => void>();

  constructor(initial: S) {
    this.state = initial;
  }

  get snapshot(): S {
    return this.state;
  }

  subscribe(listener: (s: S) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  set(patch: Partial<S>): void {
    this.state = { ...this.state, ...patch };
    for (const l of this.listeners) l(this.state);
  }
}
