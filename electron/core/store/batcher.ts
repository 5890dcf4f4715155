import type { EventRecord, IngestCounters } from '../../../shared/domain.js';
import type { ChunkWrite, LatestWrite, Store } from './store.js';

export interface BatcherOptions {
  /** The longest a sample waits before its transaction commits. */
  flushMs: number;
  /** Flush early when this many frames are pending, to bound memory under a burst. */
  maxFrames: number;
}

export const DEFAULT_BATCHER: BatcherOptions = { flushMs: 50, maxFrames: 20_000 };

/**
 * Gathers samples, events and latest values, and writes them in one transaction per window:
 * the per-transaction cost of SQLite is paid a few times a second, not per sample.
 */
export class Batcher {
  private chunks = new Map<number, ChunkWrite>();
  private sealed: ChunkWrite[] = [];
  private events: EventRecord[] = [];
  private dirty = new Set<number>();
  private frames = 0;
  private values = 0;
  private timer: NodeJS.Timeout | null = null;
  lastError: string | null = null;

  constructor(
    private readonly store: Store,
    private readonly counters: IngestCounters,
    private readonly latestOf: (device: number) => LatestWrite | null,
    private readonly options: BatcherOptions = DEFAULT_BATCHER,
  ) {}

  get pendingFrames(): number {
    return this.frames;
  }

  addFrame(device: number, points: readonly string[], t: number, values: Float64Array, valueCount: number): void {
    let chunk = this.chunks.get(device);
    if (chunk && chunk.points !== points) {
      // The device's type changed inside the window: its old layout closes here.
      this.sealed.push(chunk);
      chunk = undefined;
    }
    if (!chunk) {
      chunk = { device, points, times: [], values: [] };
      this.chunks.set(device, chunk);
    }
    chunk.times.push(t);
    for (let i = 0; i < values.length; i++) chunk.values.push(values[i]!);
    this.dirty.add(device);
    this.frames++;
    this.values += valueCount;
    this.arm();
    if (this.frames >= this.options.maxFrames) this.flush();
  }

  /** Latest values changed without a sample (a non-numeric reading): persist them too. */
  touch(device: number): void {
    this.dirty.add(device);
    this.arm();
  }

  /** A deleted device's samples still in the window are dropped, not written for nobody. */
  forget(device: number): void {
    const drop = [this.chunks.get(device), ...this.sealed.filter((c) => c.device === device)];
    for (const c of drop) {
      if (!c) continue;
      this.frames -= c.times.length;
      this.values -= c.values.filter((v) => v === v).length;
    }
    this.chunks.delete(device);
    this.sealed = this.sealed.filter((c) => c.device !== device);
    this.dirty.delete(device);
  }

  addEvent(event: EventRecord): void {
    this.events.push(event);
    this.arm();
  }

  private arm(): void {
    if (!this.timer) this.timer = setTimeout(() => this.flush(), this.options.flushMs);
  }

  flush(): void {
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    if (this.frames === 0 && this.events.length === 0 && this.dirty.size === 0) return;
    const chunks = [...this.sealed, ...this.chunks.values()];
    const latest: LatestWrite[] = [];
    for (const id of this.dirty) {
      const l = this.latestOf(id);
      if (l) latest.push(l);
    }
    try {
      this.store.writeBatch({ chunks, events: this.events, latest });
      this.lastError = null;
    } catch (err) {
      // Keep the batch for the next window (disk full, locked); a later success writes it all.
      this.lastError = err instanceof Error ? err.message : String(err);
      this.arm();
      return;
    }
    this.counters.storedFrames += this.frames;
    this.counters.storedValues += this.values;
    this.counters.storedEvents += this.events.length;
    this.chunks = new Map();
    this.sealed = [];
    this.events = [];
    this.dirty = new Set();
    this.frames = 0;
    this.values = 0;
  }

  stop(): void {
    this.flush();
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
  }
}
