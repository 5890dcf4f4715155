import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';

/** WAL frames (4 KiB pages) past which a checkpoint also starts the WAL over: 16 MiB. */
const RESTART_FRAMES = 4096;

// Plain JavaScript, run as is (no TypeScript loader): the thread costs ~18 MB, not the ~30 MB of
// the series worker, which starts only once someone opens a chart.
// PASSIVE never waits for, nor blocks, a writer; a checkpoint that cannot have a lock now tries
// again on the next tick. Under steady writes a passive checkpoint never catches the WAL's very
// end, so past RESTART_FRAMES, RESTART copies the last few frames holding the write lock (a
// commit on the main thread may wait that ~1 ms) and lets the next commit start the WAL over.
const LOOP = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.sqlite);
const db = new Database(workerData.path, { fileMustExist: true, timeout: 0, ...workerData.options });
setInterval(() => {
  try {
    const [done] = db.pragma('wal_checkpoint(PASSIVE)');
    if (done && done.log > ${RESTART_FRAMES}) db.pragma('wal_checkpoint(RESTART)');
  } catch (err) {
    parentPort.postMessage({ checkpointError: err instanceof Error ? err.message : String(err) });
  }
}, workerData.everyMs);
parentPort.postMessage({ ready: true });
`;

/**
 * WAL checkpoints on a thread of their own. Copying the WAL into the database and syncing it
 * takes tens of ms of I/O, which in a commit on the main thread stalls ingest and every
 * background turn; so the main connection stops checkpointing (wal_autocheckpoint = 0) while
 * this thread runs. Where it cannot run, or once it has died, the main connection checkpoints
 * as before (SQLite's default of 1,000 pages).
 */
export class WalCheckpointer {
  private worker: Worker | null = null;
  private errorLogged = false;
  private closed = false;
  /** Why the main connection checkpoints itself, when it does. */
  fallback: string | null = null;

  constructor(
    private readonly path: string,
    private readonly autoCheckpoint: (pages: number) => void,
    private readonly options: { nativeBinding?: string } = {},
    private readonly log: (line: string) => void = () => undefined,
  ) {}

  start(everyMs = 1000): Promise<boolean> {
    return new Promise<boolean>((resolve) => {
      let worker: Worker;
      try {
        const sqlite = createRequire(import.meta.url).resolve('better-sqlite3');
        worker = new Worker(LOOP, { eval: true, workerData: { sqlite, path: this.path, everyMs, options: this.options } });
      } catch (err) {
        resolve(this.onMain(err));
        return;
      }
      worker.unref();
      worker.on('message', (m: { ready?: boolean; checkpointError?: string }) => {
        if (m.ready) {
          if (this.closed) { void worker.terminate(); resolve(false); return; }
          this.worker = worker;
          this.autoCheckpoint(0);
          resolve(true);
          return;
        }
        if (m.checkpointError !== undefined && !this.errorLogged) {
          this.errorLogged = true;
          this.log(`WAL checkpoint failed (logged once): ${m.checkpointError}`);
        }
      });
      worker.on('error', (err) => { if (!this.worker) resolve(this.onMain(err)); });
      worker.on('exit', () => {
        if (this.worker !== worker) return;
        this.worker = null;
        if (!this.closed) this.onMain(new Error('the checkpoint thread exited'));
      });
    });
  }

  private onMain(err: unknown): boolean {
    this.fallback = err instanceof Error ? err.message : String(err);
    this.log(`WAL checkpoints run on the main thread: ${this.fallback}`);
    this.autoCheckpoint(1000);
    return false;
  }

  async close(): Promise<void> {
    this.closed = true;
    const w = this.worker;
    this.worker = null;
    if (w) {
      await w.terminate();
      this.autoCheckpoint(1000);
    }
  }
}
