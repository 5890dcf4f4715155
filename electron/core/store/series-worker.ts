import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { RESTART_FRAMES } from './checkpointer.js';
import { SeriesReader } from './series.js';

/** A series query, as the main thread posts it. */
export interface SeriesRequest { id: number; device: number; point: string; from: number; to: number; maxPoints: number; rawBudget: number }

const { path, checkpointEveryMs } = workerData as { path: string; checkpointEveryMs?: number };
// Its own read-only connection: in WAL mode it reads the last commit while the main thread writes.
const db = new Database(path, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const reader = new SeriesReader(db);

if (checkpointEveryMs) {
  // The checkpoint thread's loop (checkpointer.ts), taken over once a chart has started this
  // worker, so that one thread, not two, runs beside the main one. A read-only connection cannot
  // checkpoint: a second one, which never waits for a lock (a checkpoint that cannot have one
  // tries again on the next tick).
  const writer = new Database(path, { fileMustExist: true, timeout: 0 });
  let logged = false;
  setInterval(() => {
    try {
      const [done] = writer.pragma('wal_checkpoint(PASSIVE)') as Array<{ log: number }>;
      if (done && done.log > RESTART_FRAMES) writer.pragma('wal_checkpoint(RESTART)');
    } catch (err) {
      if (!logged) parentPort!.postMessage({ checkpointError: err instanceof Error ? err.message : String(err) });
      logged = true;
    }
  }, checkpointEveryMs);
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
