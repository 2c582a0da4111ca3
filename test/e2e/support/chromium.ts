// How Chromium is launched for browser tests and benchmarks. Browsers cannot be downloaded on
// every machine we run on: KAIKU_CHROMIUM, else Debian's /usr/bin/chromium, else Playwright's own
// browser where one is installed (a developer's laptop).

import { existsSync } from 'node:fs';

export const chromiumPath: string | undefined = process.env.KAIKU_CHROMIUM ?? (existsSync('/usr/bin/chromium') ? '/usr/bin/chromium' : undefined);

// As root Chromium needs --no-sandbox; the rest keep it off a closed network.
export const chromiumArgs = ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-gpu'];

/** Chromium's fake camera, playing a .y4m video, with the permission prompt answered yes. */
export function fakeCameraArgs(y4mPath: string): string[] {
  return [...chromiumArgs, '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-video-capture=${y4mPath}`];
}
