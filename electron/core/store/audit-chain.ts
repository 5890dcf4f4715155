import { createHash } from 'node:crypto';

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
