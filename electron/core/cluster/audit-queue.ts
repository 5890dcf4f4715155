import type { AsyncStore } from '../store/async-store.js';
import type { AuditEntry } from '../store/store.js';

const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5000;

/**
 * The audit trail's appends to the site's chain in PostgreSQL, in the order this node made them.
 * Callers stay synchronous; an append PostgreSQL cannot take now waits in memory and is retried
 * (doubling to 5 s), so a database outage delays entries and never drops one.
 */
export class AuditQueue {
  private readonly pending: AuditEntry[] = [];
  private running: Promise<void> | null = null;
  failures = 0;
  lastError: string | null = null;

  constructor(private readonly store: AsyncStore, private readonly log: (message: string) => void) {}

  get waiting(): number { return this.pending.length; }

  push(entry: AuditEntry): void {
    this.pending.push(entry);
    this.running ??= this.run().finally(() => { this.running = null; });
  }

  private async run(): Promise<void> {
    let attempt = 0;
    while (this.pending.length > 0) {
      try {
        await this.store.audit(this.pending[0]!);
        this.pending.shift();
        attempt = 0;
      } catch (err) {
        this.failures++;
        this.lastError = err instanceof Error ? err.message : String(err);
        if (attempt === 0) this.log(`audit entries wait for PostgreSQL (${this.pending.length}): ${this.lastError}`);
        await new Promise((r) => setTimeout(r, Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** attempt++)));
      }
    }
  }

  /** Every entry pushed so far is in the chain. */
  async drain(): Promise<void> {
    while (this.running) await this.running;
  }
}
