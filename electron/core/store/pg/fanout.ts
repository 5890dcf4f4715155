import pg from 'pg';
import { z } from 'zod';
import { clientConfig } from './pool.js';

/**
 * Fan-out between the nodes of a site through PostgreSQL LISTEN/NOTIFY. A notification carries
 * ids or a small batch, never a whole object: the payload limit is 8000 bytes, so a long list is
 * split over several notifications, sent in one statement and so committed and delivered in
 * order. NOTIFY is not durable: a listener that was disconnected may have missed some, so after
 * each reconnect it calls `onReconnect`, where a node reloads what it shows from the tables.
 */

/** Below PostgreSQL's 8000-byte limit, with room for the envelope. */
export const PAYLOAD_LIMIT = 7900;

const EnvelopeSchema = z.object({
  /** The sending node, so a node can skip what it sent itself. */
  n: z.string(),
  /** What the items are: "alarm", "device", "event", … */
  k: z.string(),
  i: z.array(z.unknown()),
  /** When it was sent (ms), for latency figures. */
  s: z.number(),
});

export type Envelope = z.infer<typeof EnvelopeSchema>;

const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/** Splits `items` into payloads of at most `limit` bytes each, in order. */
export function splitPayloads(node: string, kind: string, items: readonly unknown[], sentAt: number, limit = PAYLOAD_LIMIT): string[] {
  const head = bytes(JSON.stringify({ n: node, k: kind, i: [], s: sentAt }));
  const out: string[] = [];
  let part: string[] = [];
  let size = head;
  const flush = (): void => {
    out.push(`{"n":${JSON.stringify(node)},"k":${JSON.stringify(kind)},"i":[${part.join(',')}],"s":${sentAt}}`);
    part = [];
    size = head;
  };
  for (const item of items) {
    const text = JSON.stringify(item);
    const cost = bytes(text) + (part.length > 0 ? 1 : 0);
    if (head + bytes(text) > limit) throw new Error(`one ${kind} item is ${bytes(text)} bytes: send its id, not the item`);
    if (size + cost > limit) flush();
    size += bytes(text) + (part.length > 0 ? 1 : 0);
    part.push(text);
  }
  if (part.length > 0) flush();
  return out;
}

export class FanoutPublisher {
  constructor(private readonly pool: pg.Pool, readonly channel: string, readonly node: string) {}

  /** Sends `items` to every listening node; the notifications go when this statement commits. */
  async publish(kind: string, items: readonly unknown[]): Promise<number> {
    return this.publishIn(this.pool, kind, items);
  }

  /**
   * The same inside the caller's transaction: PostgreSQL delivers the notifications only if it
   * commits, so a change and its announcement are one (a rolled-back acknowledgement is never
   * announced, and no node hears of a change before it can read it).
   */
  async publishIn(client: pg.Pool | pg.ClientBase, kind: string, items: readonly unknown[]): Promise<number> {
    if (items.length === 0) return 0;
    const payloads = splitPayloads(this.node, kind, items, Date.now());
    await client.query('SELECT pg_notify($1, p) FROM unnest($2::text[]) WITH ORDINALITY AS u(p, o) ORDER BY o', [this.channel, payloads]);
    return payloads.length;
  }
}

export interface ListenerOptions {
  url: string;
  channel: string;
  onMessage(message: Envelope): void;
  /** This node's name: what it published itself is not handed back to it. */
  self?: string;
  /** After a reconnect: notifications sent meanwhile are lost, reload from the tables. */
  onReconnect?(): void;
  /** First retry delay; doubles up to maxRetryMs. */
  retryMs?: number;
  maxRetryMs?: number;
}

export class FanoutListener {
  /** Notifications that were not a Watchdesk envelope: counted, dropped. */
  malformed = 0;
  reconnects = 0;
  lastError: string | null = null;
  private client: pg.Client | null = null;
  private stopped = false;
  private timer: NodeJS.Timeout | null = null;
  private delay: number;
  private connected = false;

  constructor(private readonly options: ListenerOptions) {
    this.delay = options.retryMs ?? 100;
  }

  get listening(): boolean { return this.connected; }

  /** The backend serving this listener (for tests and diagnostics), or null while disconnected. */
  get backendPid(): number | null {
    return (this.client as unknown as { processID?: number } | null)?.processID ?? null;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect(false);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const c = this.client;
    this.client = null;
    this.connected = false;
    await c?.end().catch(() => undefined);
  }

  private async connect(again: boolean): Promise<void> {
    const c = new pg.Client({ ...clientConfig(this.options.url), keepAlive: true });
    c.on('error', (err) => this.lost(c, err));
    c.on('end', () => this.lost(c, new Error('connection ended')));
    c.on('notification', (n) => {
      if (n.channel !== this.options.channel) return;
      let parsed: Envelope;
      try {
        parsed = EnvelopeSchema.parse(JSON.parse(n.payload ?? ''));
      } catch {
        this.malformed++;
        return;
      }
      if (parsed.n === this.options.self) return;
      this.options.onMessage(parsed);
    });
    this.client = c;
    try {
      await c.connect();
      await c.query(`LISTEN ${pg.escapeIdentifier(this.options.channel)}`);
    } catch (err) {
      if (!again) {
        // The first connection is the caller's to retry: no reconnecting behind its back.
        this.client = null;
        await c.end().catch(() => undefined);
        throw err;
      }
      this.lost(c, err as Error);
      return;
    }
    this.connected = true;
    this.delay = this.options.retryMs ?? 100;
    if (again) {
      this.reconnects++;
      this.options.onReconnect?.();
    }
  }

  private lost(c: pg.Client, err: Error): void {
    if (this.client !== c) return;
    this.client = null;
    this.connected = false;
    this.lastError = err.message;
    c.end().catch(() => undefined);
    if (this.stopped || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.stopped) void this.connect(true);
    }, this.delay);
    this.delay = Math.min(this.delay * 2, this.options.maxRetryMs ?? 2000);
  }
}
