/** A check that runs once at start and then every `everyMs`, without keeping the process alive. */
export class Periodic {
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly run: () => void, private readonly everyMs: number) {}

  start(): void {
    if (this.timer) return;
    this.run();
    this.timer = setInterval(this.run, this.everyMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) { clearInterval(this.timer); this.timer = null; }
  }
}
