import type Database from 'better-sqlite3';

/** Trigrams: shorter text cannot use the index. */
const MIN_INDEXED = 3;
/**
 * Above this many hits, scanning the newest events finds a page of matches sooner than sorting
 * every hit: at 20,000 hits in a million events, 500 matches are ~25,000 rows back.
 */
const FREQUENT = 20_000;

/**
 * The SQL condition for the events text filter: a case-sensitive "contains" in the name or the
 * description. A rare word is looked up in the trigram index (events_fts, kept in step by
 * triggers); a frequent or too short one is found by scanning newest first, which stops early.
 * `instr` stays in both, so the meaning is exactly the same either way.
 */
export class EventTextSearch {
  private readonly hits;

  constructor(db: Database.Database) {
    this.hits = db.prepare(`SELECT count(*) AS n FROM (SELECT rowid FROM events_fts WHERE events_fts MATCH ? LIMIT ${FREQUENT})`);
  }

  clause(text: string): { sql: string; args: string[] } {
    const scan = { sql: '(instr(name, ?) > 0 OR instr(description, ?) > 0)', args: [text, text] };
    if ([...text].length < MIN_INDEXED) return scan;
    const phrase = `"${text.replaceAll('"', '""')}"`;
    if ((this.hits.get(phrase) as { n: number }).n >= FREQUENT) return scan;
    return { sql: `id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ?) AND ${scan.sql}`, args: [phrase, ...scan.args] };
  }
}
