import type Database from 'better-sqlite3';

/** Append-only: a released migration is never edited, a new version is added instead. */
const MIGRATIONS: ReadonlyArray<{ version: number; sql: string }> = [
  {
    version: 1,
    sql: `
      CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      CREATE TABLE operators (
        id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, role TEXT NOT NULL,
        password_hash TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0, created_at INTEGER NOT NULL);
      CREATE TABLE tcp_servers (id INTEGER PRIMARY KEY, config TEXT NOT NULL);
      CREATE TABLE device_types (id TEXT PRIMARY KEY, body TEXT NOT NULL, built_in INTEGER NOT NULL DEFAULT 0, updated_at INTEGER NOT NULL);
      CREATE TABLE devices (
        id INTEGER PRIMARY KEY, server_id INTEGER NOT NULL, device_id TEXT NOT NULL, config TEXT NOT NULL,
        demo INTEGER NOT NULL DEFAULT 0, UNIQUE (server_id, device_id));
      CREATE TABLE layouts (id INTEGER PRIMARY KEY, points TEXT NOT NULL UNIQUE);
      -- The hot table: append-ordered by rowid. Its one index is per chunk (one row per device per
      -- batch window), never per sample.
      CREATE TABLE sample_chunks (
        id INTEGER PRIMARY KEY, device INTEGER NOT NULL, layout INTEGER NOT NULL,
        t_start INTEGER NOT NULL, t_end INTEGER NOT NULL, n INTEGER NOT NULL, data BLOB NOT NULL);
      CREATE INDEX sample_chunks_by_device ON sample_chunks (device, t_end);
      CREATE TABLE latest (device INTEGER PRIMARY KEY, last_seen INTEGER, layout INTEGER, body TEXT NOT NULL);
      CREATE TABLE events (
        id INTEGER PRIMARY KEY, t INTEGER NOT NULL, origin TEXT NOT NULL, device INTEGER, name TEXT NOT NULL,
        kind TEXT NOT NULL, source TEXT NOT NULL, caption TEXT NOT NULL, description TEXT NOT NULL, args TEXT NOT NULL);
      CREATE INDEX events_by_time ON events (t);
      CREATE INDEX events_by_device ON events (device, t);
      CREATE TABLE audit (
        id INTEGER PRIMARY KEY, t INTEGER NOT NULL, actor TEXT NOT NULL, action TEXT NOT NULL, target TEXT NOT NULL,
        before TEXT, after TEXT, reason TEXT NOT NULL DEFAULT '');
    `,
  },
  {
    version: 2,
    sql: `
      ALTER TABLE events ADD COLUMN metadata TEXT;
      ALTER TABLE events ADD COLUMN pair_id INTEGER;
      CREATE INDEX events_pairable ON events (kind, id) WHERE kind IN ('set', 'reset');
      -- Accounts for the generic-event collector: separate from operators, one right only.
      -- Digest needs H(user:realm:password) per algorithm, which is password-equivalent for
      -- this realm; Basic and Bearer logins check the scrypt hash.
      CREATE TABLE integration_accounts (
        id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, password_hash TEXT NOT NULL,
        ha1_md5 TEXT NOT NULL, ha1_sha256 TEXT NOT NULL, created_at INTEGER NOT NULL);
    `,
  },
  {
    version: 3,
    sql: `
      -- Video sources. The password is kept as given: the core must present it to the camera.
      CREATE TABLE cameras (id INTEGER PRIMARY KEY, config TEXT NOT NULL, demo INTEGER NOT NULL DEFAULT 0);
    `,
  },
  {
    version: 4,
    sql: `
      CREATE TABLE alarm_definitions (id TEXT PRIMARY KEY, body TEXT NOT NULL);
      CREATE TABLE rules (id TEXT PRIMARY KEY, version INTEGER NOT NULL, body TEXT NOT NULL, updated_at INTEGER NOT NULL);
      -- Every saved version of every rule, so a change can be read back and undone.
      CREATE TABLE rule_versions (rule_id TEXT NOT NULL, version INTEGER NOT NULL, body TEXT, actor TEXT NOT NULL, at INTEGER NOT NULL, PRIMARY KEY (rule_id, version));
      -- One row per alarm instance (definition × source): its whole state, shelving included,
      -- so a restart resumes exactly where it was.
      CREATE TABLE alarms (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
      CREATE TABLE alarm_history (id INTEGER PRIMARY KEY, alarm INTEGER NOT NULL, t INTEGER NOT NULL, action TEXT NOT NULL, actor TEXT NOT NULL, state TEXT NOT NULL);
      CREATE INDEX alarm_history_by_time ON alarm_history (t);
      ALTER TABLE audit ADD COLUMN hash TEXT;
    `,
  },
  {
    version: 5,
    sql: `
      -- Where each data rule's condition stands on each device (pending on/off-delays included),
      -- so a restart changes no alarm.
      CREATE TABLE rule_conditions (rule_id TEXT NOT NULL, device INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY (rule_id, device));
      -- Site commands: an id is never reused (AUTOINCREMENT), and one pending at a restart settles.
      CREATE TABLE commands (id INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT NOT NULL);
      -- Why the system took a step: "rule deleted", "device deleted", "asset no longer reported".
      ALTER TABLE alarm_history ADD COLUMN reason TEXT NOT NULL DEFAULT '';
    `,
  },
  {
    version: 10,
    sql: `
      -- Site maps: a plan (an image in pixels) or a geo map, in a tree; its placements travel
      -- with it, so one map saves in one row. Images and tiles are files in the data folder.
      CREATE TABLE maps (id INTEGER PRIMARY KEY, body TEXT NOT NULL, placements TEXT NOT NULL DEFAULT '[]', updated_at INTEGER NOT NULL);
    `,
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

export function migrate(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > SCHEMA_VERSION) {
    throw new Error(`the data folder was written by a newer Watchdesk (schema ${current}, this build knows ${SCHEMA_VERSION})`);
  }
  for (const m of MIGRATIONS) {
    if (m.version <= current) continue;
    db.transaction(() => {
      db.exec(m.sql);
      db.pragma(`user_version = ${m.version}`);
    })();
  }
  return SCHEMA_VERSION;
}
