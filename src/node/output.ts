// Results are JSON, one object per line, on standard output.

export function emit(value: unknown): void {
  process.stdout.write(JSON.stringify(value) + '\n');
}
