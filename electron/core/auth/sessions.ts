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
  /** Why recently ended sessions ended, for the streams still open on them. */
  private readonly ended = new Map<string, { reason: string; at: number }>();

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
      this.end(key, 'the session expired');
      return null;
    }
    session.expiresAt = now + TTL_MS;
    return session;
  }

  logout(token: string): void {
    const session = this.sessions.get(digest(token));
    if (session) this.store.audit({ actor: session.username, action: 'logout', target: `operator:${session.username}` });
    this.end(digest(token), 'logged out');
  }

  /** Ends every session of an operator (disabled, or a new password). */
  endFor(username: string, reason = 'the session was ended'): void {
    for (const [key, s] of this.sessions) if (s.username === username) this.end(key, reason);
  }

  /** Ends every session of an operator but the one holding `token` (they changed their password there). */
  endOthers(username: string, token: string | null, reason: string): number {
    const keep = token ? digest(token) : null;
    let ended = 0;
    for (const [key, s] of this.sessions) if (s.username === username && key !== keep) { this.end(key, reason); ended++; }
    return ended;
  }

  /** Who holds a live session now, each name once. */
  signedIn(): Array<{ username: string; role: Role }> {
    const now = this.clock();
    const out = new Map<string, Role>();
    for (const s of this.sessions.values()) if (s.expiresAt > now) out.set(s.username, s.role);
    return [...out].map(([username, role]) => ({ username, role })).sort((a, b) => a.username.localeCompare(b.username));
  }

  /**
   * Null while the token's session holds (without extending it: watching the stream is not a
   * use), else why it ended. A stream checks this to close when its session goes.
   */
  endReason(token: string | null): string | null {
    if (!token) return 'no session';
    const key = digest(token);
    const session = this.sessions.get(key);
    if (session && session.expiresAt > this.clock()) return null;
    if (session) this.end(key, 'the session expired');
    return this.ended.get(key)?.reason ?? 'the session ended';
  }

  private end(key: string, reason: string): void {
    this.sessions.delete(key);
    const now = this.clock();
    this.ended.set(key, { reason, at: now });
    // Streams look within a second; a minute is plenty, and keeps the map small.
    for (const [k, e] of this.ended) if (now - e.at > 60_000) this.ended.delete(k);
  }

  static hasRole(session: Session, needed: Role): boolean {
    const rank: Record<Role, number> = { operator: 1, supervisor: 2, admin: 3 };
    return rank[session.role] >= rank[needed];
  }
}
