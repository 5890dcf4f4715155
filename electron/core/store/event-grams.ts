import type Database from 'better-sqlite3';

/**
 * A gram with more indexed events than this has no id list: scanning the newest events finds a
 * page of 500 matches within ~25,000 rows (as for frequent trigrams, event-search.ts).
 */
export const RARE_GRAM = 20_000;
/** Events read per step, and id-list rows of a gram that turned frequent deleted per step: each near a millisecond. */
const STEP = 100;
const CLEAR_STEP = 500;
const INDEXED = 'eventGramsIndexed';

/** The distinct one- and two-character strings of each text, in code points, as `instr` compares them. */
export function gramsOf(texts: readonly string[]): Set<string> {
  const grams = new Set<string>();
  for (const text of texts) {
    let prev: string | null = null;
    for (const c of text) {
      grams.add(c);
      if (prev !== null) grams.add(prev + c);
      prev = c;
    }
  }
  return grams;
}

export type GramLookup = { kind: 'absent' } | { kind: 'rare' } | { kind: 'frequent' };

/**
 * Text of one or two characters, which trigrams cannot index: a count of indexed events per
 * gram (event_grams), and the ids of the events for a rare gram (event_gram_ids). An absent gram
 * answers at once, a rare one from its ids, a frequent one by scanning newest first, which soon
 * finds a page. Kept by the background indexer, up to its own mark, in steps of a few ms.
 * Deleting events lowers no count and leaves ids behind (they join nothing): both only make a
 * search do more work, never miss an event.
 */
export class EventGrams {
  private readonly stmt;

  constructor(private readonly db: Database.Database) {
    this.stmt = {
      indexed: db.prepare(`SELECT CAST(value AS INTEGER) FROM settings WHERE key = '${INDEXED}'`).pluck(),
      batch: db.prepare('SELECT id, name, description FROM events WHERE id > ? ORDER BY id LIMIT ?'),
      hits: db.prepare('SELECT hits FROM event_grams WHERE gram = ?').pluck(),
      add: db.prepare('INSERT INTO event_grams (gram, hits, listed) VALUES (?, ?, 1) ON CONFLICT (gram) DO UPDATE SET hits = hits + excluded.hits RETURNING hits').pluck(),
      list: db.prepare('INSERT OR IGNORE INTO event_gram_ids (gram, id) VALUES (?, ?)'),
      toClear: db.prepare(`SELECT gram FROM event_grams WHERE listed = 1 AND hits > ${RARE_GRAM} LIMIT 1`).pluck(),
      clear: db.prepare('DELETE FROM event_gram_ids WHERE gram = ? AND id IN (SELECT id FROM event_gram_ids WHERE gram = ? LIMIT ?)'),
      cleared: db.prepare('UPDATE event_grams SET listed = 0 WHERE gram = ?'),
      mark: db.prepare(`INSERT INTO settings (key, value) VALUES ('${INDEXED}', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`),
    };
  }

  get indexedUpTo(): number {
    return (this.stmt.indexed.get() as number | undefined) ?? 0;
  }

  lookup(gram: string): GramLookup {
    const hits = this.stmt.hits.get(gram) as number | undefined;
    return hits === undefined ? { kind: 'absent' } : hits <= RARE_GRAM ? { kind: 'rare' } : { kind: 'frequent' };
  }

  /** Indexes the next events, or clears a gram's ids once it is frequent; false when there is nothing to do. */
  step(): boolean {
    if (this.clearStep()) return true;
    const rows = this.stmt.batch.all(this.indexedUpTo, STEP) as Array<{ id: number; name: string; description: string }>;
    if (rows.length === 0) return false;
    const ids = new Map<string, number[]>();
    for (const r of rows) {
      for (const g of gramsOf([r.name, r.description])) {
        const list = ids.get(g);
        if (list) list.push(r.id); else ids.set(g, [r.id]);
      }
    }
    this.db.transaction(() => {
      for (const [gram, list] of ids) {
        // Past RARE_GRAM the list is no longer complete: the gram is searched by scanning, and its ids are cleared in later steps.
        if ((this.stmt.add.get(gram, list.length) as number) <= RARE_GRAM) for (const id of list) this.stmt.list.run(gram, id);
      }
      this.stmt.mark.run(String(rows[rows.length - 1]!.id));
    })();
    return true;
  }

  /** Deletes some ids of a gram that turned frequent; false when none is left to clear. */
  private clearStep(): boolean {
    const gram = this.stmt.toClear.get() as string | undefined;
    if (gram === undefined) return false;
    if (this.stmt.clear.run(gram, gram, CLEAR_STEP).changes < CLEAR_STEP) this.stmt.cleared.run(gram);
    return true;
  }
}
