import { Worker } from 'node:worker_threads';
import { afterEach, describe, expect, it } from 'vitest';
import { SqliteStore } from '../electron/core/store/sqlite-store.js';
import { tempDir } from './support/app.js';

let store: SqliteStore | null = null;
afterEach(() => { store?.close(); store = null; });

/**
 * Another connection holds the write lock for a moment, as the checkpoint thread's RESTART does.
 * A transaction that reads before it writes must wait for it like any writer: SQLite never calls
 * the busy handler for a read transaction's upgrade to a write, so a deferred BEGIN failed at
 * once with "database is locked" (seen as a 500 on a 1,000-rule import).
 */
function holdWriteLock(path: string, ms: number): Promise<{ held: Promise<void>; done: Promise<void> }> {
  const worker = new Worker(`
    const { parentPort, workerData } = require('node:worker_threads');
    const Database = require(${JSON.stringify(require.resolve('better-sqlite3'))});
    const db = new Database(workerData.path);
    db.exec('BEGIN IMMEDIATE');
    parentPort.postMessage('held');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, workerData.ms);
    db.exec('COMMIT');
    db.close();
    parentPort.postMessage('released');
  `, { eval: true, workerData: { path, ms } });
  let held!: () => void;
  let done!: () => void;
  const result = { held: new Promise<void>((r) => { held = r; }), done: new Promise<void>((r) => { done = r; }) };
  worker.on('message', (m) => (m === 'held' ? held() : done()));
  return Promise.resolve(result);
}

describe('writes while another connection holds the write lock', () => {
  it('a transaction that reads first waits for the lock instead of failing', async () => {
    store = new SqliteStore(tempDir());
    const lock = await holdWriteLock(store.path, 300);
    await lock.held;
    // saveRule reads the last version, then inserts: a read that becomes a write.
    expect(store.saveRule('r1', { id: 'r1' }, 'admin')).toBe(1);
    await lock.done;
    expect(store.ruleVersions('r1')).toHaveLength(1);
  });
});
