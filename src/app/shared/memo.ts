// A part of the screen drawn again only when one of its props changed (by identity), as React's
// memo. A check redraws the verdict, not the header, the camera and the status bar around it: on a
// cheap tablet every part diffed for nothing is time before the verdict shows. preact/compat has
// one, but importing compat installs its global option hooks (React's event names and more).
// A part that reads the language (useI18n) still follows a change of language: the context
// re-renders it directly.

import type { FunctionComponent } from 'preact';
import { Component, h } from 'preact';

export function memo<P extends object>(inner: FunctionComponent<P>): FunctionComponent<P> {
  class Memo extends Component<P> {
    override shouldComponentUpdate(next: P): boolean {
      const now = this.props as Record<string, unknown>;
      const then = next as Record<string, unknown>;
      for (const key in then) if (then[key] !== now[key]) return true;
      for (const key in now) if (!(key in then)) return true;
      return false;
    }
    render(props: P) {
      return h(inner, props);
    }
  }
  (Memo as { displayName?: string }).displayName = `Memo(${inner.displayName ?? inner.name})`;
  return Memo as unknown as FunctionComponent<P>;
}
