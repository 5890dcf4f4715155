import Database from 'better-sqlite3';
import { parentPort, workerData } from 'node:worker_threads';
import { SeriesReader } from './series.js';

/** A series query, as the main thread posts it. */
export interface SeriesRequest { id: number; device: number; point: string; from: number; to: number; maxPoints: number; rawBudget: number }

const { path } = workerData as { path: string };
// Its own read-only connection: in WAL mode it reads the last commit while the main thread writes.
const db = new Database(path, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const reader = new SeriesReader(db);

parentPort!.on('message', (req: SeriesRequest) => {
  try {
    reader.rawBudget = req.rawBudget;
    parentPort!.postMessage({ id: req.id, result: reader.query(req.device, req.point, req.from, req.to, req.maxPoints) });
  } catch (err) {
    parentPort!.postMessage({ id: req.id, error: err instanceof Error ? err.message : String(err) });
  }
});
parentPort!.postMessage({ ready: true });
