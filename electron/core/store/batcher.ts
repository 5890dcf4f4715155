import type { EventRecord, IngestCounters } from '../../../shared/domain.js';
import type { Batch, ChunkWrite, LatestWrite, Store } from './store.js';

export interface BatcherOptions {
  /** The longest a sample waits before its transaction commits. */
  flushMs: number;
  /** Flush early when this many frames are pending, to bound memory under a burst. */
  maxFrames: number;
}

export const DEFAULT_BATCHER: BatcherOptions = { flushMs: 50, maxFrames: 20_000 };

/** After a failed write: wait 250 ms, doubling to at most 5 s, instead of retrying on every frame. */
const BACKOFF_MIN_MS = 250;
const BACKOFF_MAX_MS = 5000;
/** Events held while writes fail; past it they are counted and dropped. */
const MAX_PENDING_EVENTS = 50_000;

export interface StoreHealth {
  /** The first failure of a run of them, and the success that ends it. */
  failed(error: string): void;
  recovered(): void;
}

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
  /** Cleared by the disk guard below its critical level: samples are refused (and counted); latest values and events still go. */
  acceptSamples = true;
  health: StoreHealth | null = null;
  private failures = 0;
  private retryAt = 0;
  /**
   * With `--database`: each window is written to PostgreSQL first, awaited, one at a time; then
   * into the local data folder too (this node's charts and event lists read it). Null: SQLite only.
   */
  sink: ((batch: Batch) => Promise<void>) | null = null;
  private inFlight: Promise<void> | null = null;

  constructor(
    private readonly store: Store,
    private readonly counters: IngestCounters,
    private readonly latestOf: (device: number) => LatestWrite | null,
    private readonly options: BatcherOptions = DEFAULT_BATCHER,
  ) {}

  get pendingFrames(): number {
    return this.frames;
  }

  get pendingEvents(): number {
    return this.events.length;
  }

  addFrame(device: number, points: readonly string[], t: number, values: Float64Array, valueCount: number): void {
    if (!this.acceptSamples || (this.failures > 0 && this.frames >= this.options.maxFrames)) {
      // Memory held for unwritten samples is bounded; what does not fit is counted, never silent.
      if (this.acceptSamples) this.counters.droppedFrames++;
      else this.counters.refusedFrames++;
      this.touch(device);
      return;
    }
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
    if (this.frames >= this.options.maxFrames && this.failures === 0) this.flush();
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
    if (this.events.length >= MAX_PENDING_EVENTS) {
      this.counters.droppedEvents++;
      return;
    }
    this.events.push(event);
    this.arm();
  }

  private arm(): void {
    if (!this.timer) this.timer = setTimeout(() => this.flush(), Math.max(this.options.flushMs, this.retryAt - Date.now()));
  }

  /** Writes what is pending, unless a failed write's back-off is still running (`force`: at shutdown). */
  flush(force = false): void {
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    if (this.failures > 0 && !force && Date.now() < this.retryAt) {
      this.arm();
      return;
    }
    if (this.frames === 0 && this.events.length === 0 && this.dirty.size === 0) return;
    const chunks = [...this.sealed, ...this.chunks.values()];
    const latest: LatestWrite[] = [];
    for (const id of this.dirty) {
      const l = this.latestOf(id);
      if (l) latest.push(l);
    }
    if (this.sink) {
      this.send(this.sink, { chunks, events: this.events, latest });
      return;
    }
    try {
      this.store.writeBatch({ chunks, events: this.events, latest });
      this.lastError = null;
    } catch (err) {
      this.failed(err);
      return;
    }
    this.succeeded(this.frames, this.values, this.events.length);
    this.startWindow();
  }

  /** Empty accumulators for the next window. */
  private startWindow(): void {
    this.chunks = new Map();
    this.sealed = [];
    this.events = [];
    this.dirty = new Set();
    this.frames = 0;
    this.values = 0;
  }

  private failed(err: unknown): void {
    // Keep the batch for a later window (disk full, locked); a later success writes it all.
    this.lastError = err instanceof Error ? err.message : String(err);
    this.counters.storeErrors++;
    if (this.failures++ === 0) this.health?.failed(this.lastError);
    this.retryAt = Date.now() + Math.min(BACKOFF_MAX_MS, BACKOFF_MIN_MS * 2 ** (this.failures - 1));
    this.arm();
  }

  private succeeded(frames: number, values: number, events: number): void {
    this.lastError = null;
    if (this.failures > 0) {
      this.failures = 0;
      this.retryAt = 0;
      this.health?.recovered();
    }
    this.counters.storedFrames += frames;
    this.counters.storedValues += values;
    this.counters.storedEvents += events;
  }

  /**
   * The window leaves the accumulators at once (frames keep arriving while PostgreSQL answers);
   * a failed write puts it back in front of them, so a later window writes it: nothing is lost,
   * and memory stays bounded by maxFrames as on SQLite.
   */
  private send(sink: (batch: Batch) => Promise<void>, batch: Batch): void {
    if (this.inFlight) { this.arm(); return; }
    const { frames, values, dirty } = this;
    this.startWindow();
    this.inFlight = sink(batch).then(() => {
      try {
        this.store.writeBatch(batch);
      } catch (err) {
        // The shared copy is the durable one; a local miss only thins this node's own charts.
        this.counters.storeErrors++;
        this.lastError = `local copy: ${err instanceof Error ? err.message : String(err)}`;
      }
      this.succeeded(frames, values, batch.events.length);
    }, (err: unknown) => {
      this.sealed = [...batch.chunks, ...this.sealed];
      this.events = [...batch.events, ...this.events];
      for (const d of dirty) this.dirty.add(d);
      this.frames += frames;
      this.values += values;
      this.failed(err);
    }).finally(() => { this.inFlight = null; });
  }

  /** Everything pending written to the sink, or its last attempt failed (at shutdown, with `--database`). */
  async drain(): Promise<void> {
    await this.inFlight;
    if (this.frames === 0 && this.events.length === 0 && this.dirty.size === 0) return;
    this.flush(true);
    await this.inFlight;
  }

  /** A last write; says what could not be stored (0 frames and 0 events when all is on disk). */
  stop(): { frames: number; events: number; error: string | null } {
    this.flush(true);
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    return { frames: this.frames, events: this.events.length, error: this.frames || this.events.length ? this.lastError : null };
  }
}
