import { createHash, randomBytes } from 'node:crypto';
import type { Role, SessionInfo } from '../../../shared/bridge.js';
import type { Store } from '../store/store.js';
import { DECOY_HASH, verifyPassword } from './passwords.js';

export interface Session extends SessionInfo {
  tokenHash: string;
}

const TTL_MS = 12 * 60 * 60 * 1000;

const digest = (token: string): string => createHash('sha256').update(token).digest('hex');

/**
 * Operator sessions. Only a hash of each token is kept, so a memory dump does not hand out
 * live sessions; a shift is 12 hours, and each use extends the session.
 */
export class Sessions {
  private readonly sessions = new Map<string, Session>();

  constructor(private readonly store: Store, private readonly clock: () => number = Date.now) {}

  async login(username: string, password: string): Promise<{ token: string; session: Session } | null> {
    const operator = this.store.findOperator(username);
    const ok = await verifyPassword(password, operator?.passwordHash ?? DECOY_HASH);
    this.store.audit({ actor: username, action: ok && operator && !operator.disabled ? 'login' : 'login.failed', target: `operator:${username}` });
    if (!ok || !operator || operator.disabled) return null;
    const token = randomBytes(32).toString('base64url');
    const session: Session = { username: operator.username, role: operator.role, expiresAt: this.clock() + TTL_MS, tokenHash: digest(token) };
    this.sessions.set(session.tokenHash, session);
    return { token, session };
  }

  resolve(token: string | undefined | null): Session | null {
    if (!token) return null;
    const key = digest(token);
    const session = this.sessions.get(key);
    if (!session) return null;
    const now = this.clock();
    if (session.expiresAt <= now) {
      this.sessions.delete(key);
      return null;
    }
    session.expiresAt = now + TTL_MS;
    return session;
  }

  logout(token: string): void {
    const session = this.sessions.get(digest(token));
    if (session) this.store.audit({ actor: session.username, action: 'logout', target: `operator:${session.username}` });
    this.sessions.delete(digest(token));
  }

  /** Ends every session of an operator (disabled, or a new password). */
  endFor(username: string): void {
    for (const [key, s] of this.sessions) if (s.username === username) this.sessions.delete(key);
  }

  static hasRole(session: Session, needed: Role): boolean {
    const rank: Record<Role, number> = { operator: 1, supervisor: 2, admin: 3 };
    return rank[session.role] >= rank[needed];
  }
}
