// A bundle file staff load by hand (from a USB stick, a mail) when the desk cannot reach its
// server: the same rules as one from the server. It must open under the build's root keys and be
// newer than the bundle in use; otherwise the one in use stays and a notice says why.

import type { Envelope } from '../../core/bundle.ts';
import { openBundleText, replacesBundle } from '../../core/bundle.ts';
import { helsinkiDay } from '../../core/calendar.ts';
import type { ObservableState } from '../shared/observable-state.ts';
import type { DeskState } from './desk-state.ts';
import type { SessionDeps } from './session-deps.ts';

export class BundleFile {
  constructor(
    private readonly state: ObservableState<DeskState>,
    private readonly deps: Pick<SessionDeps, 'store' | 'roots' | 'ed' | 'now'>,
  ) {}

  /** True when the file's bundle is now the one in use. */
  async load(text: string): Promise<boolean> {
    let json: unknown = null;
    try {
      json = JSON.parse(text);
    } catch {
      // openBundleText says why in words.
    }
    const opened = await openBundleText(text, this.deps.roots.roots, this.deps.ed);
    if (!opened.ok) {
      this.state.set({ notice: { tone: 'error', key: 'bundle.refused', params: { error: opened.error } } });
      return false;
    }
    const current = this.state.snapshot.bundle;
    if (!replacesBundle(current, opened.bundle)) {
      this.state.set({ notice: { tone: 'info', key: 'bundle.notNewer', params: { current: current?.serial ?? 0 } } });
      return false;
    }
    await this.deps.store.putBundle({ envelope: json as Envelope, serial: opened.bundle.serial, savedAt: this.deps.now() });
    this.state.set({ bundle: opened.bundle, notice: { tone: 'info', key: 'bundle.loaded', params: { madeDay: helsinkiDay(opened.bundle.issuedAtMs), count: opened.bundle.register.count } } });
    return true;
  }
}
