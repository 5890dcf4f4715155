import { AUDIT_BASE, AUDIT_HEAD, ChainCheck, GENESIS, chainHash } from './audit-chain.js';
import { toEvent, type EventRow } from './event-row.js';
import Database from 'better-sqlite3';
import { sqliteOptions } from './native-binding.js';
import { prepareDataFolder } from './data-folder.js';
import { join } from 'node:path';
import { DeviceTypeSchema, type DeviceType } from '../../../shared/halo/device-type.js';
import { DeviceConfigSchema, StoredCameraConfigSchema, TcpServerConfigSchema, type CameraConfig, type Device, type DeviceConfig, type EventRecord, type TcpServer, type TcpServerConfig } from '../../../shared/domain.js';
import { RoleSchema, type Role } from '../../../shared/bridge.js';
import type { Columns } from '../../../shared/lttb.js';
import { encodeChunk } from './chunk-codec.js';
import { SqliteCommandStore } from './command-store.js';
import { SqliteConnectionStore } from './connection-store.js';
import { SqliteConditionStore } from './condition-store.js';
import { Compactor } from './compactor.js';
import { EventTextSearch } from './event-search.js';
import { migrate } from './migrations.js';
import { SeriesReader } from './series.js';
import type { AlarmHistoryRow, AuditEntry, AuditFilter, AuditRecord, AuditVerdict, Batch, EventFilter, IntegrationAccount, LatestWrite, OperatorRecord, Store, StoredCamera } from './store.js';


const json = (v: unknown): string | null => (v === undefined ? null : JSON.stringify(v));

interface AuditRow { id: number; t: number; actor: string; action: string; target: string; before: string | null; after: string | null; reason: string; hash: string | null }

/** Each entry's hash covers its own fields and the previous hash: change or remove one, and every later hash is wrong. */
export { AUDIT_BASE } from './audit-chain.js';

export class SqliteStore implements Store {
  readonly path: string;
  /** For the store's helpers in their own files (sessions, housekeeping, backups); the core goes through the methods. */
  readonly db: Database.Database;
  private readonly layoutIds = new Map<string, number>();
  private eventSeq: number;
  private readonly stmt;
  readonly conditions: SqliteConditionStore;
  readonly commandLog: SqliteCommandStore;
  readonly series: SeriesReader;
  readonly compactor: Compactor;
  readonly textSearch: EventTextSearch;
  readonly siteConnections: SqliteConnectionStore;

  constructor(dataDir: string) {
    this.path = join(dataDir, 'watchdesk.db');
    prepareDataFolder(dataDir, this.path);
    this.db = new Database(this.path, sqliteOptions());
    // A new database frees the pages retention deletes (incremental_vacuum, in slices). This can
    // only be set before the first table; an existing one keeps reusing its free pages instead.
    if (this.db.pragma('user_version', { simple: true }) === 0) this.db.pragma('auto_vacuum = INCREMENTAL');
    this.db.pragma('journal_mode = WAL');
    // NORMAL in WAL: a commit is in the OS once it returns, so kill -9 loses nothing committed;
    // only a power cut can lose the last transactions.
    this.db.pragma('synchronous = NORMAL');
    this.db.pragma('busy_timeout = 5000');
    migrate(this.db);
    const db = this.db;
    this.stmt = {
      insertChunk: db.prepare('INSERT INTO sample_chunks (device, layout, t_start, t_end, n, data) VALUES (?, ?, ?, ?, ?, ?)'),
      upsertLatest: db.prepare('INSERT INTO latest (device, last_seen, layout, body) VALUES (?, ?, NULL, ?) ON CONFLICT(device) DO UPDATE SET last_seen = excluded.last_seen, body = excluded.body'),
      insertEvent: db.prepare('INSERT INTO events (id, t, origin, device, name, kind, source, caption, description, args, metadata, pair_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
      insertLayout: db.prepare('INSERT INTO layouts (points) VALUES (?)'),
    };
    for (const row of db.prepare('SELECT id, points FROM layouts').all() as Array<{ id: number; points: string }>) {
      this.layoutIds.set(row.points, row.id);
    }
    const max = db.prepare('SELECT MAX(id) AS id FROM events').get() as { id: number | null };
    this.eventSeq = (max.id ?? 0) + 1;
    this.chainUnhashedAudit();
    this.conditions = new SqliteConditionStore(db);
    this.commandLog = new SqliteCommandStore(db);
    this.series = new SeriesReader(db);
    this.compactor = new Compactor(db);
    this.textSearch = new EventTextSearch(db);
    this.siteConnections = new SqliteConnectionStore(db);
  }

  /** Entries written before the chain existed (schema < 4) join it once, in order. */
  private chainUnhashedAudit(): void {
    const rows = this.db.prepare('SELECT * FROM audit WHERE hash IS NULL ORDER BY id').all() as AuditRow[];
    if (rows.length === 0) return;
    this.db.transaction(() => {
      let prev = (this.db.prepare('SELECT hash FROM audit WHERE hash IS NOT NULL ORDER BY id DESC LIMIT 1').get() as { hash: string } | undefined)?.hash ?? GENESIS;
      for (const r of rows) {
        prev = chainHash(prev, r);
        this.db.prepare('UPDATE audit SET hash = ? WHERE id = ?').run(prev, r.id);
        this.setSetting(AUDIT_HEAD, JSON.stringify({ id: r.id, hash: prev }));
      }
    }).immediate();
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  getSetting(key: string): string | undefined {
    const row = this.db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
    return row?.value;
  }

  setSetting(key: string, value: string): void {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value').run(key, value);
  }

  findOperator(username: string): OperatorRecord | undefined {
    const r = this.db.prepare('SELECT id, username, role, password_hash, disabled FROM operators WHERE username = ?').get(username) as
      | { id: number; username: string; role: string; password_hash: string; disabled: number } | undefined;
    return r && { id: r.id, username: r.username, role: RoleSchema.parse(r.role), passwordHash: r.password_hash, disabled: r.disabled === 1 };
  }

  createOperator(username: string, role: Role, passwordHash: string): OperatorRecord {
    const info = this.db.prepare('INSERT INTO operators (username, role, password_hash, created_at) VALUES (?, ?, ?, ?)').run(username, role, passwordHash, Date.now());
    return { id: Number(info.lastInsertRowid), username, role, passwordHash, disabled: false };
  }

  countOperators(): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM operators').get() as { n: number }).n;
  }

  listTcpServers(): TcpServer[] {
    const rows = this.db.prepare('SELECT id, config FROM tcp_servers ORDER BY id').all() as Array<{ id: number; config: string }>;
    return rows.map((r) => ({ id: r.id, ...TcpServerConfigSchema.parse(JSON.parse(r.config)) }));
  }

  createTcpServer(config: TcpServerConfig): TcpServer {
    const info = this.db.prepare('INSERT INTO tcp_servers (config) VALUES (?)').run(JSON.stringify(config));
    return { id: Number(info.lastInsertRowid), ...config };
  }

  updateTcpServer(id: number, config: TcpServerConfig): void {
    this.db.prepare('UPDATE tcp_servers SET config = ? WHERE id = ?').run(JSON.stringify(config), id);
  }

  deleteTcpServer(id: number): void {
    this.db.prepare('DELETE FROM tcp_servers WHERE id = ?').run(id);
  }

  listDeviceTypes(): Array<{ type: DeviceType; builtIn: boolean }> {
    const rows = this.db.prepare('SELECT body, built_in FROM device_types ORDER BY id').all() as Array<{ body: string; built_in: number }>;
    return rows.map((r) => ({ type: DeviceTypeSchema.parse(JSON.parse(r.body)), builtIn: r.built_in === 1 }));
  }

  saveDeviceType(type: DeviceType, builtIn: boolean): void {
    this.db.prepare('INSERT INTO device_types (id, body, built_in, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET body = excluded.body, built_in = excluded.built_in, updated_at = excluded.updated_at')
      .run(type.id, JSON.stringify(type), builtIn ? 1 : 0, Date.now());
  }

  deleteDeviceType(id: string): void {
    this.db.prepare('DELETE FROM device_types WHERE id = ?').run(id);
  }

  listDevices(): Device[] {
    const rows = this.db.prepare('SELECT id, config, demo FROM devices ORDER BY id').all() as Array<{ id: number; config: string; demo: number }>;
    return rows.map((r) => ({ id: r.id, demo: r.demo === 1, ...DeviceConfigSchema.parse(JSON.parse(r.config)) }));
  }

  createDevice(config: DeviceConfig, demo: boolean): Device {
    // Never the id of a device whose samples are still being purged: they are not the new one's.
    const info = this.db.prepare('INSERT INTO devices (id, server_id, device_id, config, demo) VALUES ((SELECT MAX(m) + 1 FROM (SELECT COALESCE(MAX(id), 0) AS m FROM devices UNION ALL SELECT COALESCE(MAX(device), 0) FROM device_purges)), ?, ?, ?, ?)')
      .run(config.serverId, config.deviceId, JSON.stringify(config), demo ? 1 : 0);
    return { id: Number(info.lastInsertRowid), demo, ...config };
  }

  updateDevice(id: number, config: DeviceConfig): void {
    this.db.prepare('UPDATE devices SET server_id = ?, device_id = ?, config = ? WHERE id = ?').run(config.serverId, config.deviceId, JSON.stringify(config), id);
  }

  deleteDevice(id: number): void {
    this.db.transaction(() => {
      this.db.prepare('DELETE FROM devices WHERE id = ?').run(id);
      // Its samples go in slices in the background (housekeeping): a long history would block.
      this.db.prepare('INSERT OR IGNORE INTO device_purges (device, at) VALUES (?, ?)').run(id, Date.now());
      this.db.prepare('DELETE FROM latest WHERE device = ?').run(id);
    }).immediate();
  }

  private layoutId(points: readonly string[]): number {
    const key = JSON.stringify(points);
    let id = this.layoutIds.get(key);
    if (id === undefined) {
      id = Number(this.stmt.insertLayout.run(key).lastInsertRowid);
      this.layoutIds.set(key, id);
    }
    return id;
  }

  writeBatch(batch: Batch): void {
    const { insertChunk, upsertLatest, insertEvent } = this.stmt;
    // Layouts commit on their own first: a batch that fails (disk full) must not leave a cached id that was rolled back.
    const layouts = batch.chunks.map((c) => this.layoutId(c.points));
    this.db.transaction(() => {
      batch.chunks.forEach((c, i) => {
        const n = c.times.length;
        if (n > 0) insertChunk.run(c.device, layouts[i], c.times[0], c.times[n - 1], n, encodeChunk(c.times, c.values, c.points.length));
      });
      for (const e of batch.events) {
        insertEvent.run(e.id, e.t, e.origin, e.deviceId, e.name, e.kind, e.source, e.caption, e.description, JSON.stringify(e.args), e.metadata === null ? null : JSON.stringify(e.metadata), e.pairId);
      }
      for (const l of batch.latest) {
        upsertLatest.run(l.device, l.lastSeen, JSON.stringify({ latest: l.latest, invalid: l.invalid }));
      }
    }).immediate();
  }

  loadLatest(): LatestWrite[] {
    const rows = this.db.prepare('SELECT device, last_seen, body FROM latest').all() as Array<{ device: number; last_seen: number; body: string }>;
    return rows.map((r) => {
      const body = JSON.parse(r.body) as Pick<LatestWrite, 'latest' | 'invalid'>;
      return { device: r.device, lastSeen: r.last_seen, latest: body.latest, invalid: body.invalid };
    });
  }

  seriesColumns(device: number, point: string, from: number, to: number): Columns {
    return this.series.raw(device, point, from, to);
  }

  nextEventId(): number {
    return this.eventSeq++;
  }

  events(filter: EventFilter): EventRecord[] {
    const where: string[] = [];
    const args: Array<number | string> = [];
    if (filter.from !== undefined) { where.push('t >= ?'); args.push(filter.from); }
    if (filter.to !== undefined) { where.push('t <= ?'); args.push(filter.to); }
    if (filter.device !== undefined) { where.push('device = ?'); args.push(filter.device); }
    if (filter.origin !== undefined) { where.push('origin = ?'); args.push(filter.origin); }
    // instr() is case-sensitive, as Nx's "contains" filters are.
    if (filter.source) { where.push('instr(source, ?) > 0'); args.push(filter.source); }
    if (filter.caption) { where.push('instr(caption, ?) > 0'); args.push(filter.caption); }
    if (filter.text) { const c = this.textSearch.clause(filter.text); where.push(c.sql); args.push(...c.args); }
    const sql = `SELECT * FROM events ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY t DESC, id DESC LIMIT ?`;
    return (this.db.prepare(sql).all(...args, filter.limit) as EventRow[]).map(toEvent);
  }

  pairableEvents(limit: number): EventRecord[] {
    const rows = this.db.prepare("SELECT * FROM (SELECT * FROM events WHERE kind IN ('set', 'reset') ORDER BY id DESC LIMIT ?) ORDER BY id").all(limit) as EventRow[];
    return rows.map(toEvent);
  }

  listIntegrationAccounts(): IntegrationAccount[] {
    const rows = this.db.prepare('SELECT id, username, password_hash, ha1_md5, ha1_sha256, created_at FROM integration_accounts ORDER BY id').all() as Array<{ id: number; username: string; password_hash: string; ha1_md5: string; ha1_sha256: string; created_at: number }>;
    return rows.map((r) => ({ id: r.id, username: r.username, passwordHash: r.password_hash, ha1Md5: r.ha1_md5, ha1Sha256: r.ha1_sha256, createdAt: r.created_at }));
  }

  createIntegrationAccount(account: Omit<IntegrationAccount, 'id' | 'createdAt'>): IntegrationAccount {
    const createdAt = Date.now();
    const info = this.db.prepare('INSERT INTO integration_accounts (username, password_hash, ha1_md5, ha1_sha256, created_at) VALUES (?, ?, ?, ?, ?)')
      .run(account.username, account.passwordHash, account.ha1Md5, account.ha1Sha256, createdAt);
    return { ...account, id: Number(info.lastInsertRowid), createdAt };
  }

  setIntegrationDigests(id: number, ha1Md5: string, ha1Sha256: string): void {
    this.db.prepare('UPDATE integration_accounts SET ha1_md5 = ?, ha1_sha256 = ? WHERE id = ?').run(ha1Md5, ha1Sha256, id);
  }

  deleteIntegrationAccount(id: number): void {
    this.db.prepare('DELETE FROM integration_accounts WHERE id = ?').run(id);
  }

  listCameras(): StoredCamera[] {
    const rows = this.db.prepare('SELECT id, config, demo FROM cameras ORDER BY id').all() as Array<{ id: number; config: string; demo: number }>;
    return rows.map((r) => ({ id: r.id, config: StoredCameraConfigSchema.parse(JSON.parse(r.config)), demo: r.demo === 1 }));
  }

  createCamera(config: CameraConfig, demo: boolean): StoredCamera {
    const info = this.db.prepare('INSERT INTO cameras (config, demo) VALUES (?, ?)').run(JSON.stringify(config), demo ? 1 : 0);
    return { id: Number(info.lastInsertRowid), config, demo };
  }

  updateCamera(id: number, config: CameraConfig): void {
    this.db.prepare('UPDATE cameras SET config = ? WHERE id = ?').run(JSON.stringify(config), id);
  }

  deleteCamera(id: number): void {
    this.db.prepare('DELETE FROM cameras WHERE id = ?').run(id);
  }

  /** With `--database`: the site's audit chain is PostgreSQL's, and every append goes there instead. */
  auditSink: ((entry: AuditEntry) => void) | null = null;

  audit(entry: AuditEntry): void {
    if (this.auditSink) { this.auditSink(entry); return; }
    this.db.transaction(() => {
      const last = this.db.prepare('SELECT id, hash FROM audit ORDER BY id DESC LIMIT 1').get() as { id: number; hash: string } | undefined;
      const row = {
        id: (last?.id ?? 0) + 1, t: Date.now(), actor: entry.actor, action: entry.action, target: entry.target,
        before: json(entry.before), after: json(entry.after), reason: entry.reason ?? '',
      };
      const hash = chainHash(last?.hash ?? GENESIS, row);
      this.db.prepare('INSERT INTO audit (id, t, actor, action, target, before, after, reason, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(row.id, row.t, row.actor, row.action, row.target, row.before, row.after, row.reason, hash);
      // The head anchors the chain's end, so removing the newest entries is detected too.
      this.setSetting(AUDIT_HEAD, JSON.stringify({ id: row.id, hash }));
    }).immediate();
  }

  listAudit(filter: AuditFilter): AuditRecord[] {
    const where: string[] = [];
    const args: Array<string | number> = [];
    if (filter.from !== undefined) { where.push('t >= ?'); args.push(filter.from); }
    if (filter.to !== undefined) { where.push('t <= ?'); args.push(filter.to); }
    if (filter.actor) { where.push('actor = ?'); args.push(filter.actor); }
    if (filter.action) { where.push('action LIKE ?'); args.push(`${filter.action}%`); }
    const rows = this.db.prepare(`SELECT * FROM audit ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id DESC LIMIT ?`).all(...args, filter.limit) as AuditRow[];
    return rows.map((r) => ({
      id: r.id, t: r.t, actor: r.actor, action: r.action, target: r.target, reason: r.reason, hash: r.hash ?? '',
      before: r.before === null ? null : JSON.parse(r.before), after: r.after === null ? null : JSON.parse(r.after),
    }));
  }

  verifyAudit(): AuditVerdict {
    const check = new ChainCheck(this.getSetting(AUDIT_BASE));
    for (const r of this.db.prepare('SELECT * FROM audit WHERE id >= ? ORDER BY id').iterate(check.nextId) as IterableIterator<AuditRow>) {
      const broken = check.step(r);
      if (broken) return broken;
    }
    return check.end(this.getSetting(AUDIT_HEAD));
  }

  listOperators(): OperatorRecord[] {
    const rows = this.db.prepare('SELECT id, username, role, password_hash, disabled FROM operators ORDER BY id').all() as Array<{ id: number; username: string; role: string; password_hash: string; disabled: number }>;
    return rows.map((r) => ({ id: r.id, username: r.username, role: RoleSchema.parse(r.role), passwordHash: r.password_hash, disabled: r.disabled === 1 }));
  }

  updateOperator(id: number, change: { role?: Role; disabled?: boolean; passwordHash?: string }): void {
    if (change.role !== undefined) this.db.prepare('UPDATE operators SET role = ? WHERE id = ?').run(change.role, id);
    if (change.disabled !== undefined) this.db.prepare('UPDATE operators SET disabled = ? WHERE id = ?').run(change.disabled ? 1 : 0, id);
    if (change.passwordHash !== undefined) this.db.prepare('UPDATE operators SET password_hash = ? WHERE id = ?').run(change.passwordHash, id);
  }

  listAlarmDefinitions(): unknown[] {
    return (this.db.prepare('SELECT body FROM alarm_definitions ORDER BY id').all() as Array<{ body: string }>).map((r) => JSON.parse(r.body));
  }

  saveAlarmDefinition(id: string, body: unknown): void {
    this.db.prepare('INSERT INTO alarm_definitions (id, body) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET body = excluded.body').run(id, JSON.stringify(body));
  }

  deleteAlarmDefinition(id: string): void {
    this.db.prepare('DELETE FROM alarm_definitions WHERE id = ?').run(id);
  }

  listRules(): Array<{ version: number; body: unknown }> {
    return (this.db.prepare('SELECT version, body FROM rules ORDER BY id').all() as Array<{ version: number; body: string }>).map((r) => ({ version: r.version, body: JSON.parse(r.body) }));
  }

  saveRule(id: string, body: unknown | null, actor: string): number {
    return this.db.transaction(() => {
      const last = this.db.prepare('SELECT MAX(version) AS v FROM rule_versions WHERE rule_id = ?').get(id) as { v: number | null };
      const version = (last.v ?? 0) + 1;
      const text = body === null ? null : JSON.stringify(body);
      const now = Date.now();
      this.db.prepare('INSERT INTO rule_versions (rule_id, version, body, actor, at) VALUES (?, ?, ?, ?, ?)').run(id, version, text, actor, now);
      if (text === null) this.db.prepare('DELETE FROM rules WHERE id = ?').run(id);
      else this.db.prepare('INSERT INTO rules (id, version, body, updated_at) VALUES (?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET version = excluded.version, body = excluded.body, updated_at = excluded.updated_at').run(id, version, text, now);
      return version;
    }).immediate();
  }

  ruleVersions(id: string): Array<{ version: number; body: unknown; actor: string; at: number }> {
    const rows = this.db.prepare('SELECT version, body, actor, at FROM rule_versions WHERE rule_id = ? ORDER BY version DESC').all(id) as Array<{ version: number; body: string | null; actor: string; at: number }>;
    return rows.map((r) => ({ version: r.version, body: r.body === null ? null : JSON.parse(r.body), actor: r.actor, at: r.at }));
  }

  listAlarms(): Array<{ id: number; body: unknown }> {
    return (this.db.prepare('SELECT id, body FROM alarms ORDER BY id').all() as Array<{ id: number; body: string }>).map((r) => ({ id: r.id, body: JSON.parse(r.body) }));
  }

  saveAlarm(id: number | null, body: unknown): number {
    if (id === null) return Number(this.db.prepare('INSERT INTO alarms (body) VALUES (?)').run(JSON.stringify(body)).lastInsertRowid);
    this.db.prepare('UPDATE alarms SET body = ? WHERE id = ?').run(JSON.stringify(body), id);
    return id;
  }

  recordAlarm(id: number, body: unknown, row: AlarmHistoryRow): void {
    this.db.transaction(() => {
      this.db.prepare('UPDATE alarms SET body = ? WHERE id = ?').run(JSON.stringify(body), id);
      this.db.prepare('INSERT INTO alarm_history (alarm, t, action, actor, state, reason) VALUES (?, ?, ?, ?, ?, ?)').run(row.alarm, row.t, row.action, row.actor, row.state, row.reason ?? '');
    }).immediate();
  }

  alarmHistory(from: number, to: number): AlarmHistoryRow[] {
    return this.db.prepare('SELECT alarm, t, action, actor, state, reason FROM alarm_history WHERE t >= ? AND t <= ? ORDER BY t').all(from, to) as AlarmHistoryRow[];
  }

  alarmSteps(alarm: number): AlarmHistoryRow[] {
    return this.db.prepare('SELECT alarm, t, action, actor, state, reason FROM alarm_history WHERE alarm = ? ORDER BY id').all(alarm) as AlarmHistoryRow[];
  }
}
