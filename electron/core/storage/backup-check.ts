import { Worker } from 'node:worker_threads';
import { checkBackup } from './restore.js';

/**
 * `checkBackup` in a worker thread. Its integrity_check reads the whole file, minutes for a
 * large backup, and in the desktop app the core shares the main thread: ingest, the API and
 * the stream must not wait for it. Where a worker cannot start, the check runs here and
 * `onFallback` says why.
 */
export function checkBackupOffThread(file: string, onFallback: (why: string) => void = () => undefined): Promise<string | null> {
  const inThread = (err: unknown): string | null => {
    onFallback(err instanceof Error ? err.message : String(err));
    return checkBackup(file);
  };
  return new Promise((resolve) => {
    const here = import.meta.url;
    const entry = new URL(here.endsWith('.ts') ? './backup-check-worker.ts' : './backup-check-worker.js', here);
    let worker: Worker;
    try {
      // From sources (tsx, tests) the worker registers the TypeScript loader first; built, it is plain JS.
      worker = entry.pathname.endsWith('.ts')
        ? new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`, { eval: true, workerData: { file } })
        : new Worker(entry, { workerData: { file } });
    } catch (err) {
      resolve(inThread(err));
      return;
    }
    let answered = false;
    worker.once('message', (m: { refused: string | null }) => { answered = true; resolve(m.refused); });
    worker.once('error', (err) => { if (!answered) { answered = true; resolve(inThread(err)); } });
    worker.once('exit', (code) => { if (!answered) { answered = true; resolve(inThread(new Error(`the check worker exited with ${code}`))); } });
  });
}
