import type Database from 'better-sqlite3';
import { Turns } from './background.js';
import { EventGrams } from './event-grams.js';

/** Trigrams: shorter text cannot use the index. */
const MIN_INDEXED = 3;
/**
 * Above this many hits, scanning the newest events finds a page of matches sooner than sorting
 * every hit: at 20,000 hits in a million events, 500 matches are ~25,000 rows back.
 */
const FREQUENT = 20_000;
/** Events indexed per step: ~30 µs each, so a step stays near 3 ms. */
const STEP = 100;
const INDEXED = 'eventsIndexed';
/**
 * Index pages one merge step writes. FTS5 merges its segments itself inside an insert now and
 * then (automerge, and all of a level at once past crisismerge): 15-85 ms in one turn. Here
 * automerge is off (migration 12) and the indexer merges in steps of its own instead.
 */
const MERGE_PAGES = 16;

/**
 * The events text filter, a case-sensitive "contains" in the name or the description, answered
 * from a trigram index (events_fts). Indexing costs several times the event insert itself, so it is
 * not done in the insert: a background indexer follows the events table in small steps, and a
 * search reads the index up to where it has got and scans only the newer events. A frequent word
 * is found by scanning newest first instead, which stops early. One or two characters go to the
 * gram index (event-grams.ts): absent at once, rare from its ids, frequent by that same scan. `instr` stays in
 * every case, so the meaning is exactly the same either way.
 */
export class EventTextSearch {
  private readonly stmt;
  private readonly turns = new Turns(() => this.step(), (error) => { this.lastError = error; });
  /** One or two characters: counts and id lists of grams (event-grams.ts). */
  readonly grams: EventGrams;
  lastError: string | null = null;
  /** A merge step found work: try another before indexing more. */
  private merging = true;

  constructor(private readonly db: Database.Database) {
    this.grams = new EventGrams(db);
    this.stmt = {
      hits: db.prepare(`SELECT count(*) AS n FROM (SELECT rowid FROM events_fts WHERE events_fts MATCH ? LIMIT ${FREQUENT})`).pluck(),
      indexed: db.prepare(`SELECT CAST(value AS INTEGER) FROM settings WHERE key = '${INDEXED}'`).pluck(),
      next: db.prepare('SELECT max(id) FROM (SELECT id FROM events WHERE id > ? ORDER BY id LIMIT ?)').pluck(),
      index: db.prepare('INSERT INTO events_fts (rowid, name, description) SELECT id, name, description FROM events WHERE id > ? AND id <= ?'),
      mark: db.prepare(`UPDATE settings SET value = ? WHERE key = '${INDEXED}'`),
      merge: db.prepare(`INSERT INTO events_fts (events_fts, rank) VALUES ('merge', ${MERGE_PAGES})`),
      changes: db.prepare('SELECT total_changes()').pluck(),
    };
  }

  /** The highest event id in the index. */
  get indexedUpTo(): number {
    return (this.stmt.indexed.get() as number | undefined) ?? 0;
  }

  clause(text: string): { sql: string; args: Array<string | number> } {
    const scan = { sql: '(instr(name, ?) > 0 OR instr(description, ?) > 0)', args: [text, text] };
    if ([...text].length < MIN_INDEXED) {
      const gram = this.grams.lookup(text);
      if (gram.kind === 'frequent') return scan;
      // Absent from every indexed event: only the events past the gram index are read.
      const upTo = this.grams.indexedUpTo;
      // An IN list, as below: SQLite then reads the few ids past the mark instead of scanning by time.
      if (gram.kind === 'absent') return { sql: `id IN (SELECT id FROM events WHERE id > ?) AND ${scan.sql}`, args: [upTo, ...scan.args] };
      return { sql: `id IN (SELECT value FROM json_each(?) UNION ALL SELECT id FROM events WHERE id > ?) AND ${scan.sql}`, args: [JSON.stringify(this.grams.ids(text)), upTo, ...scan.args] };
    }
    const phrase = `"${text.replaceAll('"', '""')}"`;
    if ((this.stmt.hits.get(phrase) as number) >= FREQUENT) return scan;
    // One IN list (not an OR) so that SQLite looks the hits up by id instead of scanning by time.
    return { sql: `id IN (SELECT rowid FROM events_fts WHERE events_fts MATCH ? UNION ALL SELECT id FROM events WHERE id > ?) AND ${scan.sql}`, args: [phrase, this.indexedUpTo, ...scan.args] };
  }

  /** Merges index segments, else indexes the next events, trigrams first, then grams; false when all have caught up. */
  step(): boolean {
    if (this.merging) {
      const before = this.stmt.changes.get() as number;
      this.stmt.merge.run();
      // FTS5's own test of whether a 'merge' did anything: two or more changes.
      this.merging = (this.stmt.changes.get() as number) - before >= 2;
      if (this.merging) return true;
    }
    const from = this.indexedUpTo;
    const to = this.stmt.next.get(from, STEP) as number | null;
    if (to === null) return this.grams.step();
    this.db.transaction(() => {
      this.stmt.index.run(from, to);
      this.stmt.mark.run(String(to));
    }).immediate();
    this.merging = true;
    return true;
  }

  /** Steps until the budget is spent or nothing is left; returns whether work remains. */
  slice(budgetMs: number): boolean {
    return this.turns.slice(budgetMs);
  }

  /** In turns of at most 5 ms, back to back while behind (see Turns). */
  start(): void { this.turns.start(); }

  stop(): void { this.turns.stop(); }

  /** Puts turns off while ingest is busy (see Turns). */
  yieldWhile(busy: () => boolean): void { this.turns.yieldWhile(busy); }
}
