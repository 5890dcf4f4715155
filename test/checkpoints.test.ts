import Database from 'better-sqlite3';
import { statSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import type { WatchdeskApp } from '../electron/core/app.js';
import { startApp, until } from './support/app.js';

/** Frames in the WAL and frames of it already in the database, from a connection of the test's own. */
function probe(path: string): { log: number; checkpointed: number } {
  const db = new Database(path, { fileMustExist: true });
  try {
    return (db.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number; checkpointed: number }>)[0]!;
  } finally {
    db.close();
  }
}

let app: WatchdeskApp | null = null;
afterEach(async () => { await app?.stop(); app = null; });

describe('WAL checkpoints off the main thread', () => {
  it('the main connection never checkpoints; a thread of its own copies the WAL into the database, and the series worker waits for a chart', async () => {
    app = (await startApp()).app;
    const store = app.store;
    await until('the worker took over', () => store.db.pragma('wal_autocheckpoint', { simple: true }), (pages) => pages === 0);
    const size = (): number => statSync(store.path).size;
    const before = size();
    // ~6 MB of events: only a checkpoint moves them from the WAL into the database file.
    for (let b = 0; b < 30; b++) {
      const events = Array.from({ length: 1000 }, (_, k) => ({ id: store.nextEventId(), t: Date.now(), origin: 'http' as const, deviceId: null, name: 'Door forced open', kind: 'instant' as const,
        source: 'Camera', caption: 'Door forced open', description: `Door forced open at north stair ${b * 1000 + k} ${'x'.repeat(150)}`, args: {}, metadata: null, pairId: null }));
      store.writeBatch({ chunks: [], events, latest: [] });
    }
    await until('checkpointed by its thread', size, (s) => s > before + 4_000_000);
    // The next commit after a complete checkpoint starts the WAL over: it does not grow with everything ever written.
    await until('everything checkpointed', () => probe(store.path), (p) => p.log === p.checkpointed);
    store.writeBatch({ chunks: [], events: [{ id: store.nextEventId(), t: Date.now(), origin: 'http', deviceId: null, name: 'Tamper', kind: 'instant', source: 'Camera', caption: 'Tamper', description: 'lobby', args: {}, metadata: null, pairId: null }], latest: [] });
    expect(probe(store.path).log).toBeLessThan(50);
    // No chart was opened: the series worker (and its ~30 MB) has not started.
    expect((app.series as unknown as { worker: unknown }).worker).toBeNull();
    const checkpointer = app.checkpointer;
    await app.stop();
    app = null;
    expect(checkpointer.fallback).toBeNull();
  });
});
