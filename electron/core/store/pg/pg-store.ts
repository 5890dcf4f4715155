import type pg from 'pg';
import type { EventRecord } from '../../../../shared/domain.js';
import type { Columns } from '../../../../shared/lttb.js';
import { RoleSchema } from '../../../../shared/bridge.js';
import type { AlarmTransition, AsyncSessions, AsyncStore, VersionedAlarm } from '../async-store.js';
import { encodeChunk } from '../chunk-codec.js';
import type { StoredSession } from '../session-table.js';
import type { AlarmHistoryRow, AuditEntry, AuditFilter, AuditRecord, AuditVerdict, Batch, EventFilter, LatestWrite } from '../store.js';
import { AUDIT_BASE, AUDIT_HEAD, ChainCheck, GENESIS, chainHash, type ChainRow } from '../audit-chain.js';
import { DAY, DAYS_AHEAD, dayStart, dropPartitionsBefore, ensurePartitions, listPartitions } from './partitions.js';
import { LOCK_NAMESPACE, LOCKS, createPool, inTransaction } from './pool.js';
import { migratePg, type SamplesMode } from './schema.js';
import { columnsFromChunks } from '../chunk-columns.js';
import { toEvent, type EventRow } from '../event-row.js';


type AuditRow = ChainRow & { hash: string | null };

const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));
const HOUR = 3_600_000;
const VERIFY_PAGE = 5000;
/** "no partition of relation found for row" */
const NO_PARTITION = '23514';

export interface PgStoreOptions {
  /** 'auto' uses TimescaleDB when the extension is created in the database. */
  samples?: 'auto' | SamplesMode;
  /** Connections this node keeps open. */
  poolSize?: number;
}

/**
 * The store on PostgreSQL, shared by every node of a site. Ingest writes a window in one
 * transaction with one multi-row statement per table (unnest of arrays: one round trip however
 * many devices); alarms carry a version for optimistic concurrency; the audit chain is appended
 * under an advisory lock so two nodes never fork it.
 */
export class PgStore implements AsyncStore {
  readonly backend = 'postgres' as const;
  readonly sessions: AsyncSessions;
  /** Chunk rows that could not be decoded: a chart shows the rest. */
  unreadable = 0;
  private readonly layoutIds = new Map<string, number>();
  private readonly layoutPoints = new Map<number, readonly string[]>();
  private readonly partitionDays = new Set<number>();

  private constructor(readonly pool: pg.Pool, readonly samples: SamplesMode) {
    this.sessions = new PgSessions(pool);
  }

  static async open(url: string, options: PgStoreOptions = {}): Promise<PgStore> {
    const pool = createPool(url, { max: options.poolSize ?? 10 });
    try {
      const { samples } = await migratePg(pool, options.samples ?? 'auto');
      const store = new PgStore(pool, samples);
      await store.loadLayouts();
      await store.partitionsAhead(Date.now());
      return store;
    } catch (err) {
      await pool.end();
      throw err;
    }
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  async getSetting(key: string): Promise<string | undefined> {
    return (await this.pool.query<{ value: string }>('SELECT value FROM settings WHERE key = $1', [key])).rows[0]?.value;
  }

  async setSetting(key: string, value: string): Promise<void> {
    await this.pool.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [key, value]);
  }

  private async loadLayouts(): Promise<void> {
    for (const r of (await this.pool.query<{ id: number; points: string }>('SELECT id, points FROM layouts')).rows) {
      this.layoutIds.set(r.points, r.id);
      this.layoutPoints.set(r.id, JSON.parse(r.points) as string[]);
    }
  }

  private async layoutId(points: readonly string[]): Promise<number> {
    const key = JSON.stringify(points);
    const known = this.layoutIds.get(key);
    if (known !== undefined) return known;
    // Another node may have made the same layout: the unique key makes it one row.
    const r = await this.pool.query<{ id: number }>(
      'WITH ins AS (INSERT INTO layouts (points) VALUES ($1) ON CONFLICT (points) DO NOTHING RETURNING id) SELECT id FROM ins UNION ALL SELECT id FROM layouts WHERE points = $1', [key]);
    const id = r.rows[0]!.id;
    this.layoutIds.set(key, id);
    this.layoutPoints.set(id, points);
    return id;
  }

  private async points(layout: number): Promise<readonly string[]> {
    if (!this.layoutPoints.has(layout)) await this.loadLayouts();
    return this.layoutPoints.get(layout) ?? [];
  }

  /** Today's partition and the next DAYS_AHEAD days'; called at start and by retention. */
  async partitionsAhead(now: number): Promise<void> {
    if (this.samples !== 'native') return;
    await this.ensureDays(dayStart(now) - DAY, dayStart(now) + DAYS_AHEAD * DAY);
  }

  private async ensureDays(from: number, to: number): Promise<void> {
    let missing = false;
    for (let d = dayStart(from); d <= to; d += DAY) if (!this.partitionDays.has(d)) missing = true;
    if (!missing) return;
    const c = await this.pool.connect();
    try {
      await ensurePartitions(c, from, to);
      for (const d of await listPartitions(c)) this.partitionDays.add(d);
    } finally {
      c.release();
    }
  }

  async writeBatch(batch: Batch): Promise<void> {
    const chunks = batch.chunks.filter((c) => c.times.length > 0);
    // Layouts and partitions first, on their own: a batch that fails leaves nothing cached that was rolled back.
    const layouts = await Promise.all(chunks.map((c) => this.layoutId(c.points)));
    if (this.samples === 'native' && chunks.length > 0) {
      const ends = chunks.map((c) => c.times[c.times.length - 1]!);
      await this.ensureDays(Math.min(...ends), Math.max(...ends));
    }
    try {
      await this.insertBatch(chunks, layouts, batch);
    } catch (err) {
      // Another node's retention dropped a day this node still had cached (a late chunk): make it again, once.
      if ((err as { code?: string }).code !== NO_PARTITION || this.samples !== 'native') throw err;
      this.partitionDays.clear();
      const ends = chunks.map((c) => c.times[c.times.length - 1]!);
      await this.ensureDays(Math.min(...ends), Math.max(...ends));
      await this.insertBatch(chunks, layouts, batch);
    }
  }

  private async insertBatch(chunks: Batch['chunks'], layouts: number[], batch: Batch): Promise<void> {
    const latest = new Map(batch.latest.map((l) => [l.device, l]));
    await inTransaction(this.pool, async (c) => {
      if (chunks.length > 0) {
        await c.query(
          'INSERT INTO sample_chunks (device, layout, t_start, t_end, n, data) SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::bigint[], $4::bigint[], $5::integer[], $6::bytea[])',
          [chunks.map((x) => x.device), layouts, chunks.map((x) => x.times[0]), chunks.map((x) => x.times[x.times.length - 1]),
            chunks.map((x) => x.times.length), chunks.map((x) => encodeChunk(x.times, x.values, x.points.length))]);
      }
      if (batch.events.length > 0) {
        const e = batch.events;
        await c.query(
          `INSERT INTO events (id, t, origin, device, name, kind, source, caption, description, args, metadata, pair_id)
           SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::bigint[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[], $10::text[], $11::text[], $12::bigint[])`,
          [e.map((x) => x.id), e.map((x) => x.t), e.map((x) => x.origin), e.map((x) => x.deviceId), e.map((x) => x.name), e.map((x) => x.kind),
            e.map((x) => x.source), e.map((x) => x.caption), e.map((x) => x.description), e.map((x) => JSON.stringify(x.args)),
            e.map((x) => (x.metadata === null ? null : JSON.stringify(x.metadata))), e.map((x) => x.pairId)]);
      }
      if (latest.size > 0) {
        const l = [...latest.values()];
        await c.query(
          `INSERT INTO latest (device, last_seen, layout, body) SELECT d, s, NULL, b FROM unnest($1::bigint[], $2::bigint[], $3::text[]) AS u(d, s, b)
           ON CONFLICT (device) DO UPDATE SET last_seen = excluded.last_seen, body = excluded.body`,
          [l.map((x) => x.device), l.map((x) => x.lastSeen), l.map((x) => JSON.stringify({ latest: x.latest, invalid: x.invalid }))]);
      }
    });
  }

  async loadLatest(): Promise<LatestWrite[]> {
    const rows = (await this.pool.query<{ device: number; last_seen: number; body: string }>('SELECT device, last_seen, body FROM latest')).rows;
    return rows.map((r) => {
      const body = JSON.parse(r.body) as Pick<LatestWrite, 'latest' | 'invalid'>;
      return { device: r.device, lastSeen: r.last_seen, latest: body.latest, invalid: body.invalid };
    });
  }

  async seriesColumns(device: number, point: string, from: number, to: number): Promise<Columns> {
    // A chunk or a compacted block spans an hour at most: t_end < to + 1 h bounds the partitions read.
    const r = await this.pool.query<{ layout: number; data: Buffer }>(
      'SELECT layout, data FROM sample_chunks WHERE device = $1 AND t_end >= $2 AND t_end < $3 AND t_start <= $4 ORDER BY t_end',
      [device, from, to + HOUR, to]);
    const rows = [];
    for (const row of r.rows) rows.push({ points: await this.points(row.layout), data: row.data });
    return columnsFromChunks(rows, point, from, to, () => { this.unreadable++; });
  }

  async pruneSamplesBefore(cutoff: number): Promise<void> {
    // Retention runs daily on one node (a singleton): it also keeps the partitions ahead.
    await this.partitionsAhead(Date.now());
    const c = await this.pool.connect();
    try {
      if (this.samples === 'timescaledb') {
        await c.query("SELECT drop_chunks('sample_chunks', older_than => $1::bigint)", [cutoff]);
        await c.query('DELETE FROM sample_chunks WHERE t_end < $1', [cutoff]);
        return;
      }
      for (const d of await dropPartitionsBefore(c, cutoff)) this.partitionDays.delete(d);
    } finally {
      c.release();
    }
  }

  async eventIds(count: number): Promise<number[]> {
    if (count <= 0) return [];
    const r = await this.pool.query<{ id: number }>("SELECT nextval('events_id_seq') AS id FROM generate_series(1, $1)", [count]);
    return r.rows.map((x) => x.id).sort((a, b) => a - b);
  }

  async events(filter: EventFilter): Promise<EventRecord[]> {
    const where: string[] = [];
    const args: Array<number | string> = [];
    const arg = (v: number | string): string => { args.push(v); return `$${args.length}`; };
    if (filter.from !== undefined) where.push(`t >= ${arg(filter.from)}`);
    if (filter.to !== undefined) where.push(`t <= ${arg(filter.to)}`);
    if (filter.device !== undefined) where.push(`device = ${arg(filter.device)}`);
    if (filter.origin !== undefined) where.push(`origin = ${arg(filter.origin)}`);
    // strpos is case-sensitive, as Nx's "contains" filters and SQLite's instr are.
    if (filter.source) where.push(`strpos(source, ${arg(filter.source)}) > 0`);
    if (filter.caption) where.push(`strpos(caption, ${arg(filter.caption)}) > 0`);
    if (filter.text) {
      // LIKE (case-sensitive in PostgreSQL) so the trigram indexes can answer; strpos keeps the meaning exact.
      const like = arg(`%${filter.text.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`);
      const p = arg(filter.text);
      where.push(`((name LIKE ${like} AND strpos(name, ${p}) > 0) OR (description LIKE ${like} AND strpos(description, ${p}) > 0))`);
    }
    const sql = `SELECT * FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY t DESC, id DESC LIMIT ${arg(filter.limit)}`;
    return (await this.pool.query<EventRow>(sql, args)).rows.map(toEvent);
  }

  async pairableEvents(limit: number): Promise<EventRecord[]> {
    const r = await this.pool.query<EventRow>("SELECT * FROM (SELECT * FROM events WHERE kind IN ('set', 'reset') ORDER BY id DESC LIMIT $1) x ORDER BY id", [limit]);
    return r.rows.map(toEvent);
  }

  async audit(entry: AuditEntry): Promise<void> {
    await inTransaction(this.pool, async (c) => {
      // One appender at a time across every node: each entry hashes the one before it.
      await c.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_NAMESPACE, LOCKS.audit]);
      const last = (await c.query<{ id: number; hash: string }>('SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1')).rows[0];
      const row: ChainRow = {
        id: (last?.id ?? 0) + 1, t: Date.now(), actor: entry.actor, action: entry.action, target: entry.target,
        before: json(entry.before), after: json(entry.after), reason: entry.reason ?? '',
      };
      const hash = chainHash(last?.hash ?? GENESIS, row);
      await c.query('INSERT INTO audit (id, t, actor, action, target, before, after, reason, hash) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)',
        [row.id, row.t, row.actor, row.action, row.target, row.before, row.after, row.reason, hash]);
      await c.query('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value', [AUDIT_HEAD, JSON.stringify({ id: row.id, hash })]);
    });
  }

  async listAudit(filter: AuditFilter): Promise<AuditRecord[]> {
    const where: string[] = [];
    const args: Array<string | number> = [];
    const arg = (v: number | string): string => { args.push(v); return `$${args.length}`; };
    if (filter.from !== undefined) where.push(`t >= ${arg(filter.from)}`);
    if (filter.to !== undefined) where.push(`t <= ${arg(filter.to)}`);
    if (filter.actor) where.push(`actor = ${arg(filter.actor)}`);
    // starts_with: SQLite's LIKE 'x%' without LIKE's wildcards inside x.
    if (filter.action) where.push(`starts_with(action, ${arg(filter.action)})`);
    const rows = (await this.pool.query<AuditRow>(`SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ${arg(filter.limit)}`, args)).rows;
    return rows.map((r) => ({
      id: r.id, t: r.t, actor: r.actor, action: r.action, target: r.target, reason: r.reason, hash: r.hash ?? '',
      before: r.before === null ? null : JSON.parse(r.before), after: r.after === null ? null : JSON.parse(r.after),
    }));
  }

  async verifyAudit(): Promise<AuditVerdict> {
    const check = new ChainCheck(await this.getSetting(AUDIT_BASE));
    // Page by id: a long log is read in bounded pieces, never all at once.
    for (;;) {
      const rows = (await this.pool.query<AuditRow>('SELECT * FROM audit WHERE id >= $1 ORDER BY id LIMIT $2', [check.nextId, VERIFY_PAGE])).rows;
      for (const r of rows) {
        const broken = check.step(r);
        if (broken) return broken;
      }
      if (rows.length < VERIFY_PAGE) break;
    }
    return check.end(await this.getSetting(AUDIT_HEAD));
  }

  async listAlarms(): Promise<VersionedAlarm[]> {
    const rows = (await this.pool.query<{ id: number; version: number; body: string }>('SELECT id, version, body FROM alarms ORDER BY id')).rows;
    return rows.map((r) => ({ id: r.id, version: r.version, body: JSON.parse(r.body) }));
  }

  async alarmsById(ids: readonly number[]): Promise<VersionedAlarm[]> {
    if (ids.length === 0) return [];
    const rows = (await this.pool.query<{ id: number; version: number; body: string }>('SELECT id, version, body FROM alarms WHERE id = ANY($1::bigint[]) ORDER BY id', [[...ids]])).rows;
    return rows.map((r) => ({ id: r.id, version: r.version, body: JSON.parse(r.body) }));
  }

  async createAlarm(body: unknown): Promise<VersionedAlarm> {
    const r = await this.pool.query<{ id: number }>('INSERT INTO alarms (body, version) VALUES ($1, 1) RETURNING id', [JSON.stringify(body)]);
    return { id: r.rows[0]!.id, version: 1, body };
  }

  // ── Alarm definitions: the first piece of configuration shared by the nodes (docs/storage-postgres.md) ──
  async listAlarmDefinitions(): Promise<unknown[]> {
    return (await this.pool.query<{ body: string }>('SELECT body FROM alarm_definitions ORDER BY id')).rows.map((r) => JSON.parse(r.body) as unknown);
  }

  async saveAlarmDefinition(id: string, body: unknown): Promise<void> {
    await this.pool.query('INSERT INTO alarm_definitions (id, body) VALUES ($1, $2) ON CONFLICT (id) DO UPDATE SET body = excluded.body', [id, JSON.stringify(body)]);
  }

  async deleteAlarmDefinition(id: string): Promise<void> {
    await this.pool.query('DELETE FROM alarm_definitions WHERE id = $1', [id]);
  }

  /** `count` alarm ids ahead, from the table's own sequence: a node names a new instance without a round trip. */
  async alarmIds(count: number): Promise<number[]> {
    const r = await this.pool.query<{ id: number }>("SELECT nextval(pg_get_serial_sequence('alarms', 'id')) AS id FROM generate_series(1, $1)", [count]);
    return r.rows.map((x) => x.id).sort((a, b) => a - b);
  }

  /** A new instance under an id taken ahead (`alarmIds`), at version 1; `announce` runs in its transaction. */
  async insertAlarm(id: number, body: unknown, announce?: (c: pg.ClientBase) => Promise<unknown>): Promise<VersionedAlarm> {
    return inTransaction(this.pool, async (c) => {
      await c.query('INSERT INTO alarms (id, body, version) VALUES ($1, $2, 1)', [id, JSON.stringify(body)]);
      await announce?.(c);
      return { id, version: 1, body };
    });
  }

  async transitionAlarm(id: number, expectedVersion: number, body: unknown, step: AlarmHistoryRow, announce?: (c: pg.ClientBase) => Promise<unknown>): Promise<AlarmTransition> {
    return inTransaction(this.pool, async (c) => {
      // The version in the WHERE is the whole check: of two concurrent updates, the second finds no row.
      const r = await c.query<{ version: number }>('UPDATE alarms SET body = $1, version = version + 1 WHERE id = $2 AND version = $3 RETURNING version', [JSON.stringify(body), id, expectedVersion]);
      if (r.rowCount === 0) {
        const now = (await c.query<{ id: number; version: number; body: string }>('SELECT id, version, body FROM alarms WHERE id = $1', [id])).rows[0];
        return now ? { ok: false as const, reason: 'stale' as const, current: { id: now.id, version: now.version, body: JSON.parse(now.body) } } : { ok: false as const, reason: 'missing' as const };
      }
      await c.query('INSERT INTO alarm_history (alarm, t, action, actor, state, reason) VALUES ($1, $2, $3, $4, $5, $6)', [step.alarm, step.t, step.action, step.actor, step.state, step.reason ?? '']);
      await announce?.(c);
      return { ok: true as const, alarm: { id, version: r.rows[0]!.version, body } };
    });
  }

  async alarmSteps(alarm: number): Promise<AlarmHistoryRow[]> {
    return (await this.pool.query<AlarmHistoryRow>('SELECT alarm, t, action, actor, state, reason FROM alarm_history WHERE alarm = $1 ORDER BY id', [alarm])).rows;
  }

  async alarmHistory(from: number, to: number): Promise<AlarmHistoryRow[]> {
    return (await this.pool.query<AlarmHistoryRow>('SELECT alarm, t, action, actor, state, reason FROM alarm_history WHERE t >= $1 AND t <= $2 ORDER BY t, id', [from, to])).rows;
  }
}

interface SessionRow { token_hash: string; username: string; role: string; created_at: number; last_used: number; expires_at: number }

class PgSessions implements AsyncSessions {
  constructor(private readonly pool: pg.Pool) {}

  async insert(s: StoredSession): Promise<void> {
    await this.pool.query('INSERT INTO sessions (token_hash, username, role, created_at, last_used, expires_at) VALUES ($1, $2, $3, $4, $5, $6)', [s.tokenHash, s.username, s.role, s.createdAt, s.lastUsed, s.expiresAt]);
  }

  async get(tokenHash: string): Promise<StoredSession | undefined> {
    const r = (await this.pool.query<SessionRow>('SELECT * FROM sessions WHERE token_hash = $1', [tokenHash])).rows[0];
    return r && { tokenHash: r.token_hash, username: r.username, role: RoleSchema.parse(r.role), createdAt: r.created_at, lastUsed: r.last_used, expiresAt: r.expires_at };
  }

  async touch(tokenHash: string, at: number): Promise<void> {
    await this.pool.query('UPDATE sessions SET last_used = $1 WHERE token_hash = $2', [at, tokenHash]);
  }

  async delete(tokenHash: string): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE token_hash = $1', [tokenHash]);
  }

  async deleteFor(username: string): Promise<void> {
    await this.pool.query('DELETE FROM sessions WHERE username = $1', [username]);
  }

  async hashesFor(username: string): Promise<string[]> {
    return (await this.pool.query<{ token_hash: string }>('SELECT token_hash FROM sessions WHERE username = $1', [username])).rows.map((r) => r.token_hash);
  }

  async deleteStale(now: number, idleBefore: number): Promise<number> {
    return (await this.pool.query('DELETE FROM sessions WHERE expires_at <= $1 OR last_used <= $2', [now, idleBefore])).rowCount ?? 0;
  }
}
