import type Database from 'better-sqlite3';
import { appendFileSync, closeSync, fsyncSync, openSync } from 'node:fs';
import type { Step } from './slices.js';
import { AUDIT_BASE } from './sqlite-store.js';

/**
 * Deleting old data in steps of a few rows, each its own short transaction: the WAL stays small,
 * ingest commits in between, and a restart in the middle loses nothing but the rest of the work.
 */
export class Pruner {
  private readonly stmt;

  constructor(private readonly db: Database.Database) {
    this.stmt = {
      samplesBefore: db.prepare('DELETE FROM sample_chunks WHERE id IN (SELECT id FROM sample_chunks WHERE t_end < ? ORDER BY t_end LIMIT ?)'),
      // Compacted samples: an hour of one device a row (compactor.ts).
      blocksBefore: db.prepare('DELETE FROM sample_blocks WHERE id IN (SELECT id FROM sample_blocks WHERE t_end < ? ORDER BY t_end LIMIT ?)'),
      rollupsBefore: db.prepare('DELETE FROM rollups WHERE (device, point, hour) IN (SELECT device, point, hour FROM rollups WHERE hour < ? ORDER BY hour LIMIT ?)'),
      // The highest rowid less the lowest: a count without a table scan (chunks are append-ordered).
      countSamples: db.prepare('SELECT (SELECT COALESCE(MAX(id) - MIN(id) + 1, 0) FROM sample_chunks) + (SELECT COALESCE(MAX(id) - MIN(id) + 1, 0) FROM sample_blocks) AS n'),
      eventsBefore: db.prepare('DELETE FROM events WHERE id IN (SELECT id FROM events WHERE t < ? ORDER BY t LIMIT ?)'),
      alarmHistoryBefore: db.prepare('DELETE FROM alarm_history WHERE id IN (SELECT id FROM alarm_history WHERE t < ? ORDER BY t LIMIT ?)'),
      nextPurge: db.prepare('SELECT device FROM device_purges ORDER BY at LIMIT 1'),
      purgeChunks: db.prepare('DELETE FROM sample_chunks WHERE id IN (SELECT id FROM sample_chunks WHERE device = ? LIMIT ?)'),
      purgeBlocks: db.prepare('DELETE FROM sample_blocks WHERE id IN (SELECT id FROM sample_blocks WHERE device = ? LIMIT ?)'),
      purgeRollups: db.prepare('DELETE FROM rollups WHERE (device, point, hour) IN (SELECT device, point, hour FROM rollups WHERE device = ? LIMIT ?)'),
      purgeDone: db.prepare('DELETE FROM device_purges WHERE device = ?'),
      pendingPurges: db.prepare('SELECT COUNT(*) AS n FROM device_purges'),
      auditRange: db.prepare('SELECT * FROM audit WHERE id > ? AND id <= ? ORDER BY id LIMIT ?'),
      auditLast: db.prepare('SELECT id, hash FROM audit WHERE id <= ? ORDER BY id DESC LIMIT 1'),
      auditDelete: db.prepare('DELETE FROM audit WHERE id <= ?'),
      // Ids follow time: the first entry young enough to keep, found walking from the oldest (only what will be pruned is read).
      auditFirstKept: db.prepare('SELECT id FROM audit WHERE t >= ? ORDER BY id LIMIT 1'),
      auditMin: db.prepare('SELECT MIN(id) AS id, MAX(id) AS maxId FROM audit'),
      setBase: db.prepare("INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value"),
    };
  }

  /** Raw samples, the newest in one-window chunks, older ones compacted into blocks: both. */
  samplesBefore(cutoff: number): Step {
    return (limit) => {
      const n = this.stmt.samplesBefore.run(cutoff, limit).changes;
      return n < limit ? n + this.stmt.blocksBefore.run(cutoff, limit - n).changes : n;
    };
  }

  /** The 1-minute rollups, kept per hour: everything of hours that ended before `cutoff`. */
  rollupsBefore(cutoff: number): Step {
    const hour = Math.floor(cutoff / 3_600_000);
    return (limit) => this.stmt.rollupsBefore.run(hour, limit).changes;
  }

  countSamples(): number {
    return (this.stmt.countSamples.get() as { n: number }).n;
  }

  eventsBefore(cutoff: number): Step {
    return (limit) => this.stmt.eventsBefore.run(cutoff, limit).changes;
  }

  alarmHistoryBefore(cutoff: number): Step {
    return (limit) => this.stmt.alarmHistoryBefore.run(cutoff, limit).changes;
  }

  /** Deleted devices' samples; a device's id is free again once its last chunk is gone. */
  devicePurges(): Step {
    return (limit) => {
      const next = this.stmt.nextPurge.get() as { device: number } | undefined;
      if (!next) return 0;
      // Chunks first: once they are gone the compactor makes no more blocks or rollups for it.
      let n = this.stmt.purgeChunks.run(next.device, limit).changes;
      if (n < limit) n += this.stmt.purgeBlocks.run(next.device, limit - n).changes;
      if (n < limit) n += this.stmt.purgeRollups.run(next.device, limit - n).changes;
      if (n < limit) this.stmt.purgeDone.run(next.device);
      // One device finished is not the end while others wait.
      return n < limit && this.pendingPurges() > 0 ? limit : n;
    };
  }

  pendingPurges(): number {
    return (this.stmt.pendingPurges.get() as { n: number }).n;
  }

  /** Frees pages at the end of the file (a database made with auto_vacuum = INCREMENTAL). */
  vacuum(): Step {
    return (limit) => {
      if (this.db.pragma('auto_vacuum', { simple: true }) !== 2) return 0;
      const before = this.db.pragma('freelist_count', { simple: true }) as number;
      if (before === 0) return 0;
      this.db.pragma(`incremental_vacuum(${Math.max(1, Math.floor(limit))})`);
      return before - (this.db.pragma('freelist_count', { simple: true }) as number);
    };
  }

  /** The oldest entries up to the first one younger than `cutoff`; never the newest of all (the chain needs its head). */
  auditPrunableUpTo(cutoff: number): { from: number; to: number } | null {
    const { id: from, maxId } = this.stmt.auditMin.get() as { id: number | null; maxId: number | null };
    if (from === null || maxId === null) return null;
    const firstKept = (this.stmt.auditFirstKept.get(cutoff) as { id: number } | undefined)?.id ?? maxId + 1;
    const upTo = Math.min(firstKept - 1, maxId - 1);
    return upTo >= from ? { from, to: upTo } : null;
  }

  /** Appends entries (from, to] to a JSON-lines file, hashes included, so the pruned part stays checkable. */
  exportAudit(file: string, after: number, to: number): Step {
    let last = after;
    return (limit) => {
      const rows = this.stmt.auditRange.all(last, to, limit) as Array<{ id: number }>;
      if (rows.length) {
        appendFileSync(file, `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`);
        last = rows[rows.length - 1]!.id;
      }
      if (rows.length < limit) {
        const fd = openSync(file, 'r');
        try { fsyncSync(fd); } finally { closeSync(fd); }
      }
      return rows.length;
    };
  }

  /** Deletes entries up to `to`, moving the chain's start with each step so it verifies at every moment. */
  pruneAudit(from: number, to: number): Step {
    let at = from - 1;
    return (limit) => {
      if (at >= to) return 0;
      const upTo = Math.min(to, at + limit);
      this.db.transaction(() => {
        const base = this.stmt.auditLast.get(upTo) as { id: number; hash: string };
        this.stmt.auditDelete.run(upTo);
        this.stmt.setBase.run(AUDIT_BASE, JSON.stringify({ id: base.id, hash: base.hash }));
      }).immediate();
      const n = upTo - at;
      at = upTo;
      return n;
    };
  }
}
