import type Database from 'better-sqlite3';
import { withoutCredentials } from '../../../shared/url.js';

/**
 * Migration 6 (issue 12): credentials are refused inside URLs now; rows written before are
 * scrubbed. A camera's URL credentials move to its own username and password fields (so the
 * camera keeps working; the password is encrypted on the next start); everywhere else
 * (rules, rule versions, events, the audit log) they are cut out of the text.
 *
 * The audit log is hash-chained: scrubbed entries and every entry after the first of them are
 * unhashed here and chained again on open, and one entry records that this happened.
 */
export function scrubUrlCredentials(db: Database.Database): void {
  for (const row of db.prepare('SELECT id, config FROM cameras').all() as Array<{ id: number; config: string }>) {
    const config = JSON.parse(row.config) as Record<string, unknown>;
    let changed = false;
    for (const field of ['mjpegUrl', 'snapshotUrl']) {
      const text = config[field];
      if (typeof text !== 'string' || text === '') continue;
      let url: URL;
      try {
        url = new URL(text);
      } catch {
        continue;
      }
      if (!url.username && !url.password) continue;
      if (!config.username) config.username = decodeURIComponent(url.username);
      if (!config.password && url.password) config.password = decodeURIComponent(url.password);
      url.username = '';
      url.password = '';
      config[field] = url.toString();
      changed = true;
    }
    if (changed) db.prepare('UPDATE cameras SET config = ? WHERE id = ?').run(JSON.stringify(config), row.id);
  }
  scrubColumn(db, 'rules', 'id', ['body']);
  scrubColumn(db, 'rule_versions', 'rowid', ['body']);
  scrubColumn(db, 'events', 'id', ['description', 'args']);
  const firstAudit = scrubColumn(db, 'audit', 'id', ['target', 'before', 'after', 'reason']);
  if (firstAudit !== null) {
    db.prepare('UPDATE audit SET hash = NULL WHERE id >= ?').run(firstAudit);
    const next = (db.prepare('SELECT COALESCE(MAX(id), 0) + 1 AS id FROM audit').get() as { id: number }).id;
    db.prepare("INSERT INTO audit (id, t, actor, action, target, before, after, reason) VALUES (?, ?, 'system', 'audit.scrub-url-credentials', 'audit', NULL, NULL, ?)")
      .run(next, Date.now(), `credentials removed from URLs in entries from ${firstAudit} on; the chain from there was rebuilt`);
  }
}

/** Cuts `user:password@` out of text columns; the smallest key of a changed row, or null. */
function scrubColumn(db: Database.Database, table: string, key: string, columns: string[]): number | null {
  const where = columns.map((c) => `${c} LIKE '%://%@%'`).join(' OR ');
  const rows = db.prepare(`SELECT ${key} AS k, ${columns.join(', ')} FROM ${table} WHERE ${where} ORDER BY ${key}`).all() as Array<Record<string, string | number | null>>;
  let first: number | null = null;
  for (const row of rows) {
    const values = columns.map((c) => (typeof row[c] === 'string' ? withoutCredentials(row[c]) : row[c]));
    if (values.every((v, i) => v === row[columns[i]!])) continue;
    db.prepare(`UPDATE ${table} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE ${key} = ?`).run(...values, row.k);
    if (first === null) first = Number(row.k);
  }
  return first;
}
