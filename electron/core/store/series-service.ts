import { Worker } from 'node:worker_threads';
import type { SeriesReader, SeriesResult } from './series.js';
import type { SeriesRequest } from './series-worker.js';

type Reply = { id: number; result?: SeriesResult; error?: string; ready?: boolean };

/**
 * Series queries off the main thread: a worker with its own read-only connection answers them,
 * so ten long charts at once do not hold up ingest, `/health` or other clients. Where a worker
 * cannot start (a test runner without a TypeScript loader in workers), the same reader answers
 * in this thread, and `fallback` says why.
 */
export class SeriesService {
  private worker: Worker | null = null;
  private readonly pending = new Map<number, { resolve: (r: SeriesResult) => void; reject: (e: Error) => void }>();
  private seq = 0;
  private ready: Promise<boolean> | null = null;
  fallback: string | null = null;

  private closed = false;

  constructor(private readonly path: string, private readonly local: SeriesReader, private readonly log: (line: string) => void = () => undefined) {}

  query(device: number, point: string, from: number, to: number, maxPoints: number): Promise<SeriesResult> {
    return this.start().then((ok) => {
      if (!ok || !this.worker) return this.local.query(device, point, from, to, maxPoints);
      const id = ++this.seq;
      const req: SeriesRequest = { id, device, point, from, to, maxPoints, rawBudget: this.local.rawBudget };
      return new Promise<SeriesResult>((resolve, reject) => {
        this.pending.set(id, { resolve, reject });
        this.worker!.postMessage(req);
      });
    });
  }

  private start(): Promise<boolean> {
    if (this.closed) return Promise.resolve(false);
    this.ready ??= new Promise<boolean>((resolve) => {
      const here = import.meta.url;
      const entry = new URL(here.endsWith('.ts') ? './series-worker.ts' : './series-worker.js', here);
      const workerData = { path: this.path };
      let worker: Worker;
      try {
        // From sources (tsx, tests) the worker registers the TypeScript loader first; built, it is plain JS.
        worker = entry.pathname.endsWith('.ts')
          ? new Worker(`import('tsx/esm/api').then((m) => { m.register(); return import(${JSON.stringify(entry.href)}); });`, { eval: true, workerData })
          : new Worker(entry, { workerData });
      } catch (err) {
        resolve(this.inProcess(err));
        return;
      }
      worker.unref();
      worker.on('message', (m: Reply) => {
        if (m.ready) {
          // Closed while the worker was starting: it has nothing to do.
          if (this.closed) { void worker.terminate(); resolve(false); return; }
          this.worker = worker;
          resolve(true);
          return;
        }
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if (m.error !== undefined) p.reject(new Error(m.error)); else p.resolve(m.result!);
      });
      worker.on('error', (err) => {
        if (!this.worker) { resolve(this.inProcess(err)); return; }
        this.failAll(err);
      });
      worker.on('exit', (code) => {
        if (this.worker !== worker) return;
        // A worker that died is replaced on the next query; what it held fails now.
        this.worker = null;
        this.ready = null;
        this.failAll(new Error(`the series worker exited with ${code}`));
      });
    });
    return this.ready;
  }

  private inProcess(err: unknown): boolean {
    this.fallback = err instanceof Error ? err.message : String(err);
    this.log(`series queries run on the main thread: ${this.fallback}`);
    return false;
  }

  private failAll(err: Error): void {
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  async close(): Promise<void> {
    this.closed = true;
    const w = this.worker;
    this.worker = null;
    this.failAll(new Error('the store is closing'));
    if (w) await w.terminate();
  }
}
