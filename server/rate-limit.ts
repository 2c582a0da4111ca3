// Failed enrolments per remote address in a sliding minute: an enrolment code has 50 bits, and this
// keeps guessing one far out of reach (10 a minute from an address).

const WINDOW_MS = 60_000;
// Forget addresses now and then, so a scan from many addresses cannot grow the map without end.
const SWEEP_AT = 10_000;

export interface FailureLimiter {
  /** Milliseconds until another attempt is allowed, or 0 when it is allowed now. */
  waitMs(address: string, nowMs: number): number;
  fail(address: string, nowMs: number): void;
}

export function failureLimiter(maxPerMinute: number): FailureLimiter {
  const failures = new Map<string, number[]>();
  const recent = (address: string, nowMs: number): number[] => {
    const kept = (failures.get(address) ?? []).filter((t) => t > nowMs - WINDOW_MS);
    if (kept.length) failures.set(address, kept);
    else failures.delete(address);
    return kept;
  };
  return {
    waitMs(address, nowMs) {
      const kept = recent(address, nowMs);
      return kept.length < maxPerMinute ? 0 : kept[kept.length - maxPerMinute]! + WINDOW_MS - nowMs;
    },
    fail(address, nowMs) {
      if (failures.size >= SWEEP_AT) for (const a of [...failures.keys()]) recent(a, nowMs);
      failures.set(address, [...recent(address, nowMs), nowMs]);
    },
  };
}
