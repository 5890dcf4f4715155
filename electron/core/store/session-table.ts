import type Database from 'better-sqlite3';
import { RoleSchema, type Role } from '../../../shared/bridge.js';

export interface StoredSession {
  tokenHash: string;
  username: string;
  role: Role;
  createdAt: number;
  lastUsed: number;
  expiresAt: number;
}

interface Row { token_hash: string; username: string; role: string; created_at: number; last_used: number; expires_at: number }

/** Sessions on disk, by token hash (migration 7). */
export class SessionTable {
  private readonly stmt;

  constructor(db: Database.Database) {
    this.stmt = {
      insert: db.prepare('INSERT INTO sessions (token_hash, username, role, created_at, last_used, expires_at) VALUES (?, ?, ?, ?, ?, ?)'),
      get: db.prepare('SELECT * FROM sessions WHERE token_hash = ?'),
      touch: db.prepare('UPDATE sessions SET last_used = ? WHERE token_hash = ?'),
      delete: db.prepare('DELETE FROM sessions WHERE token_hash = ?'),
      deleteFor: db.prepare('DELETE FROM sessions WHERE username = ?'),
      deleteStale: db.prepare('DELETE FROM sessions WHERE expires_at <= ? OR last_used <= ?'),
      hashesFor: db.prepare('SELECT token_hash FROM sessions WHERE username = ?').pluck(),
    };
  }

  insert(s: StoredSession): void {
    this.stmt.insert.run(s.tokenHash, s.username, s.role, s.createdAt, s.lastUsed, s.expiresAt);
  }

  get(tokenHash: string): StoredSession | undefined {
    const r = this.stmt.get.get(tokenHash) as Row | undefined;
    return r && { tokenHash: r.token_hash, username: r.username, role: RoleSchema.parse(r.role), createdAt: r.created_at, lastUsed: r.last_used, expiresAt: r.expires_at };
  }

  touch(tokenHash: string, at: number): void {
    this.stmt.touch.run(at, tokenHash);
  }

  delete(tokenHash: string): void {
    this.stmt.delete.run(tokenHash);
  }

  deleteFor(username: string): void {
    this.stmt.deleteFor.run(username);
  }

  hashesFor(username: string): string[] {
    return this.stmt.hashesFor.all(username) as string[];
  }

  /** Who holds a session neither past its end nor idle since before `idleBefore`. */
  /** Removes sessions past their absolute end or idle since before `idleBefore`. */
  deleteStale(now: number, idleBefore: number): number {
    return this.stmt.deleteStale.run(now, idleBefore).changes;
  }
}
