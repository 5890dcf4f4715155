import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { SCHEMA_VERSION } from '../migrations.js';
import { sqliteOptions } from '../native-binding.js';
import { AUDIT_HEAD } from '../audit-chain.js';
import { DAY, ensurePartitions } from './partitions.js';
import { PgStore } from './pg-store.js';

/**
 * Moves a SQLite data folder into PostgreSQL, table by table in key order, a batch per
 * transaction that also records how far it got (import_progress): stopped anywhere, a second run
 * resumes at the next row and copies nothing twice. Then it checks that every table has as many
 * rows as its source and that the audit hash chain verifies in PostgreSQL and ends where
 * SQLite's ends. The folder is only read; run it while Watchdesk is stopped.
 */

/** In dependency-free order; the samples last (the bulk). sample_blocks go into sample_chunks with the rest. */
const TABLES = [
  'settings', 'operators', 'tcp_servers', 'device_types', 'devices', 'layouts', 'latest', 'integration_accounts', 'cameras',
  'alarm_definitions', 'rules', 'rule_versions', 'alarms', 'alarm_history', 'rule_conditions', 'commands', 'sessions',
  'device_purges', 'maps', 'site_connections', 'incidents', 'incident_entries', 'camera_links', 'audit', 'events', 'rollups', 'sample_chunks', 'sample_blocks',
] as const;

const TARGET: Partial<Record<string, string>> = { sample_blocks: 'sample_chunks' };
/** Source columns the target does not keep: a chunk's SQLite rowid only orders the copy. */
const SKIP: Partial<Record<string, readonly string[]>> = { sample_chunks: ['id'], sample_blocks: ['id'] };
/** SQLite's own bookkeeping and what PostgreSQL does differently (text search). */
const NOT_COPIED = new Set(['sqlite_sequence', 'sqlite_stat1', 'event_grams', 'event_gram_ids']);
const notCopied = (t: string): boolean => NOT_COPIED.has(t) || t.startsWith('events_fts') || t.startsWith('sqlite_');

export interface ImportOptions {
  from: string;
  to: string;
  /** Rows per transaction. */
  batchRows?: number;
  /** Stops after this many batches (tests: an import cut off midway). */
  maxBatches?: number;
  log?(line: string): void;
}

export interface TableCount { table: string; source: number; target: number }

export interface ImportReport {
  complete: boolean;
  copied: number;
  counts: TableCount[];
  /**
   * Tables of the folder that this build's PostgreSQL schema does not have yet (a feature newer
   * than the PostgreSQL schema): made in PostgreSQL as SQLite declares them, copied and counted
   * like the rest, and named here, so nothing is left behind.
   */
  mirrored: string[];
  audit: { ok: boolean; checked: number; reason: string | null };
  ok: boolean;
}

type Row = Record<string, unknown>;

export async function importSqlite(options: ImportOptions): Promise<ImportReport> {
  const log = options.log ?? (() => undefined);
  const batchRows = options.batchRows ?? 1000;
  const path = resolve(options.from, 'watchdesk.db');
  if (!existsSync(path)) throw new Error(`${options.from} is not a Watchdesk data folder: no watchdesk.db`);
  const db = new Database(path, { readonly: true, fileMustExist: true, ...sqliteOptions() });
  const store = await PgStore.open(options.to).catch((err: Error) => { db.close(); throw err; });
  try {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version !== SCHEMA_VERSION) {
      throw new Error(`the data folder is at schema ${version}, this build moves schema ${SCHEMA_VERSION}: start this Watchdesk on it once first, then stop it`);
    }
    const pool = store.pool;
    const source = path;
    const started = (await pool.query('SELECT count(*)::int AS n FROM import_progress WHERE source = $1', [source])).rows[0].n as number;
    if (started === 0) {
      const used = (await pool.query('SELECT (SELECT count(*) FROM operators) + (SELECT count(*) FROM audit) + (SELECT count(*) FROM devices) AS n')).rows[0].n as number;
      if (used > 0) throw new Error('the PostgreSQL database already holds a site: import into an empty database');
    }
    const present = new Set((db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as Array<{ name: string }>).map((r) => r.name));
    const known = new Set((await pool.query<{ t: string }>('SELECT table_name AS t FROM information_schema.tables WHERE table_schema = current_schema()')).rows.map((r) => r.t));
    const extra = [...present].filter((t) => !notCopied(t) && !(TABLES as readonly string[]).includes(t)).sort();
    const mirrored: string[] = [];
    for (const t of extra) {
      if (!known.has(t)) await pool.query(mirrorDdl(db, t));
      mirrored.push(t);
      log(`${t}: not in the PostgreSQL schema yet, made as SQLite declares it`);
    }
    const tables = [...TABLES.filter((t) => t !== 'sample_chunks' && t !== 'sample_blocks'), ...extra, 'sample_chunks', 'sample_blocks'];

    await samplePartitions(db, store);
    let batches = 0;
    let copied = 0;
    let complete = true;
    for (const table of tables) {
      if (!present.has(table)) continue;
      const target = TARGET[table] ?? table;
      const pgColumns = new Set((await pool.query<{ c: string }>('SELECT column_name AS c FROM information_schema.columns WHERE table_name = $1', [target])).rows.map((r) => r.c));
      const info = db.prepare(`PRAGMA table_info(${table})`).all() as Array<{ name: string; pk: number }>;
      const pk = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
      const keys = pk.length > 0 ? pk : ['rowid'];
      const columns = info.map((c) => c.name).filter((c) => pgColumns.has(c) && !(SKIP[table] ?? []).includes(c));
      const progress = (await pool.query<{ last_key: string; done: boolean }>('SELECT last_key, done FROM import_progress WHERE source = $1 AND tbl = $2', [source, table])).rows[0];
      if (progress?.done) continue;
      let last = progress ? (JSON.parse(progress.last_key) as unknown[]) : null;
      const keyList = keys.join(', ');
      const after = `(${keyList}) > (${keys.map(() => '?').join(', ')})`;
      const select = `SELECT ${[...new Set([...keys, ...columns])].join(', ')} FROM ${table}`;
      const read = db.prepare(`${select} WHERE ${after} ORDER BY ${keyList} LIMIT ?`);
      const readFirst = db.prepare(`${select} ORDER BY ${keyList} LIMIT ?`);
      for (;;) {
        if (options.maxBatches !== undefined && batches >= options.maxBatches) { complete = false; break; }
        const rows = (last ? read.all(...last, batchRows) : readFirst.all(batchRows)) as Row[];
        const next = rows.length > 0 ? keys.map((k) => rows[rows.length - 1]![k]) : last;
        const done = rows.length < batchRows;
        const c = await pool.connect();
        try {
          await c.query('BEGIN');
          if (rows.length > 0) {
            const params: unknown[] = [];
            const tuples = rows.map((r) => `(${columns.map((col) => { params.push(r[col]); return `$${params.length}`; }).join(', ')})`);
            await c.query(`INSERT INTO ${target} (${columns.join(', ')}) VALUES ${tuples.join(', ')}`, params);
          }
          await c.query(
            `INSERT INTO import_progress (source, tbl, last_key, rows, done) VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT (source, tbl) DO UPDATE SET last_key = excluded.last_key, rows = import_progress.rows + excluded.rows, done = excluded.done`,
            [source, table, JSON.stringify(next ?? []), rows.length, done]);
          await c.query('COMMIT');
        } catch (err) {
          await c.query('ROLLBACK').catch(() => undefined);
          throw new Error(`copying ${table} after key ${JSON.stringify(last)}: ${(err as Error).message}`);
        } finally {
          c.release();
        }
        batches++;
        copied += rows.length;
        last = next;
        if (done) break;
      }
      if (!complete) break;
      log(`${table}: copied`);
    }
    if (!complete) {
      log(`stopped after ${batches} batches; run again to resume`);
      return { complete, copied, counts: [], mirrored, audit: { ok: false, checked: 0, reason: 'not finished' }, ok: false };
    }
    await resetSequences(store);
    const counts = await countRows(db, store, tables.filter((t) => present.has(t)));
    const verdict = await store.verifyAudit();
    const head = db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(AUDIT_HEAD) as string | undefined;
    const sameEnd = head === (await store.getSetting(AUDIT_HEAD));
    const audit = { ok: verdict.ok && sameEnd, checked: verdict.checked, reason: verdict.broken?.reason ?? (sameEnd ? null : 'the chain ends elsewhere than in the data folder') };
    // A table left behind is data left behind: not verified, however well the rest went.
    const ok = counts.every((c) => c.source === c.target) && audit.ok;
    return { complete, copied, counts, mirrored, audit, ok };
  } finally {
    db.close();
    await store.close();
  }
}

/** Every day that has samples gets its partition before the copy. */
async function samplePartitions(db: Database.Database, store: PgStore): Promise<void> {
  if (store.samples !== 'native') return;
  const range = db.prepare('SELECT min(lo) AS lo, max(hi) AS hi FROM (SELECT min(t_end) AS lo, max(t_end) AS hi FROM sample_chunks UNION ALL SELECT min(t_end), max(t_end) FROM sample_blocks)').get() as { lo: number | null; hi: number | null };
  if (range.lo === null || range.hi === null) return;
  const c = await store.pool.connect();
  try {
    await ensurePartitions(c, range.lo, range.hi + DAY - 1);
  } finally {
    c.release();
  }
}

/** Ids were copied as they were: the next ones PostgreSQL hands out follow them. */
async function resetSequences(store: PgStore): Promise<void> {
  const identity = (await store.pool.query<{ t: string }>("SELECT table_name AS t FROM information_schema.columns WHERE column_name = 'id' AND is_identity = 'YES' AND table_schema = current_schema()")).rows;
  for (const { t } of identity) {
    await store.pool.query(`SELECT setval(pg_get_serial_sequence($1, 'id'), max_id) FROM (SELECT max(id) AS max_id FROM ${t}) m WHERE max_id IS NOT NULL`, [t]);
  }
  await store.pool.query("SELECT setval('events_id_seq', max_id) FROM (SELECT max(id) AS max_id FROM events) m WHERE max_id IS NOT NULL");
}

async function countRows(db: Database.Database, store: PgStore, tables: readonly string[]): Promise<TableCount[]> {
  const counts = new Map<string, TableCount>();
  for (const table of tables) {
    const target = TARGET[table] ?? table;
    const n = (db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number);
    const entry = counts.get(target) ?? { table: target, source: 0, target: 0 };
    entry.source += n;
    counts.set(target, entry);
  }
  for (const entry of counts.values()) {
    entry.target = Number((await store.pool.query(`SELECT count(*) AS n FROM ${entry.table}`)).rows[0].n);
  }
  return [...counts.values()];
}


/** SQLite's declared type affinity, in PostgreSQL's words (sqlite.org/datatype3.html, 3.1). */
function pgType(declared: string): string {
  const t = declared.toUpperCase();
  if (t.includes('INT')) return 'bigint';
  if (t.includes('CHAR') || t.includes('CLOB') || t.includes('TEXT')) return 'text';
  if (t === '' || t.includes('BLOB')) return 'bytea';
  return 'double precision';
}

/** A table as SQLite declares it: columns, types, NOT NULL and the primary key. */
export function mirrorDdl(db: Database.Database, table: string): string {
  const info = db.prepare(`PRAGMA table_info(${JSON.stringify(table)})`).all() as Array<{ name: string; type: string; notnull: number; pk: number }>;
  const q = (name: string): string => `"${name.replaceAll('"', '""')}"`;
  const columns = info.map((c) => `${q(c.name)} ${pgType(c.type)}${c.notnull || c.pk ? ' NOT NULL' : ''}`);
  const pk = info.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => q(c.name));
  if (pk.length > 0) columns.push(`PRIMARY KEY (${pk.join(', ')})`);
  return `CREATE TABLE IF NOT EXISTS ${q(table)} (${columns.join(', ')})`;
}
