/**
 * Failed logins per remote address: past `maxFailures` in `windowMs`, the address is refused
 * for `blockMs` without the credentials being checked at all.
 */
export class FailureLimiter {
  private readonly failures = new Map<string, { times: number[]; blockedUntil: number }>();

  constructor(private readonly maxFailures = 10, private readonly windowMs = 60_000, private readonly blockMs = 60_000, private readonly maxAddresses = 10_000) {}

  /** Milliseconds the address must still wait, or 0. */
  blockedFor(address: string, now = Date.now()): number {
    const entry = this.failures.get(address);
    return entry && entry.blockedUntil > now ? entry.blockedUntil - now : 0;
  }

  fail(address: string, now = Date.now()): void {
    let entry = this.failures.get(address);
    if (!entry) {
      if (this.failures.size >= this.maxAddresses) this.failures.delete(this.failures.keys().next().value!);
      entry = { times: [], blockedUntil: 0 };
      this.failures.set(address, entry);
    }
    entry.times = entry.times.filter((t) => now - t < this.windowMs);
    entry.times.push(now);
    if (entry.times.length >= this.maxFailures) entry.blockedUntil = now + this.blockMs;
  }

  succeed(address: string): void {
    this.failures.delete(address);
  }
}
