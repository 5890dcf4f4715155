/**
 * Runs background store work in turns of at most `budgetMs`, off a timer, never in the ingest
 * path. While work remains, a turn of the full budget is followed by `busyMs` free (with the
 * defaults at most a quarter of a core, the event loop free between turns), a shorter turn by
 * as much less; when it has caught up, turns come every `idleMs`.
 */
/** Turns skipped in a row at most while ingest is busy: work still gets a turn every ~0.2 s under constant load. */
const MAX_SKIPS = 12;
/**
 * Steps remembered to judge the next one by: a step is expected to take up to twice their mean
 * (or as long as the last, if longer). The indexer's steps are of three kinds (a merge, a hundred
 * events' trigrams, their grams) from 0.1 to 3 ms: judged by the last step alone, a turn that
 * ended on a cheap one took an expensive one next, and 1 turn in 10 overran its 5 ms (p99 5.7
 * ms). Replayed over the same recorded steps, twice the mean gives p99 4.9 ms and 1 in 100 over,
 * for 27 % more turns; the longest recent step gives p99 5.05 ms, but one slow step (a GC pause,
 * a busy machine) then cuts the following turns to a single step.
 */
const RECENT = 32;

export class Turns {
  private timer: NodeJS.Timeout | null = null;
  private busy: () => boolean = () => false;
  private skipped = 0;
  /** The last RECENT steps' durations (ms), a ring. */
  private readonly recent = new Float64Array(RECENT);
  private at = 0;
  private seen = 0;
  private sum = 0;
  /** Turns given up to ingest since start. */
  yielded = 0;

  /**
   * `step` does a small piece of work (a few ms at most) and says whether more remains; `failed`
   * hears of an error (a full disk, a locked file), after which the work waits for the next turn.
   */
  constructor(
    private readonly step: () => boolean,
    private readonly failed: (error: string) => void,
    private readonly options = { idleMs: 1000, busyMs: 15, budgetMs: 5 },
    /** Milliseconds; a test's own clock. */
    private readonly clock: () => number = () => performance.now(),
  ) {}

  /**
   * Steps until the budget is spent or nothing is left; returns whether work remains. Another
   * step is taken only if it should end inside the budget, judged by the last step and the recent
   * ones (RECENT), so a turn does not overrun by a whole step. A turn takes at least one step.
   */
  slice(budgetMs = this.options.budgetMs): boolean {
    const started = this.clock();
    try {
      for (;;) {
        const t = this.clock();
        if (!this.step()) return false;
        const now = this.clock();
        const took = now - t;
        this.sum += took - this.recent[this.at]!;
        this.recent[this.at] = took;
        this.at = (this.at + 1) % RECENT;
        this.seen = Math.min(RECENT, this.seen + 1);
        if (now - started + Math.max(took, (2 * this.sum) / this.seen) >= budgetMs) return true;
      }
    } catch (err) {
      this.failed(err instanceof Error ? err.message : String(err));
      return false;
    }
  }

  /** While `busy` says so (a burst in the batcher), a turn is put off, up to MAX_SKIPS in a row. */
  yieldWhile(busy: () => boolean): void {
    this.busy = busy;
  }

  start(): void {
    if (this.timer) return;
    const turn = (): void => {
      if (this.skipped < MAX_SKIPS && this.busy()) {
        this.skipped++;
        this.yielded++;
        this.timer = setTimeout(turn, this.options.busyMs);
        this.timer.unref();
        return;
      }
      this.skipped = 0;
      const started = this.clock();
      const more = this.slice();
      // A turn that ended early (its steps judged too long to fit another) waits in proportion,
      // so the share of the event loop stays what a full turn and busyMs give, and the pace with it.
      const rest = Math.max(1, Math.min(1, (this.clock() - started) / this.options.budgetMs) * this.options.busyMs);
      this.timer = setTimeout(turn, more ? rest : this.options.idleMs);
      this.timer.unref();
    };
    this.timer = setTimeout(turn, this.options.idleMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
  }
}
