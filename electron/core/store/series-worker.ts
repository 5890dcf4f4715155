import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { SeriesReader } from './series.js';

/** A series query, as the main thread posts it. */
export interface SeriesRequest { id: number; device: number; point: string; from: number; to: number; maxPoints: number; rawBudget: number }

const { path, checkpointMs } = workerData as { path: string; checkpointMs?: number };
// Its own read-only connection: in WAL mode it reads the last commit while the main thread writes.
const db = new Database(path, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const reader = new SeriesReader(db);

/** WAL frames (4 KiB pages) past which a checkpoint also starts the WAL over: 16 MiB. */
const RESTART_FRAMES = 4096;

if (checkpointMs) {
  // The WAL checkpoints, which the main connection no longer runs (wal_autocheckpoint = 0): copying
  // the WAL into the database and syncing it takes tens of ms of I/O, which in a commit on the main
  // thread stalls ingest and every background turn. PASSIVE never waits for, nor blocks, a writer.
  // No busy wait: a checkpoint that cannot have a lock now tries again on the next tick.
  const checkpointer = new Database(path, { fileMustExist: true, timeout: 0 });
  setInterval(() => {
    try {
      const [done] = checkpointer.pragma('wal_checkpoint(PASSIVE)') as Array<{ busy: number; log: number; checkpointed: number }>;
      // Under steady writes a passive checkpoint never catches the WAL's very end, so the WAL is
      // never started over and grows. Past RESTART_FRAMES, RESTART copies the last few frames
      // holding the write lock (a commit on the main thread may wait that ~1 ms) and lets the
      // next commit start the WAL from its beginning.
      if (done && done.log > RESTART_FRAMES) checkpointer.pragma('wal_checkpoint(RESTART)');
    } catch (err) {
      parentPort!.postMessage({ checkpointError: err instanceof Error ? err.message : String(err) });
    }
  }, checkpointMs);
}

parentPort!.on('message', (req: SeriesRequest) => {
  try {
    reader.rawBudget = req.rawBudget;
    parentPort!.postMessage({ id: req.id, result: reader.query(req.device, req.point, req.from, req.to, req.maxPoints) });
  } catch (err) {
    parentPort!.postMessage({ id: req.id, error: err instanceof Error ? err.message : String(err) });
  }
});
parentPort!.postMessage({ ready: true });
