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

if (checkpointMs) {
  // The WAL checkpoints, which the main connection no longer runs (wal_autocheckpoint = 0): copying
  // the WAL into the database and syncing it takes tens of ms of I/O, which in a commit on the main
  // thread stalls ingest and every background turn. PASSIVE never waits for, nor blocks, a writer.
  const checkpointer = new Database(path, { fileMustExist: true });
  setInterval(() => {
    try {
      checkpointer.pragma('wal_checkpoint(PASSIVE)');
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
