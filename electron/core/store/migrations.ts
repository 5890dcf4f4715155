import type Database from 'better-sqlite3';
import { scrubUrlCredentials } from './scrub-url-credentials.js';

/** Append-only: a released migration is never edited, a new version is added instead. */
const MIGRATIONS: ReadonlyArray<{ version: number; sql: string; run?: (db: Database.Database) => void }> = [
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
    version: 6,
    // Credentials inside URLs are refused from now on (issue 12); rows from before are scrubbed.
    sql: '',
    run: scrubUrlCredentials,
  },
  {
    version: 7,
    sql: `
      -- Operator sessions survive a restart. Only a hash of each token is kept: a copy of the
      -- database does not hand out live sessions.
      CREATE TABLE IF NOT EXISTS sessions (
        token_hash TEXT PRIMARY KEY, username TEXT NOT NULL, role TEXT NOT NULL,
        created_at INTEGER NOT NULL, last_used INTEGER NOT NULL, expires_at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS sessions_by_user ON sessions (username);
      -- Retention deletes the oldest chunks of every device: by end time, without a table scan.
      CREATE INDEX IF NOT EXISTS sample_chunks_by_end ON sample_chunks (t_end);
      -- A deleted device's samples go in slices in the background; its id is not handed out
      -- again until they are gone.
      CREATE TABLE IF NOT EXISTS device_purges (device INTEGER PRIMARY KEY, at INTEGER NOT NULL);
    `,
  },
  {
    version: 8,
    sql: `
      -- Compacted samples: the compactor moves the one-window chunks of sample_chunks here, an
      -- hour of a device at most per row, in the packed format. Every sample in this table is
      -- also in rollups; every sample still in sample_chunks is not yet.
      CREATE TABLE IF NOT EXISTS sample_blocks (
        id INTEGER PRIMARY KEY, device INTEGER NOT NULL, layout INTEGER NOT NULL,
        t_start INTEGER NOT NULL, t_end INTEGER NOT NULL, n INTEGER NOT NULL, data BLOB NOT NULL);
      CREATE INDEX IF NOT EXISTS sample_blocks_by_device ON sample_blocks (device, t_end);
      -- Retention deletes the oldest blocks of every device: by end time, without a table scan.
      CREATE INDEX IF NOT EXISTS sample_blocks_by_end ON sample_blocks (t_end);
      -- 1-minute rollups (count, min, max, sum, last) of one data point of one device for one
      -- hour, packed in data, with the hour's own count, min, max and sum beside it. Clustered
      -- by point: a year of one point is 8,760 adjacent small rows, whatever the heartbeat.
      CREATE TABLE IF NOT EXISTS rollups (
        device INTEGER NOT NULL, point TEXT NOT NULL, hour INTEGER NOT NULL,
        count INTEGER NOT NULL, min REAL NOT NULL, max REAL NOT NULL, sum REAL NOT NULL, data BLOB NOT NULL,
        PRIMARY KEY (device, point, hour)) WITHOUT ROWID;
      -- Retention of rollups goes by hour, oldest first.
      CREATE INDEX IF NOT EXISTS rollups_by_hour ON rollups (hour);
      -- Event text search. Trigrams keep the filter's meaning (a case-sensitive "contains" in
      -- the name or the description) while reading the index, not the table. Indexing an
      -- event's trigrams costs ~30 µs, several times the insert itself, so events are indexed in
      -- the background up to eventsIndexed; a search scans the few newer ones.
      CREATE VIRTUAL TABLE IF NOT EXISTS events_fts USING fts5(name, description, content='events', content_rowid='id', tokenize='trigram case_sensitive 1');
      INSERT INTO settings (key, value) VALUES ('eventsIndexed', '0') ON CONFLICT (key) DO NOTHING;
      CREATE TRIGGER IF NOT EXISTS events_fts_delete AFTER DELETE ON events
        WHEN old.id <= (SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'eventsIndexed') BEGIN
        INSERT INTO events_fts (events_fts, rowid, name, description) VALUES ('delete', old.id, old.name, old.description);
      END;
      CREATE TRIGGER IF NOT EXISTS events_fts_update AFTER UPDATE OF name, description ON events
        WHEN old.id <= (SELECT CAST(value AS INTEGER) FROM settings WHERE key = 'eventsIndexed') BEGIN
        INSERT INTO events_fts (events_fts, rowid, name, description) VALUES ('delete', old.id, old.name, old.description);
        INSERT INTO events_fts (rowid, name, description) VALUES (new.id, new.name, new.description);
      END;
    `,
  },
  {
    version: 10,
    sql: `
      -- Site maps: a plan (an image in pixels) or a geo map, in a tree; its placements travel
      -- with it, so one map saves in one row. Images and tiles are files in the data folder.
      CREATE TABLE IF NOT EXISTS maps (id INTEGER PRIMARY KEY, body TEXT NOT NULL, placements TEXT NOT NULL DEFAULT '[]', updated_at INTEGER NOT NULL);
    `,
  },
  {
    version: 11,
    sql: `
      -- The security-system connections after the first. The first stays where it always was
      -- (the siteConnection setting), so an existing data folder keeps its site, its asset ids
      -- and everything that refers to them. The password is the only secret, in its own column.
      CREATE TABLE IF NOT EXISTS site_connections (
        id TEXT PRIMARY KEY, position INTEGER NOT NULL, driver TEXT NOT NULL, settings TEXT NOT NULL,
        password TEXT NOT NULL DEFAULT '', created_by TEXT NOT NULL, created_at INTEGER NOT NULL,
        -- The assets last discovered: a device that does not answer at start still shows its
        -- assets (No Communication), and their alarms and rules stay.
        assets TEXT NOT NULL DEFAULT '[]');
    `,
  },
  {
    version: 12,
    sql: `
      -- Event text of one or two characters, which trigrams cannot index (event-grams.ts): how
      -- many indexed events hold each gram, and while a gram is rare, their ids. Kept by the
      -- background indexer up to eventGramsIndexed; deletes leave both as they are (a search then
      -- does more work, it never misses an event).
      CREATE TABLE IF NOT EXISTS event_grams (gram TEXT PRIMARY KEY, hits INTEGER NOT NULL, listed INTEGER NOT NULL) WITHOUT ROWID;
      -- The ids as 16-bit offsets in a block of 1,024 event ids, appended a step at a time.
      CREATE TABLE IF NOT EXISTS event_gram_ids (gram TEXT NOT NULL, block INTEGER NOT NULL, ids BLOB NOT NULL, PRIMARY KEY (gram, block)) WITHOUT ROWID;
      -- Grams past the rare limit whose ids are still to be deleted: found without a scan.
      CREATE INDEX IF NOT EXISTS event_grams_to_clear ON event_grams (gram) WHERE listed = 1 AND hits > 20000;
      INSERT INTO settings (key, value) VALUES ('eventGramsIndexed', '0') ON CONFLICT (key) DO NOTHING;
      -- The trigram index merges its segments in the indexer's own small steps (event-search.ts),
      -- not inside an insert: FTS5's automerge off, and its all-at-once crisis merge pushed back.
      INSERT INTO events_fts (events_fts, rank) VALUES ('automerge', 0);
      INSERT INTO events_fts (events_fts, rank) VALUES ('crisismerge', 64);
    `,
  },
  {
    version: 16,
    sql: `
      -- Incidents: alarms, events, snapshots and notes gathered under an owner. The timeline is
      -- append-only, one row per entry; snapshot images are files in the data folder.
      CREATE TABLE IF NOT EXISTS incidents (id INTEGER PRIMARY KEY, body TEXT NOT NULL, state TEXT NOT NULL, opened_at INTEGER NOT NULL, updated_at INTEGER NOT NULL);
      CREATE INDEX IF NOT EXISTS incidents_by_state ON incidents (state, updated_at);
      CREATE TABLE IF NOT EXISTS incident_entries (id INTEGER PRIMARY KEY, incident INTEGER NOT NULL, t INTEGER NOT NULL, actor TEXT NOT NULL, kind TEXT NOT NULL, body TEXT NOT NULL);
      CREATE INDEX IF NOT EXISTS incident_entries_by_incident ON incident_entries (incident, id);
    `,
  },
  {
    version: 17,
    sql: `
      -- Cameras linked to a device, a site asset (a door) or an area, so its popup, its panel and
      -- its alarms show what the room looks like. cameras: a JSON array of camera:N / asset:ID.
      CREATE TABLE IF NOT EXISTS camera_links (
        source TEXT PRIMARY KEY, cameras TEXT NOT NULL, updated_by TEXT NOT NULL, updated_at INTEGER NOT NULL);
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
      m.run?.(db);
      db.pragma(`user_version = ${m.version}`);
    }).immediate();
  }
  return SCHEMA_VERSION;
}
