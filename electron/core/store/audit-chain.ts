import { createHash } from 'node:crypto';
import type { AuditVerdict } from '../../../shared/api/views.js';

export interface ChainRow {
  id: number; t: number; actor: string; action: string; target: string; before: string | null; after: string | null; reason: string;
}

/**
 * The audit chain's hash, one function for both stores: a log moved from SQLite verifies in
 * PostgreSQL unchanged.
 */
export function chainHash(prev: string, r: ChainRow): string {
  return createHash('sha256').update(JSON.stringify([prev, r.id, r.t, r.actor, r.action, r.target, r.before, r.after, r.reason])).digest('hex');
}

export const GENESIS = '0'.repeat(64);
/** The settings keys for the chain's ends: its head, and where it starts once old entries were pruned. */
export const AUDIT_HEAD = 'auditHead';
export const AUDIT_BASE = 'auditBase';

type Anchor = { id: number; hash: string };
const anchorOf = (setting: string | null | undefined): Anchor => (setting ? (JSON.parse(setting) as Anchor) : { id: 0, hash: GENESIS });

/**
 * The chain checked entry by entry in id order, for both stores: from where it starts (after a
 * prune, the last pruned entry's hash, kept with the exported file) to the head the store recorded.
 */
export class ChainCheck {
  checked = 0;
  /** The id the next entry must have. */
  nextId: number;
  private prev: string;

  constructor(base: string | null | undefined) {
    const start = anchorOf(base);
    this.prev = start.hash;
    this.nextId = start.id + 1;
  }

  /** Where the chain breaks at this entry; null while it holds. */
  step(r: ChainRow & { hash: string | null }): AuditVerdict | null {
    if (r.id !== this.nextId) return { ok: false, checked: this.checked, broken: { id: this.nextId, reason: `entry ${this.nextId} is missing` } };
    const hash = chainHash(this.prev, r);
    if (hash !== r.hash) return { ok: false, checked: this.checked, broken: { id: r.id, reason: `entry ${r.id} was altered, or one before it was` } };
    this.prev = hash;
    this.checked++;
    this.nextId++;
    return null;
  }

  /** After the last entry: entries removed from the end show against the recorded head. */
  end(head: string | null | undefined): AuditVerdict {
    const lastId = this.nextId - 1;
    const anchor = anchorOf(head);
    if (anchor.id !== lastId || anchor.hash !== this.prev) {
      return { ok: false, checked: this.checked, broken: { id: anchor.id, reason: `the log ends at entry ${lastId}, but entry ${anchor.id} was written: entries were removed from the end` } };
    }
    return { ok: true, checked: this.checked, broken: null };
  }
}
