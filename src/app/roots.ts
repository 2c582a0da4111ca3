// The root keys baked into this build (see vite.config.ts): KAIKU_ROOTS, else the demo root.

import type { RootConfig } from '../core/roots.ts';
import { rootConfig } from '../core/roots.ts';

declare const __KAIKU_ROOTS__: string;

export const buildRoots: RootConfig = rootConfig(__KAIKU_ROOTS__);
