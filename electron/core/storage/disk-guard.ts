import { statfsSync } from 'node:fs';
import type { Batcher } from '../store/batcher.js';
import type { SystemAlarms } from '../health/system-alarms.js';
import type { RetentionService } from './retention.js';
import { Periodic } from '../periodic.js';

export interface DiskGuardOptions {
  /** Below this much free space: a priority-1 alarm, and the oldest raw samples are deleted. */
  warnBytes: number;
  /** Below this: no more samples are stored (counted as refused); alarms, events and audit still are. */
  criticalBytes: number;
  everyMs: number;
}

export type DiskState = 'ok' | 'low' | 'critical';

/** The disk guard never deletes raw samples younger than this: the last day is what operators look at. */
const KEEP_NEWEST_MS = 24 * 3600 * 1000;
/** Each check deletes at most this share of the raw sample rows before looking again. */
const PRUNE_SHARE = 0.01;

/** Watches free space in the data folder's file system. */
export class DiskGuard {
  state: DiskState = 'ok';
  freeBytes: number | null = null;
  error: string | null = null;
  /** Raw sample rows deleted to make room, since start. */
  prunedChunks = 0;
  private readonly periodic: Periodic;
  private pruning = false;

  constructor(
    private readonly dataDir: string,
    readonly options: DiskGuardOptions,
    private readonly deps: { batcher: Batcher; retention: RetentionService; alarms: SystemAlarms; log: (m: string) => void },
  ) {
    this.periodic = new Periodic(() => { this.check(); }, this.options.everyMs);
  }

  start(): void {
    this.periodic.start();
  }

  stop(): void {
    this.periodic.stop();
  }

  private free(): number {
    const s = statfsSync(this.dataDir);
    return s.bavail * s.bsize;
  }

  check(): DiskState {
    let free: number;
    try {
      free = this.free();
      this.error = null;
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
      return this.state;
    }
    this.freeBytes = free;
    const { warnBytes, criticalBytes } = this.options;
    const before = this.state;
    // Back to storing samples only with some room: no flapping at the line.
    const critical = free < criticalBytes || (before === 'critical' && free < criticalBytes * 1.25);
    this.state = critical ? 'critical' : free < warnBytes ? 'low' : 'ok';
    this.deps.batcher.acceptSamples = !critical;
    if (this.state !== before) this.deps.log(`data folder disk: ${this.state} (${Math.round(free / 1048576)} MiB free)`);
    if (this.state === 'ok') {
      if (before !== 'ok') this.deps.alarms.clear('disk-low', 'disk');
      return this.state;
    }
    this.deps.alarms.raise('disk-low', 'disk', `Data folder: ${Math.round(free / 1048576)} MiB free`, free);
    void this.prune();
    return this.state;
  }

  /** The oldest raw samples first, a bounded share per check, never the last day's. */
  private async prune(): Promise<void> {
    if (this.pruning) return;
    this.pruning = true;
    try {
      const total = this.deps.retention.pruner.countSamples();
      const deleted = await this.deps.retention.pruneOldestSamples(Date.now() - KEEP_NEWEST_MS, Math.max(1, Math.ceil(total * PRUNE_SHARE)));
      this.prunedChunks += deleted;
      if (deleted) this.deps.log(`disk low: deleted the ${deleted} oldest sample chunks`);
    } catch (err) {
      this.deps.log(`disk low: pruning failed: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      this.pruning = false;
    }
  }
}
