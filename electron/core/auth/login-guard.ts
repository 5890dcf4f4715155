import { FailureLimiter, HashesBusy, type HashGate } from '../collector/rate-limit.js';
import { verifyPassword } from './passwords.js';
import type { Session, Sessions } from './sessions.js';

export type LoginOutcome =
  | { ok: true; token: string; session: Session }
  | { ok: false; status: 401 }
  | { ok: false; status: 429 | 503; retryAfterS: number };

/**
 * The console login behind the throttle: failures counted per account and per address before
 * the password is hashed, a success clearing only its own account, and the hash run under the
 * process's cap on hashes in flight. The API route maps the outcome to its reply.
 */
export class LoginGuard {
  constructor(private readonly sessions: Sessions, private readonly hashes: HashGate, readonly limiter = new FailureLimiter()) {}

  async login(username: string, password: string, address: string): Promise<LoginOutcome> {
    const outcome = await this.guarded(username, address, () => this.sessions.login(username, password));
    return outcome.ok ? { ok: true, ...outcome.result } : outcome;
  }

  /**
   * A signed-in operator proving their current password (to change it) is a password guess
   * like a login: a stolen session must not brute-force its way to the password itself.
   */
  async confirm(username: string, password: string, address: string, passwordHash: string): Promise<{ ok: true } | Exclude<LoginOutcome, { ok: true }>> {
    const outcome = await this.guarded(username, address, async () => ((await verifyPassword(password, passwordHash)) ? true : null));
    return outcome.ok ? { ok: true } : outcome;
  }

  private async guarded<T>(username: string, address: string, check: () => Promise<T | null>): Promise<{ ok: true; result: T } | Exclude<LoginOutcome, { ok: true }>> {
    const attempt = this.limiter.begin(username, address);
    if (attempt.refused) return { ok: false, status: 429, retryAfterS: Math.ceil(attempt.waitMs / 1000) };
    let result: T | null;
    try {
      result = await this.hashes.run(check);
    } catch (err) {
      attempt.abandon();
      if (err instanceof HashesBusy) return { ok: false, status: 503, retryAfterS: 1 };
      throw err;
    }
    if (result === null) {
      attempt.fail();
      return { ok: false, status: 401 };
    }
    attempt.succeed();
    return { ok: true, result };
  }
}
