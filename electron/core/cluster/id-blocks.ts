/**
 * Ids from a PostgreSQL sequence shared by every node, taken a block ahead: the ingest and the
 * rules name an event or an alarm synchronously, never waiting on a round trip. The next block
 * is fetched when half of this one is used.
 */
export class IdBlocks {
  private ids: number[] = [];
  private at = 0;
  private refilling: Promise<void> | null = null;
  /** Ids asked for while none were left (a burst faster than a round trip): each such call throws. */
  exhausted = 0;

  constructor(private readonly take: (count: number) => Promise<number[]>, private readonly block: number, private readonly log: (message: string) => void) {}

  get left(): number { return this.ids.length - this.at; }

  /** The first block, before anything asks (at start). */
  async fill(): Promise<void> {
    await this.refill();
  }

  next(): number {
    if (this.left <= this.block / 2) void this.refill();
    if (this.left === 0) {
      this.exhausted++;
      throw new Error('no ids left from PostgreSQL yet (the next block is on its way)');
    }
    return this.ids[this.at++]!;
  }

  private refill(): Promise<void> {
    this.refilling ??= this.take(this.block).then((more) => {
      this.ids = [...this.ids.slice(this.at), ...more];
      this.at = 0;
    }, (err: unknown) => {
      this.log(`ids could not be taken ahead from PostgreSQL: ${err instanceof Error ? err.message : String(err)}`);
    }).finally(() => { this.refilling = null; });
    return this.refilling;
  }
}
