/**
 * Runs background store work in turns of at most `budgetMs`, off a timer, never in the ingest
 * path. While work remains, turns come every `busyMs` (with the defaults at most a quarter of a
 * core, the event loop free between turns); when it has caught up, every `idleMs`.
 */
export class Turns {
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly work: (budgetMs: number) => boolean,
    private readonly options = { idleMs: 1000, busyMs: 15, budgetMs: 5 },
  ) {}

  start(): void {
    if (this.timer) return;
    const turn = (): void => {
      const more = this.work(this.options.budgetMs);
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
