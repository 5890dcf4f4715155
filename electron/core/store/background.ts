/**
 * Runs background store work in turns of at most `budgetMs`, off a timer, never in the ingest
 * path. While work remains, turns come every `busyMs` (with the defaults at most a quarter of a
 * core, the event loop free between turns); when it has caught up, every `idleMs`.
 */
/** Turns skipped in a row at most while ingest is busy: work still gets a turn every ~0.2 s under constant load. */
const MAX_SKIPS = 12;

export class Turns {
  private timer: NodeJS.Timeout | null = null;
  private busy: () => boolean = () => false;
  private skipped = 0;
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
  ) {}

  /**
   * Steps until the budget is spent or nothing is left; returns whether work remains. A step is
   * taken only if it should end inside the budget, judged by the last one, so a turn does not
   * overrun by a whole step.
   */
  slice(budgetMs = this.options.budgetMs): boolean {
    const started = performance.now();
    let last = 0;
    try {
      do {
        const t = performance.now();
        if (!this.step()) return false;
        last = performance.now() - t;
      } while (performance.now() - started + last < budgetMs);
      return true;
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
      const more = this.slice();
      this.timer = setTimeout(turn, more ? this.options.busyMs : this.options.idleMs);
      this.timer.unref();
    };
    this.timer = setTimeout(turn, this.options.idleMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
  }
}
