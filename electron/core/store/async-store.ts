import type { EventRecord } from '../../../shared/domain.js';
import type { Columns } from '../../../shared/lttb.js';
import type { StoredSession } from './session-table.js';
import type { AlarmHistoryRow, AuditEntry, AuditFilter, AuditRecord, AuditVerdict, Batch, EventFilter, LatestWrite } from './store.js';

/**
 * The part of the store a node of a cluster needs to share through the database, asynchronous
 * because a PostgreSQL round trip is. The core keeps the synchronous `Store` on its data folder;
 * with `--database` the cluster layer (electron/core/cluster) writes through PgStore what the
 * nodes share (docs/storage-postgres.md). SqliteAsyncStore wraps the embedded
 * store into it, PgStore (pg/pg-store.ts) implements it on PostgreSQL, and one contract test
 * (test/store-contract.test.ts) runs against both.
 */
export interface AsyncStore {
  readonly backend: 'sqlite' | 'postgres';
  close(): Promise<void>;

  getSetting(key: string): Promise<string | undefined>;
  setSetting(key: string, value: string): Promise<void>;

  /** One window of ingest (chunks, events, latest values) in one transaction: all of it is durable, or none. */
  writeBatch(batch: Batch): Promise<void>;
  loadLatest(): Promise<LatestWrite[]>;
  /** A data point's raw samples in [from, to], oldest first. */
  seriesColumns(device: number, point: string, from: number, to: number): Promise<Columns>;
  /**
   * Retention: removes the raw samples of chunks that ended before `cutoff`. PostgreSQL drops the
   * whole days first (a partition, or a TimescaleDB chunk), then deletes within the cutoff's day.
   */
  pruneSamplesBefore(cutoff: number): Promise<void>;

  /** `count` new event ids, ascending; unique across every node of a cluster. */
  eventIds(count: number): Promise<number[]>;
  events(filter: EventFilter): Promise<EventRecord[]>;
  pairableEvents(limit: number): Promise<EventRecord[]>;

  /** Appends to the hash chain; two nodes appending at once are serialised, never forked. */
  audit(entry: AuditEntry): Promise<void>;
  listAudit(filter: AuditFilter): Promise<AuditRecord[]>;
  verifyAudit(): Promise<AuditVerdict>;

  listAlarms(): Promise<VersionedAlarm[]>;
  /** The alarms named (a fan-out message's ids), by id; unknown ids are left out. */
  alarmsById(ids: readonly number[]): Promise<VersionedAlarm[]>;
  /** A new alarm instance at version 1. */
  createAlarm(body: unknown): Promise<VersionedAlarm>;
  /**
   * The alarm's next state and the step that got it there, only if nobody changed it since
   * `expectedVersion` was read. Otherwise nothing is written and the current row comes back:
   * of two operators acknowledging at once on two nodes, one wins and the other sees why (409).
   */
  transitionAlarm(id: number, expectedVersion: number, body: unknown, step: AlarmHistoryRow): Promise<AlarmTransition>;
  alarmSteps(alarm: number): Promise<AlarmHistoryRow[]>;
  alarmHistory(from: number, to: number): Promise<AlarmHistoryRow[]>;

  readonly sessions: AsyncSessions;
}

export interface VersionedAlarm {
  id: number;
  version: number;
  body: unknown;
}

export type AlarmTransition =
  | { ok: true; alarm: VersionedAlarm }
  | { ok: false; reason: 'stale'; current: VersionedAlarm }
  | { ok: false; reason: 'missing' };

/** SessionTable's operations, awaited. */
export interface AsyncSessions {
  insert(s: StoredSession): Promise<void>;
  get(tokenHash: string): Promise<StoredSession | undefined>;
  touch(tokenHash: string, at: number): Promise<void>;
  delete(tokenHash: string): Promise<void>;
  deleteFor(username: string): Promise<void>;
  hashesFor(username: string): Promise<string[]>;
  deleteStale(now: number, idleBefore: number): Promise<number>;
}
