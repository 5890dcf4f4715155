import type pg from 'pg';
import { LOCK_NAMESPACE, LOCKS } from './pool.js';

export const DAY = 86_400_000;
/** Partitions are made this many days ahead of today, so ingest at midnight never waits on DDL. */
export const DAYS_AHEAD = 3;

const PREFIX = 'sample_chunks_d';

export function dayStart(t: number): number {
  return Math.floor(t / DAY) * DAY;
}

/** sample_chunks_d20261129 holds the chunks that ended on 29 November 2026 (UTC). */
export function partitionName(day: number): string {
  return PREFIX + new Date(day).toISOString().slice(0, 10).replaceAll('-', '');
}

export function partitionDay(name: string): number | null {
  const m = /^sample_chunks_d(\d{4})(\d{2})(\d{2})$/.exec(name);
  return m ? Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])) : null;
}

/** The days (UTC, as their first millisecond) that have a partition. */
export async function listPartitions(c: pg.ClientBase): Promise<number[]> {
  const r = await c.query<{ name: string }>(
    "SELECT child.relname AS name FROM pg_inherits i JOIN pg_class child ON child.oid = i.inhrelid WHERE i.inhparent = 'sample_chunks'::regclass");
  return r.rows.map((row) => partitionDay(row.name)).filter((d): d is number => d !== null).sort((a, b) => a - b);
}

/**
 * Creates the day partitions covering [from, to] that are missing. Two nodes may need the same
 * day at once: a transaction-scoped advisory lock makes the second find it made.
 */
export async function ensurePartitions(c: pg.ClientBase, from: number, to: number): Promise<number[]> {
  const made: number[] = [];
  await c.query('BEGIN');
  try {
    await c.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, LOCKS.partitions]);
    const have = new Set(await listPartitions(c));
    for (let day = dayStart(from); day <= to; day += DAY) {
      if (have.has(day)) continue;
      await c.query(`CREATE TABLE ${partitionName(day)} PARTITION OF sample_chunks FOR VALUES FROM (${day}) TO (${day + DAY})`);
      made.push(day);
    }
    await c.query('COMMIT');
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
  return made;
}

/**
 * Retention by whole partitions: a day that ended before `cutoff` is dropped at once (no
 * row-by-row delete, no vacuum); in the day the cutoff falls in, the older chunks are deleted.
 */
export async function dropPartitionsBefore(c: pg.ClientBase, cutoff: number): Promise<number[]> {
  const dropped: number[] = [];
  await c.query('BEGIN');
  try {
    await c.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, LOCKS.partitions]);
    for (const day of await listPartitions(c)) {
      if (day + DAY > cutoff) break;
      await c.query(`DROP TABLE ${partitionName(day)}`);
      dropped.push(day);
    }
    await c.query('DELETE FROM sample_chunks WHERE t_end < $1', [cutoff]);
    await c.query('COMMIT');
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
  return dropped;
}
