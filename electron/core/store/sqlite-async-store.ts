import type { EventRecord } from '../../../shared/domain.js';
import type { Columns } from '../../../shared/lttb.js';
import type { AlarmTransition, AsyncSessions, AsyncStore, VersionedAlarm } from './async-store.js';
import { Pruner } from './housekeeping.js';
import { SessionTable } from './session-table.js';
import type { SqliteStore } from './sqlite-store.js';
import type { AlarmHistoryRow, AuditEntry, AuditFilter, AuditRecord, AuditVerdict, Batch, EventFilter, LatestWrite } from './store.js';

const PRUNE_STEP = 500;

/**
 * The embedded store behind the asynchronous interface: each call is the synchronous one,
 * awaited. One process owns a SQLite data folder, so an alarm's version lives in memory here
 * (every alarm starts at 1 when the store opens): the check is the same as PostgreSQL's
 * version column, without a schema change to the embedded database.
 */
export class SqliteAsyncStore implements AsyncStore {
  readonly backend = 'sqlite' as const;
  readonly sessions: AsyncSessions;
  private readonly versions = new Map<number, number>();
  private readonly pruner: Pruner;

  constructor(readonly store: SqliteStore) {
    this.pruner = new Pruner(store.db);
    const table = new SessionTable(store.db);
    this.sessions = {
      insert: async (s) => table.insert(s),
      get: async (h) => table.get(h),
      touch: async (h, at) => table.touch(h, at),
      delete: async (h) => table.delete(h),
      deleteFor: async (u) => table.deleteFor(u),
      hashesFor: async (u) => table.hashesFor(u),
      deleteStale: async (now, idle) => table.deleteStale(now, idle),
    };
  }

  async close(): Promise<void> { this.store.close(); }
  async getSetting(key: string): Promise<string | undefined> { return this.store.getSetting(key); }
  async setSetting(key: string, value: string): Promise<void> { this.store.setSetting(key, value); }
  async writeBatch(batch: Batch): Promise<void> { this.store.writeBatch(batch); }
  async loadLatest(): Promise<LatestWrite[]> { return this.store.loadLatest(); }

  async seriesColumns(device: number, point: string, from: number, to: number): Promise<Columns> {
    return this.store.seriesColumns(device, point, from, to);
  }

  async pruneSamplesBefore(cutoff: number): Promise<void> {
    const step = this.pruner.samplesBefore(cutoff);
    while (step(PRUNE_STEP) === PRUNE_STEP) { /* the next slice */ }
  }

  async eventIds(count: number): Promise<number[]> {
    return Array.from({ length: count }, () => this.store.nextEventId());
  }

  async events(filter: EventFilter): Promise<EventRecord[]> { return this.store.events(filter); }
  async pairableEvents(limit: number): Promise<EventRecord[]> { return this.store.pairableEvents(limit); }
  async audit(entry: AuditEntry): Promise<void> { this.store.audit(entry); }
  async listAudit(filter: AuditFilter): Promise<AuditRecord[]> { return this.store.listAudit(filter); }
  async verifyAudit(): Promise<AuditVerdict> { return this.store.verifyAudit(); }

  async listAlarms(): Promise<VersionedAlarm[]> {
    return this.store.listAlarms().map((a) => ({ ...a, version: this.versions.get(a.id) ?? 1 }));
  }

  async alarmsById(ids: readonly number[]): Promise<VersionedAlarm[]> {
    const get = this.store.db.prepare('SELECT id, body FROM alarms WHERE id = ?');
    return [...new Set(ids)].sort((a, b) => a - b).flatMap((id) => {
      const row = get.get(id) as { id: number; body: string } | undefined;
      return row ? [{ id: row.id, version: this.versions.get(row.id) ?? 1, body: JSON.parse(row.body) as unknown }] : [];
    });
  }

  async createAlarm(body: unknown): Promise<VersionedAlarm> {
    const id = this.store.saveAlarm(null, body);
    this.versions.set(id, 1);
    return { id, version: 1, body };
  }

  async transitionAlarm(id: number, expectedVersion: number, body: unknown, step: AlarmHistoryRow): Promise<AlarmTransition> {
    const row = this.store.db.prepare('SELECT id, body FROM alarms WHERE id = ?').get(id) as { id: number; body: string } | undefined;
    if (!row) return { ok: false, reason: 'missing' };
    const current = { id: row.id, body: JSON.parse(row.body) as unknown };
    const version = this.versions.get(id) ?? 1;
    if (version !== expectedVersion) return { ok: false, reason: 'stale', current: { ...current, version } };
    this.store.recordAlarm(id, body, step);
    this.versions.set(id, version + 1);
    return { ok: true, alarm: { id, version: version + 1, body } };
  }

  async alarmSteps(alarm: number): Promise<AlarmHistoryRow[]> { return this.store.alarmSteps(alarm); }
  async alarmHistory(from: number, to: number): Promise<AlarmHistoryRow[]> { return this.store.alarmHistory(from, to); }
}
