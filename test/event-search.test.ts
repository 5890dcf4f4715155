import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventRecord } from '../shared/domain.js';
import { SqliteStore } from '../electron/core/store/sqlite-store.js';
import { tempDir } from './support/app.js';

const dirs: string[] = [];
const stores: SqliteStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function open(): SqliteStore {
  const dir = tempDir();
  dirs.push(dir);
  const s = new SqliteStore(dir);
  stores.push(s);
  return s;
}

const NAMES = ['Vape', 'Gunshot', 'Aggression', 'Help', 'Tamper', 'Door forced', 'Motion "zone 3"', 'Ünïcode café'];

function event(store: SqliteStore, i: number, name: string, description: string): EventRecord {
  return { id: store.nextEventId(), t: 1_700_000_000_000 + i * 1000, origin: 'tcp', deviceId: 1, name, kind: 'instant', source: 'HALO', caption: name, description, args: {}, metadata: null, pairId: null };
}

describe('event text search', () => {
  it('finds exactly what a case-sensitive contains finds, short, rare, frequent and quoted words alike', () => {
    const store = open();
    const events: EventRecord[] = [];
    for (let i = 0; i < 25_000; i++) {
      const name = NAMES[i % NAMES.length]!;
      const description = i % 1000 === 7 ? `rare marker ${i}` : `room ${i % 40} on floor ${i % 3}`;
      events.push(event(store, i, name, description));
    }
    for (let i = 0; i < events.length; i += 5000) store.writeBatch({ chunks: [], events: events.slice(i, i + 5000), latest: [] });
    const contains = (text: string, limit: number): number[] => events
      .filter((e) => e.name.includes(text) || e.description.includes(text))
      .sort((a, b) => b.t - a.t || b.id - a.id).slice(0, limit).map((e) => e.id);
    const check = (): void => {
      for (const text of ['Vape', 'vape', 'ape', 'Va', 'e', 'rare marker', 'marker 23007', 'room', 'floor 2', '"zone 3"', 'zone 3"', 'café', 'nothing here', 'Gunshot', 'qz', 'Q', 'rk', 'é', 'Ü', '"', 'm', 'é ', ' 3']) {
        for (const limit of [5, 500]) {
          const got = store.events({ text, limit }).map((e) => e.id);
          expect(got, `${text} / ${limit}`).toEqual(contains(text, limit));
        }
      }
      expect(store.events({ text: 'marker', device: 2, limit: 10 })).toEqual([]);
    };
    // Not indexed yet: the newest events are scanned. Then indexed in the background, in steps.
    check();
    expect(store.textSearch.indexedUpTo).toBe(0);
    while (store.textSearch.slice(5));
    expect(store.textSearch.indexedUpTo).toBe(events[events.length - 1]!.id);
    check();
    // An event newer than the index is found by scanning the few events past it.
    store.writeBatch({ chunks: [], events: [event(store, 30_000, 'Vape', 'rare marker late')], latest: [] });
    events.push(...store.events({ text: 'rare marker late', limit: 1 }));
    check();
    // The rare word is answered from the trigram index the background indexer keeps.
    // Short text: a gram in most events is frequent and its id list is cleared; a rare one keeps its ids; an absent one has no row.
    const grams = store.textSearch.grams;
    expect(grams.indexedUpTo).toBe(events[events.length - 2]!.id);
    expect(['e', 'rk', 'é', 'qz'].map((g) => grams.lookup(g).kind)).toEqual(['frequent', 'rare', 'rare', 'absent']);
    const ids = (store as unknown as { db: { prepare(q: string): { pluck(): { get(...a: unknown[]): number } } } }).db.prepare('SELECT count(*) FROM event_gram_ids WHERE gram = ?').pluck();
    expect([ids.get('e'), grams.ids('rk').length, grams.ids('qz').length]).toEqual([0, 25, 0]);
    const indexed = (store as unknown as { db: { prepare(q: string): { get(...a: unknown[]): { n: number } } } }).db.prepare('SELECT count(*) AS n FROM events_fts WHERE events_fts MATCH ?').get('"rare marker"').n;
    expect(indexed).toBe(25);
  });

  it('keeps the index in step when events are deleted, indexed or not', () => {
    const store = open();
    store.writeBatch({ chunks: [], events: [event(store, 1, 'Gunshot', 'hall'), event(store, 2, 'Vape', 'bathroom')], latest: [] });
    while (store.textSearch.slice(5));
    expect(store.events({ text: 'Gunshot', limit: 10 })).toHaveLength(1);
    (store as unknown as { db: { exec(q: string): void } }).db.exec("DELETE FROM events WHERE name = 'Gunshot'");
    expect(store.events({ text: 'unsho', limit: 10 })).toHaveLength(0);
    expect(store.events({ text: 'Gunshot', limit: 10 })).toHaveLength(0);
    // An event deleted before it was indexed leaves nothing behind either.
    store.writeBatch({ chunks: [], events: [event(store, 3, 'Tamper', 'lobby')], latest: [] });
    (store as unknown as { db: { exec(q: string): void } }).db.exec("DELETE FROM events WHERE name = 'Tamper'");
    while (store.textSearch.slice(5));
    expect(store.events({ text: 'Tamper', limit: 10 })).toHaveLength(0);
    const check = (store as unknown as { db: { prepare(q: string): { run(): unknown } } }).db.prepare("INSERT INTO events_fts (events_fts) VALUES ('integrity-check')");
    expect(() => check.run()).not.toThrow();
  });
});
