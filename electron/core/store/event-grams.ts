import type Database from 'better-sqlite3';

/**
 * A gram with more indexed events than this has no id list: scanning the newest events finds a
 * page of 500 matches within ~25,000 rows (as for frequent trigrams, event-search.ts).
 */
export const RARE_GRAM = 20_000; // Also in migration 12's partial index event_grams_to_clear: change both.
/** Events read per step, and id-list rows of a gram that turned frequent deleted per step: each near a millisecond. */
const STEP = 50;
const CLEAR_STEP = 64;
/**
 * A gram's ids are kept a row per block of this many event ids, as 16-bit offsets appended to a
 * blob: a step then writes one row per gram, not one per event and gram.
 */
const BLOCK = 1024;
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
      // A step's grams in two statements, as JSON ({gram: count}, {gram: hex ids}): one call per gram would cost ten times more.
      add: db.prepare('INSERT INTO event_grams (gram, hits, listed) SELECT key, value, 1 FROM json_each(?) WHERE true ON CONFLICT (gram) DO UPDATE SET hits = hits + excluded.hits'),
      // Past RARE_GRAM a list is no longer complete: the gram is searched by scanning, and its ids are cleared in later steps.
      list: db.prepare(`INSERT INTO event_gram_ids (gram, block, ids) SELECT j.key, ?, unhex(j.value) FROM json_each(?) j JOIN event_grams g ON g.gram = j.key AND g.hits <= ${RARE_GRAM} WHERE true
        ON CONFLICT (gram, block) DO UPDATE SET ids = CAST(ids || excluded.ids AS BLOB)`),
      ids: db.prepare('SELECT block, ids FROM event_gram_ids WHERE gram = ?'),
      toClear: db.prepare(`SELECT gram FROM event_grams WHERE listed = 1 AND hits > ${RARE_GRAM} LIMIT 1`).pluck(),
      clear: db.prepare('DELETE FROM event_gram_ids WHERE gram = ? AND block IN (SELECT block FROM event_gram_ids WHERE gram = ? LIMIT ?)'),
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
    // Per gram: its count, and per block its ids as hex 16-bit offsets (little-endian, as `ids` reads them).
    const counts: Record<string, number> = Object.create(null) as Record<string, number>;
    const blocks = new Map<number, Record<string, string>>();
    for (const r of rows) {
      const block = Math.floor(r.id / BLOCK);
      let hex = blocks.get(block);
      if (!hex) blocks.set(block, hex = Object.create(null) as Record<string, string>);
      const offset = r.id % BLOCK;
      const le = (offset & 0xff).toString(16).padStart(2, '0') + (offset >> 8).toString(16).padStart(2, '0');
      for (const g of gramsOf([r.name, r.description])) {
        counts[g] = (counts[g] ?? 0) + 1;
        hex[g] = (hex[g] ?? '') + le;
      }
    }
    this.db.transaction(() => {
      this.stmt.add.run(JSON.stringify(counts));
      for (const [block, hex] of blocks) this.stmt.list.run(block, JSON.stringify(hex));
      this.stmt.mark.run(String(rows[rows.length - 1]!.id));
    }).immediate();
    return true;
  }

  /** The ids of a rare gram's indexed events (ids of deleted events among them). */
  ids(gram: string): number[] {
    const out: number[] = [];
    for (const row of this.stmt.ids.iterate(gram) as IterableIterator<{ block: number; ids: Buffer }>) {
      const base = row.block * BLOCK;
      for (let i = 0; i + 1 < row.ids.length; i += 2) out.push(base + row.ids.readUInt16LE(i));
    }
    return out;
  }

  /** Deletes some ids of a gram that turned frequent; false when none is left to clear. */
  private clearStep(): boolean {
    const gram = this.stmt.toClear.get() as string | undefined;
    if (gram === undefined) return false;
    if (this.stmt.clear.run(gram, gram, CLEAR_STEP).changes < CLEAR_STEP) this.stmt.cleared.run(gram);
    return true;
  }
}
