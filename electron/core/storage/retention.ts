import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { RetentionChangeSchema, RetentionSchema, type HousekeepingReport, type Retention } from '../../../shared/storage/settings.js';
import { parseOrThrow } from '../config.js';
import { Pruner } from '../store/housekeeping.js';
import { runSliced, type SliceStats, type Step } from '../store/slices.js';
import type { SqliteStore } from '../store/sqlite-store.js';

const KEY = 'retention';
const DAY = 86_400_000;
/** Deleted devices' samples are looked for this often; the whole of retention runs every `everyMs`. */
const TICK_MS = 10_000;

/** Another class's pruning (the 1-minute rollups): a step that deletes what is older than `cutoff`. */
export type RetentionTask = (cutoff: number) => Step;

export interface RetentionOptions {
  /** How often retention runs in full. */
  everyMs: number;
  clock?: () => number;
  log: (message: string) => void;
}

/**
 * Per-class retention and the background housekeeping that applies it. Everything runs in
 * slices of at most 5 ms with the event loop free between them, so ingest never waits for it.
 */
export class RetentionService {
  readonly pruner: Pruner;
  private readonly tasks = new Map<string, { days: (r: Retention) => number; task: RetentionTask }>();
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<HousekeepingReport> | null = null;
  private stopping = false;
  private lastFull = 0;
  last: HousekeepingReport | null = null;
  /** With `--database`: the site's raw samples in PostgreSQL (whole day partitions), pruned by the node running retention. */
  shared: ((cutoff: number) => Promise<void>) | null = null;

  constructor(private readonly store: SqliteStore, private readonly dataDir: string, private readonly options: RetentionOptions) {
    this.pruner = new Pruner(store.db);
    // Sliced deletes commit often; the WAL file is cut back after checkpoints instead of staying at its largest.
    store.db.pragma('journal_size_limit = 67108864');
  }

  private now(): number {
    return (this.options.clock ?? Date.now)();
  }

  get settings(): Retention {
    const raw = this.store.getSetting(KEY);
    return RetentionSchema.parse(raw ? JSON.parse(raw) : {});
  }

  view(): Retention & { housekeeping: HousekeepingReport | null } {
    return { ...this.settings, housekeeping: this.last };
  }

  update(input: unknown, actor: string): Retention {
    const change = parseOrThrow(RetentionChangeSchema, input, 'Retention');
    const before = this.settings;
    const after = RetentionSchema.parse({ ...before, ...change });
    this.store.setSetting(KEY, JSON.stringify(after));
    this.store.audit({ actor, action: 'retention.update', target: 'retention', before, after });
    return after;
  }

  /** Registers another class (rollups: `r => r.rollupsDays`). */
  addTask(name: string, days: (r: Retention) => number, task: RetentionTask): void {
    this.tasks.set(name, { days, task });
  }

  start(): void {
    this.lastFull = this.now() - this.options.everyMs + Math.min(this.options.everyMs, 60_000);
    this.timer = setInterval(() => this.tick(), Math.min(TICK_MS, this.options.everyMs));
    this.timer.unref();
  }

  private tick(): void {
    if (this.running) return;
    const full = this.now() - this.lastFull >= this.options.everyMs;
    if (full || this.pruner.pendingPurges() > 0) void this.run(full);
  }

  /** Runs housekeeping now (in slices); a run already going is joined, not doubled. */
  runNow(): Promise<HousekeepingReport> {
    return this.run(true);
  }

  private run(full: boolean): Promise<HousekeepingReport> {
    this.running ??= this.pass(full).finally(() => { this.running = null; });
    return this.running;
  }

  private async pass(full: boolean): Promise<HousekeepingReport> {
    const started = performance.now();
    const at = this.now();
    const r = this.settings;
    const deleted: Record<string, number> = {};
    const stats: SliceStats = { units: 0, slices: 0, maxSliceMs: 0, durations: [], cpuDurations: [] };
    let auditExport: string | null = null;
    let error: string | null = null;
    const step = async (name: string, s: Step): Promise<void> => {
      const before = stats.units;
      await runSliced(s, stats, () => this.stopping);
      deleted[name] = (deleted[name] ?? 0) + stats.units - before;
    };
    try {
      await step('devicePurges', this.pruner.devicePurges());
      if (full) {
        this.lastFull = at;
        await step('samples', this.pruner.samplesBefore(at - r.rawSamplesDays * DAY));
        await step('rollups', this.pruner.rollupsBefore(at - r.rollupsDays * DAY));
        await step('events', this.pruner.eventsBefore(at - r.eventsDays * DAY));
        await step('alarmHistory', this.pruner.alarmHistoryBefore(at - r.alarmHistoryDays * DAY));
        for (const [name, t] of this.tasks) await step(name, t.task(at - t.days(r) * DAY));
        await this.shared?.(at - r.rawSamplesDays * DAY);
        if (r.auditDays !== null) auditExport = await this.pruneAudit(at - r.auditDays * DAY, stats, deleted);
      }
      await step('vacuumPages', this.pruner.vacuum());
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
      this.options.log(`housekeeping stopped: ${error}`);
    }
    const median = (xs: number[] = []): number => { const s = [...xs].sort((x, y) => x - y); return s.length ? s[Math.floor(s.length / 2)]! : 0; };
    this.last = { at, ms: performance.now() - started, deleted, maxSliceMs: stats.maxSliceMs, medianSliceMs: median(stats.durations), medianSliceCpuMs: median(stats.cpuDurations), slices: stats.slices, auditExport, error };
    return this.last;
  }

  /** Export first, then delete, then say so in the audit itself: the kept chain verifies from its new start. */
  private async pruneAudit(cutoff: number, stats: SliceStats, deleted: Record<string, number>): Promise<string | null> {
    const range = this.pruner.auditPrunableUpTo(cutoff);
    if (!range) return null;
    const folder = join(this.dataDir, 'audit-archive');
    mkdirSync(folder, { recursive: true });
    const file = join(folder, `audit-${range.from}-${range.to}-${new Date(this.now()).toISOString().replace(/[:.]/g, '-')}.jsonl`);
    const exported = await runSliced(this.pruner.exportAudit(file, range.from - 1, range.to), undefined, () => this.stopping);
    if (exported.units !== range.to - range.from + 1) return null;
    const before = stats.units;
    await runSliced(this.pruner.pruneAudit(range.from, range.to), stats, () => this.stopping);
    deleted.audit = stats.units - before;
    this.store.audit({ actor: 'system', action: 'audit.prune', target: 'audit', after: { from: range.from, to: range.to, rows: deleted.audit, file, base: JSON.parse(this.store.getSetting('auditBase') ?? 'null') as unknown } });
    return file;
  }

  /** The disk guard: at most `max` of the oldest raw sample rows older than `before`, whatever retention says. */
  async pruneOldestSamples(before: number, max: number): Promise<number> {
    const step = this.pruner.samplesBefore(before);
    let deleted = 0;
    // Asking for fewer rows than the slice would is what ends it at the budget.
    await runSliced((limit) => {
      const want = Math.min(limit, max - deleted);
      if (want <= 0) return 0;
      const n = step(want);
      deleted += n;
      return n === limit ? n : 0;
    }, undefined, () => this.stopping);
    await runSliced(this.pruner.vacuum(), undefined, () => this.stopping);
    return deleted;
  }

  async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }
}
