/**
 * Login throttling shared by the collector (Basic, Digest, REST v4 login) and the console's
 * login. Failures are counted per account and per remote address, independently: guessing one
 * account from many addresses, or many accounts from one address, both hit a limit. An attempt
 * counts the moment it begins, before its password hash runs, so a burst of concurrent guesses
 * is refused past the limit instead of all being checked. A success clears only its own
 * account's failures: a valid login of one account never pays for guesses at another.
 *
 * An account locked by guesses stays open to the addresses it recently logged in from (its
 * control-room workstation, its HALO): guessing from elsewhere cannot lock the real user out.
 * Those addresses still have their own limit.
 */

export interface LimiterOptions {
  /** Failures (and attempts under way) per account or address within the window before a block. */
  maxFailures: number;
  windowMs: number;
  blockMs: number;
  /** Accounts and addresses remembered; the least recently failed is forgotten first. */
  maxKeys: number;
}

export const LOGIN_LIMITS: LimiterOptions = { maxFailures: 10, windowMs: 60_000, blockMs: 60_000, maxKeys: 10_000 };

export type AttemptRefusal = { refused: true; waitMs: number; by: 'account' | 'address' };

/** One login attempt under way: settle it once, with the outcome of the password check. */
export interface LoginAttempt {
  refused: false;
  succeed(): void;
  fail(): void;
  /** Neither: the check never ran (the hash queue was full, the request was aborted). */
  abandon(): void;
}

interface Entry {
  times: number[];
  pending: number;
  blockedUntil: number;
}

class Counter {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly o: LimiterOptions) {}

  private entry(key: string, now: number): Entry {
    let e = this.entries.get(key);
    if (!e) {
      if (this.entries.size >= this.o.maxKeys) this.evict();
      e = { times: [], pending: 0, blockedUntil: 0 };
      this.entries.set(key, e);
    }
    if (e.times.length > 0 && now - e.times[0]! >= this.o.windowMs) e.times = e.times.filter((t) => now - t < this.o.windowMs);
    return e;
  }

  /** Forgets an idle key; keys with attempts under way or blocked stay. */
  private evict(): void {
    const now = Date.now();
    for (const [k, e] of this.entries) {
      if (e.pending === 0 && e.blockedUntil <= now) {
        this.entries.delete(k);
        return;
      }
    }
    this.entries.delete(this.entries.keys().next().value!);
  }

  waitFor(key: string, now: number): number {
    const e = this.entries.get(key);
    if (!e) return 0;
    if (e.blockedUntil > now) return e.blockedUntil - now;
    if (e.times.length === 0 && e.pending < this.o.maxFailures) return 0;
    const recent = e.times.filter((t) => now - t < this.o.windowMs);
    if (recent.length + e.pending >= this.o.maxFailures) {
      // Attempts under way fill the allowance: wait for the oldest failure to leave the window.
      return recent.length > 0 ? Math.max(1, this.o.windowMs - (now - recent[0]!)) : 1000;
    }
    return 0;
  }

  begin(key: string, now: number): void {
    this.entry(key, now).pending++;
  }

  settle(key: string, failed: boolean, now: number): void {
    const e = this.entry(key, now);
    e.pending = Math.max(0, e.pending - 1);
    if (!failed) {
      // Nothing left to remember: keep the table to keys that matter.
      if (e.pending === 0 && e.times.length === 0 && e.blockedUntil <= now) this.entries.delete(key);
      return;
    }
    e.times.push(now);
    // Re-insert: the map's order is least recently failed first, for eviction.
    this.entries.delete(key);
    this.entries.set(key, e);
    if (e.times.length >= this.o.maxFailures) e.blockedUntil = now + this.o.blockMs;
  }

  clear(key: string): void {
    const e = this.entries.get(key);
    if (!e) return;
    e.times = [];
    e.blockedUntil = 0;
    if (e.pending === 0) this.entries.delete(key);
  }
}

const TRUSTED_PER_ACCOUNT = 16;

export class FailureLimiter {
  private readonly accounts: Counter;
  private readonly addresses: Counter;
  /** Per account, the addresses of its recent successful logins (most recent last). */
  private readonly trusted = new Map<string, string[]>();
  private readonly maxKeys: number;

  constructor(options: Partial<LimiterOptions> = {}) {
    const o = { ...LOGIN_LIMITS, ...options };
    this.accounts = new Counter(o);
    this.addresses = new Counter(o);
    this.maxKeys = o.maxKeys;
  }

  private trust(account: string, address: string): void {
    // The common case, the same client again: nothing to change.
    if (this.trusted.get(account)?.at(-1) === address) return;
    const list = (this.trusted.get(account) ?? []).filter((a) => a !== address);
    list.push(address);
    if (list.length > TRUSTED_PER_ACCOUNT) list.shift();
    this.trusted.delete(account);
    if (this.trusted.size >= this.maxKeys) this.trusted.delete(this.trusted.keys().next().value!);
    this.trusted.set(account, list);
  }

  private isTrusted(account: string, address: string): boolean {
    return this.trusted.get(account)?.includes(address) ?? false;
  }

  /**
   * Starts an attempt by `account` from `address`, counted at once; refused (with the wait)
   * when either is over its limit. Settle the attempt with `succeed()` or `fail()`.
   */
  begin(account: string, address: string, now = Date.now()): AttemptRefusal | LoginAttempt {
    const byAddress = this.addresses.waitFor(address, now);
    if (byAddress > 0) return { refused: true, waitMs: byAddress, by: 'address' };
    const byAccount = this.accounts.waitFor(account, now);
    if (byAccount > 0 && !this.isTrusted(account, address)) return { refused: true, waitMs: byAccount, by: 'account' };
    this.accounts.begin(account, now);
    this.addresses.begin(address, now);
    let settled = false;
    const settle = (outcome: 'success' | 'failure' | 'none'): void => {
      if (settled) return;
      settled = true;
      const at = Date.now();
      this.accounts.settle(account, outcome === 'failure', at);
      this.addresses.settle(address, outcome === 'failure', at);
      if (outcome === 'success') {
        this.accounts.clear(account);
        this.trust(account, address);
      }
    };
    return { refused: false, succeed: () => settle('success'), fail: () => settle('failure'), abandon: () => settle('none') };
  }

  /** Milliseconds the address must still wait before it may try again, or 0. */
  blockedFor(address: string, now = Date.now()): number {
    return this.addresses.waitFor(address, now);
  }

  /** @deprecated address-only counting, kept until the console login uses `begin`. */
  fail(address: string, now = Date.now()): void {
    this.addresses.begin(address, now);
    this.addresses.settle(address, true, now);
  }

  /** @deprecated a success no longer wipes its address's failures (issue 12): a no-op. */
  succeed(_address: string): void {
    // Intentionally empty: see the class comment.
  }
}

/** Refused when the hash queue is full: the caller answers 503 with Retry-After. */
export class HashesBusy extends Error {
  constructor() {
    super('too many password checks under way; retry in a second');
  }
}

/**
 * Caps the password hashes in flight (each scrypt holds ~32 MiB), with a short bounded queue;
 * past the queue the check is refused rather than held.
 */
export class HashGate {
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(readonly maxRunning = 4, readonly maxWaiting = 32) {}

  get inFlight(): number {
    return this.running;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.maxRunning) {
      if (this.waiting.length >= this.maxWaiting) throw new HashesBusy();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running++;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      // The slot passes straight to the next waiter, so `running` never exceeds the cap.
      if (next) next();
      else this.running--;
    }
  }
}
