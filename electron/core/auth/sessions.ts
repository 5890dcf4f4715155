import { createHash, randomBytes } from 'node:crypto';
import type { Role, SessionInfo } from '../../../shared/bridge.js';
import type { Store } from '../store/store.js';
import type { SessionTable, StoredSession } from '../store/session-table.js';
import type { AsyncSessions } from '../store/async-store.js';

/** With `--database`: the site's sessions in PostgreSQL, so a console signed in on one node is signed in on all. */
export interface SharedSessions {
  table: AsyncSessions;
  /** Tells the other nodes a session ended (logout, operator disabled), so their streams on it close too. */
  ended(tokenHash: string, reason: string): void;
  log(message: string): void;
}
import { DECOY_HASH, verifyPassword } from './passwords.js';

export interface Session extends SessionInfo {
  tokenHash: string;
}

/** A shift is 12 hours: a session unused that long ends. */
export const IDLE_TIMEOUT_MS = 12 * 60 * 60 * 1000;
/** However busy, a session ends a week after its login. */
export const MAX_SESSION_MS = 7 * 24 * 60 * 60 * 1000;
/** Use is written to disk at most this often per session, not on every request. */
const TOUCH_EVERY_MS = 60 * 1000;
/** How long a token PostgreSQL did not know is not asked about again, and how many are remembered. */
const UNKNOWN_MS = 5000;
const UNKNOWN_KEPT = 10_000;
/** An operator counts as at a console while its stream is open, or this long after its last request. */
export const PRESENT_MS = 15 * 60 * 1000;

const digest = (token: string): string => createHash('sha256').update(token).digest('hex');

interface Live { stored: StoredSession; session: Session; written: number }

/**
 * Operator sessions. Only a hash of each token is kept, in memory and on disk, so a memory
 * dump or a copy of the database does not hand out live sessions. Sessions survive a restart;
 * logout, disabling the operator and a new password end them at once, everywhere.
 */
export class Sessions {
  private readonly live = new Map<string, Live>();
  /** Why recently ended sessions ended, for the streams still open on them. */
  private readonly ended = new Map<string, { reason: string; at: number }>();
  /** Open streams per session (token hash): a console that only watches is still someone to forward to. */
  private readonly watching = new Map<string, number>();

  shared: SharedSessions | null = null;
  /** Tokens PostgreSQL did not know, for a few seconds: a client guessing tokens costs no query each. */
  private readonly unknown = new Map<string, number>();

  constructor(private readonly store: Store, private readonly table: SessionTable, private readonly clock: () => number = Date.now) {}

  private later(what: string, p: Promise<unknown>): void {
    p.catch((err: unknown) => this.shared?.log(`sessions: ${what} did not reach PostgreSQL: ${err instanceof Error ? err.message : String(err)}`));
  }

  /**
   * A token this node has not seen may be a session of another node of the site: read it from
   * PostgreSQL into the local table, where `resolve` finds it. Nothing to do without `--database`.
   */
  async prefetch(token: string | null | undefined): Promise<void> {
    if (!this.shared || !token) return;
    const key = digest(token);
    if (this.live.has(key) || this.table.get(key)) return;
    const now = this.clock();
    if ((this.unknown.get(key) ?? 0) > now) return;
    const stored = await this.shared.table.get(key).catch(() => undefined);
    if (stored && !this.table.get(key)) this.table.insert(stored);
    if (!stored) {
      if (this.unknown.size >= UNKNOWN_KEPT) this.unknown.clear();
      this.unknown.set(key, now + UNKNOWN_MS);
    }
  }

  /** Another node ended this session: it ends here too, with its reason. */
  endedElsewhere(tokenHash: string, reason: string): void {
    this.live.delete(tokenHash);
    this.table.delete(tokenHash);
    this.rememberEnded(tokenHash, reason);
  }

  async login(username: string, password: string): Promise<{ token: string; session: Session } | null> {
    const operator = this.store.findOperator(username);
    const ok = await verifyPassword(password, operator?.passwordHash ?? DECOY_HASH);
    this.store.audit({ actor: username, action: ok && operator && !operator.disabled ? 'login' : 'login.failed', target: `operator:${username}` });
    if (!ok || !operator || operator.disabled) return null;
    const token = randomBytes(32).toString('base64url');
    const now = this.clock();
    const stored: StoredSession = { tokenHash: digest(token), username: operator.username, role: operator.role, createdAt: now, lastUsed: now, expiresAt: now + MAX_SESSION_MS };
    this.table.insert(stored);
    this.table.deleteStale(now, now - IDLE_TIMEOUT_MS);
    if (this.shared) {
      // Awaited: the console may use its token on another node straight away.
      await this.shared.table.insert(stored);
      this.later('pruning', this.shared.table.deleteStale(now, now - IDLE_TIMEOUT_MS));
    }
    const live = this.remember(stored, now);
    return { token, session: live.session };
  }

  private remember(stored: StoredSession, written: number): Live {
    const live: Live = { stored, written, session: { username: stored.username, role: stored.role, expiresAt: 0, tokenHash: stored.tokenHash } };
    live.session.expiresAt = Math.min(stored.lastUsed + IDLE_TIMEOUT_MS, stored.expiresAt);
    this.live.set(stored.tokenHash, live);
    return live;
  }

  private load(key: string): Live | null {
    const stored = this.table.get(key);
    if (!stored) return null;
    // After a restart: the operator as they are now (a role changed while the server was down counts).
    const operator = this.store.findOperator(stored.username);
    if (!operator || operator.disabled) {
      this.table.delete(key);
      return null;
    }
    return this.remember({ ...stored, role: operator.role }, stored.lastUsed);
  }

  resolve(token: string | undefined | null): Session | null {
    if (!token) return null;
    const key = digest(token);
    const live = this.live.get(key) ?? this.load(key);
    if (!live) return null;
    const now = this.clock();
    if (this.expired(live, now)) {
      this.end(key, 'the session expired');
      return null;
    }
    live.stored.lastUsed = now;
    live.session.expiresAt = Math.min(now + IDLE_TIMEOUT_MS, live.stored.expiresAt);
    if (now - live.written >= TOUCH_EVERY_MS) {
      live.written = now;
      this.table.touch(key, now);
      if (this.shared) this.later('a touch', this.shared.table.touch(key, now));
    }
    return live.session;
  }

  private expired(live: Live, now: number): boolean {
    return now >= live.stored.expiresAt || now - live.stored.lastUsed >= IDLE_TIMEOUT_MS;
  }

  /** Ends every session of an operator but the one holding `token` (they changed their password there). */
  endOthers(username: string, token: string | null, reason: string): number {
    const keep = token ? digest(token) : null;
    let ended = 0;
    for (const key of this.table.hashesFor(username)) if (key !== keep) { this.end(key, reason); ended++; }
    return ended;
  }

  /**
   * Who is at a console now, each name once: a live session with its stream open, or used in
   * the last 15 minutes. A session merely unexpired (a browser closed hours ago) is not.
   */
  signedIn(): Array<{ username: string; role: Role }> {
    const now = this.clock();
    const present = new Map<string, Role>();
    for (const [key, live] of this.live) {
      if (this.expired(live, now)) continue;
      if (this.watching.has(key) || now - live.stored.lastUsed < PRESENT_MS) present.set(live.session.username, live.session.role);
    }
    return [...present].sort(([a], [b]) => a.localeCompare(b)).map(([username, role]) => ({ username, role }));
  }

  /** A stream opened on this session; call the returned function when it closes. */
  watch(token: string | null): () => void {
    if (!token) return () => undefined;
    const key = digest(token);
    this.watching.set(key, (this.watching.get(key) ?? 0) + 1);
    let closed = false;
    return () => {
      if (closed) return;
      closed = true;
      const left = (this.watching.get(key) ?? 1) - 1;
      if (left > 0) this.watching.set(key, left);
      else this.watching.delete(key);
    };
  }

  /**
   * Null while the token's session holds (without extending it: watching the stream is not a
   * use), else why it ended. A stream checks this to close when its session goes.
   */
  endReason(token: string | null): string | null {
    if (!token) return 'no session';
    const key = digest(token);
    const live = this.live.get(key);
    if (live && !this.expired(live, this.clock())) return null;
    if (live) this.end(key, 'the session expired');
    return this.ended.get(key)?.reason ?? 'the session ended';
  }

  private end(key: string, reason: string): void {
    this.live.delete(key);
    this.table.delete(key);
    this.rememberEnded(key, reason);
    if (this.shared) {
      this.later('an ended session', this.shared.table.delete(key));
      this.shared.ended(key, reason);
    }
  }

  private rememberEnded(key: string, reason: string): void {
    const now = this.clock();
    this.ended.set(key, { reason, at: now });
    // Streams look within a second; a minute is plenty, and keeps the map small.
    for (const [k, e] of this.ended) if (now - e.at > 60_000) this.ended.delete(k);
  }

  logout(token: string): void {
    const key = digest(token);
    const live = this.live.get(key) ?? this.load(key);
    if (live) this.store.audit({ actor: live.session.username, action: 'logout', target: `operator:${live.session.username}` });
    this.end(key, 'this session was logged out');
  }

  /** Ends every session of an operator (disabled, or a new password), in memory and on disk. */
  endFor(username: string, reason = 'the session was ended'): void {
    for (const [key, s] of this.live) if (s.session.username === username) this.end(key, reason);
    this.table.deleteFor(username);
    if (this.shared) this.later('ended sessions', this.shared.table.deleteFor(username));
  }

  static hasRole(session: Session, needed: Role): boolean {
    const rank: Record<Role, number> = { operator: 1, supervisor: 2, admin: 3 };
    return rank[session.role] >= rank[needed];
  }
}
