import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import { hostname } from 'node:os';
import type { WatchdeskApp } from '../app.js';
import { FanoutListener, FanoutPublisher, type Envelope } from '../store/pg/fanout.js';
import { PgStore } from '../store/pg/pg-store.js';
import { SINGLETONS, SingletonLease } from '../store/pg/singleton.js';
import type { AuditEntry } from '../store/store.js';
import { ALARM_KIND, AlarmSync, CONFIG_KIND } from './alarm-sync.js';
import { AuditQueue } from './audit-queue.js';
import { IdBlocks } from './id-blocks.js';

/** The LISTEN/NOTIFY channel of a site's nodes. */
export const CHANNEL = 'watchdesk';
/** The fan-out kind of an ended session: its token's hash and why. */
const SESSION_KIND = 'session-ended';
const EndedSchema = z.object({ h: z.string().max(128), r: z.string().max(500) });
/** Event ids taken ahead (a refill at half is one round trip): an alarm flood of thousands of events a window never runs out. */
const EVENT_ID_BLOCK = 50_000;

export interface ClusterOptions {
  /** How often a node that does not hold a singleton tries to take it (the holder's death is noticed within this). */
  leaseIntervalMs?: number;
}

/** What runs on exactly one node of the site at a time, and how this node starts and stops it. */
interface Singleton { name: string; start(): void; stop(): void }

/**
 * This node's part in a site of several nodes on one PostgreSQL (`--database postgres://…`):
 * the ingest's windows, the alarms, the audit chain and the event ids go to the shared database;
 * changes of other nodes arrive by LISTEN/NOTIFY; the site's singletons run under leases.
 * What is not shared yet is listed in docs/storage-postgres.md.
 */
export class ClusterNode {
  readonly node = `${hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`;
  readonly publisher: FanoutPublisher;
  readonly listener: FanoutListener;
  readonly alarms: AlarmSync;
  readonly audits: AuditQueue;
  readonly eventIds: IdBlocks;
  readonly leases: Array<{ name: string; lease: SingletonLease }> = [];
  private started = false;

  private constructor(readonly store: PgStore, private readonly app: WatchdeskApp, private readonly url: string, private readonly options: ClusterOptions) {
    this.publisher = new FanoutPublisher(store.pool, CHANNEL, this.node);
    this.audits = new AuditQueue(store, app.log);
    this.alarms = new AlarmSync(store, this.publisher, app.alarms, {
      put: (id, body) => app.store.db.prepare('INSERT INTO alarms (id, body) VALUES (?, ?) ON CONFLICT(id) DO UPDATE SET body = excluded.body').run(id, JSON.stringify(body)),
      replaceAll: (all) => app.store.db.transaction(() => {
        app.store.db.prepare('DELETE FROM alarms').run();
        const put = app.store.db.prepare('INSERT INTO alarms (id, body) VALUES (?, ?)');
        for (const a of all) put.run(a.id, JSON.stringify(a.body));
      }).immediate(),
    }, (entry) => this.audits.push(entry), app.log);
    this.eventIds = new IdBlocks((n) => store.eventIds(n), EVENT_ID_BLOCK, app.log);
    this.listener = new FanoutListener({
      url, channel: CHANNEL, self: this.node,
      onMessage: (m) => this.received(m),
      onReconnect: () => { void this.alarms.reloadAll().catch((err: unknown) => app.log(`alarms could not be reloaded after a reconnect: ${String(err)}`)); },
    });
  }

  /** Opens the shared store (running its migrations under the advisory lock) and routes the audit there. */
  static async open(app: WatchdeskApp, url: string, options: ClusterOptions = {}): Promise<ClusterNode> {
    const store = await PgStore.open(url);
    const node = new ClusterNode(store, app, url, options);
    app.store.auditSink = (entry: AuditEntry) => { if (!node.alarms.holdAudit(entry)) node.audits.push(entry); };
    app.sessions.shared = {
      table: store.sessions,
      ended: (tokenHash, reason) => { void node.publisher.publish(SESSION_KIND, [{ h: tokenHash, r: reason }]).catch(() => undefined); },
      log: app.log,
    };
    app.log(`site database: ${withoutPassword(url)} (this node: ${node.node})`);
    return node;
  }

  /** The event ids of this node's ingest, from the site's sequence. */
  nextEventId(): number {
    return this.eventIds.next();
  }

  /** Before the node listens: ids ahead, the site's alarms, its ingest into PostgreSQL. */
  async prepare(): Promise<void> {
    await this.eventIds.fill();
    await this.alarms.start();
    this.app.batcher.sink = (batch) => this.store.writeBatch(batch);
  }

  /** Once the node is up: hear the others, and compete for the singletons. */
  async start(singletons: Singleton[]): Promise<void> {
    await this.listener.start();
    for (const s of singletons) {
      const lease = new SingletonLease({
        url: this.url, name: s.name, intervalMs: this.options.leaseIntervalMs ?? 1000,
        onAcquire: () => { this.app.log(`singleton ${s.name}: this node runs it`); s.start(); },
        onLose: () => { this.app.log(`singleton ${s.name}: no longer on this node`); s.stop(); },
      });
      this.leases.push({ name: s.name, lease });
      lease.start();
    }
    this.started = true;
  }

  /** Which singletons this node runs now. */
  held(): string[] {
    return this.leases.filter((l) => l.lease.held).map((l) => l.name);
  }

  private received(m: Envelope): void {
    if (m.k === SESSION_KIND) {
      for (const item of m.i) {
        const ended = EndedSchema.safeParse(item);
        if (ended.success) this.app.sessions.endedElsewhere(ended.data.h, ended.data.r);
      }
    }
    if (m.k === CONFIG_KIND) {
      void this.alarms.configChanged(m.i).catch((err: unknown) => this.app.log(`configuration ${JSON.stringify(m.i)} could not be read: ${String(err)}`));
    }
    if (m.k === ALARM_KIND) {
      void this.alarms.received(m.i as number[]).catch((err: unknown) => this.app.log(`alarms ${JSON.stringify(m.i)} could not be read: ${String(err)}`));
    }
  }

  /** Leases released first (another node takes over at once), then the queues written, then the store closed. */
  async stop(): Promise<void> {
    await Promise.all(this.leases.map((l) => l.lease.stop()));
    if (this.started) await this.listener.stop();
  }

  async close(): Promise<void> {
    // Bounded: a database that is gone must not hold the node's shutdown forever (what waits is logged).
    const bound = new Promise<'late'>((r) => setTimeout(() => r('late'), 5000).unref());
    if (await Promise.race([Promise.all([this.alarms.settled(), this.audits.drain()]), bound]) === 'late') {
      this.app.log(`stopping: ${this.audits.waiting} audit entries and some alarm steps could not reach PostgreSQL`);
    }
    this.app.store.auditSink = null;
    this.app.sessions.shared = null;
    this.app.retention.shared = null;
    await this.store.close();
  }
}

export { SINGLETONS };

/** A URL for the log: never the password. */
function withoutPassword(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://…';
  }
}
