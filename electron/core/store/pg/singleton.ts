import { createHash } from 'node:crypto';
import pg from 'pg';
import { clientConfig } from './pool.js';

/** Advisory lock namespace of singleton leases ("WDL"), apart from the store's own locks. */
export const LEASE_NAMESPACE = 0x57444c;

/** The singletons of a site, by lease name. */
export const SINGLETONS = {
  shelving: 'shelving-timers',
  offlineSweep: 'offline-sweep',
  retention: 'retention',
  /** Each security-system connection has its own: different connections may run on different nodes. */
  siteConnection: (id: string): string => `site-connection:${id}`,
} as const;

/** A stable 32-bit key for a singleton's name: "retention", "site-connection:abc", … */
export function leaseKey(name: string): number {
  return createHash('sha256').update(name).digest().readInt32BE(0);
}

export interface LeaseOptions {
  url: string;
  /** What the lease guards: one name, one holder across every node. */
  name: string;
  onAcquire(): void;
  onLose(): void;
  /** How often a node that does not hold it tries, and the holder checks its connection. */
  intervalMs?: number;
}

/**
 * Exactly one node runs a singleton (shelving timers, offline sweeps, retention, a security-system
 * connection): the one whose connection holds a session advisory lock. PostgreSQL releases the
 * lock the moment that connection ends (the node crashed, or its backend was killed), and the
 * others, trying every interval, take it over within one interval plus a round trip. The holder
 * checks its own connection at the same pace and stops the work as soon as it is gone.
 */
export class SingletonLease {
  private client: pg.Client | null = null;
  private timer: NodeJS.Timeout | null = null;
  private holding = false;
  private busy = false;
  private stopped = true;
  readonly key: number;
  /** Tries that found the lease held elsewhere. */
  refused = 0;
  lastError: string | null = null;

  constructor(private readonly options: LeaseOptions) {
    this.key = leaseKey(options.name);
  }

  get held(): boolean { return this.holding; }

  get backendPid(): number | null {
    return (this.client as unknown as { processID?: number } | null)?.processID ?? null;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    void this.tick();
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs ?? 1000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const c = this.client;
    this.client = null;
    if (this.holding) {
      await c?.query('SELECT pg_advisory_unlock($1, $2)', [LEASE_NAMESPACE, this.key]).catch(() => undefined);
      this.release();
    }
    await c?.end().catch(() => undefined);
  }

  private release(): void {
    if (!this.holding) return;
    this.holding = false;
    this.options.onLose();
  }

  private drop(c: pg.Client, err: Error): void {
    if (this.client !== c) return;
    this.client = null;
    this.lastError = err.message;
    c.end().catch(() => undefined);
    // The lock went with the connection: stop the work before anyone else starts it.
    this.release();
  }

  private async tick(): Promise<void> {
    if (this.busy || this.stopped) return;
    this.busy = true;
    try {
      if (!this.client) {
        const c = new pg.Client({ ...clientConfig(this.options.url), keepAlive: true, connectionTimeoutMillis: 2000 });
        c.on('error', (err) => this.drop(c, err));
        c.on('end', () => this.drop(c, new Error('connection ended')));
        this.client = c;
        try {
          await c.connect();
        } catch (err) {
          this.drop(c, err as Error);
          return;
        }
      }
      const c = this.client;
      try {
        if (this.holding) {
          await c.query('SELECT 1');
        } else {
          const r = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1, $2) AS ok', [LEASE_NAMESPACE, this.key]);
          if (r.rows[0]?.ok && !this.stopped && this.client === c) {
            this.holding = true;
            this.options.onAcquire();
          } else {
            this.refused++;
          }
        }
      } catch (err) {
        this.drop(c, err as Error);
      }
    } finally {
      this.busy = false;
    }
  }
}
