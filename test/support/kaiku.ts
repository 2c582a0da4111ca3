// Runs the kaiku CLI as a person would, through its launcher, and reads its JSON lines.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const launcher = fileURLToPath(new URL('../../scripts/kaiku.mjs', import.meta.url));

export interface KaikuRun {
  status: number | null;
  stdout: string;
  stderr: string;
  lines: Record<string, unknown>[];
}

export function kaiku(args: string[], input?: string, env?: NodeJS.ProcessEnv): KaikuRun {
  const r = spawnSync(process.execPath, [launcher, ...args], { input, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 60_000 });
  const lines = r.stdout
    .split('\n')
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  return { status: r.status, stdout: r.stdout, stderr: r.stderr, lines };
}
