import type { AlarmDefinition, AlarmView } from '../../../shared/alarms/definitions.js';
import type { AlarmService, AlarmShare } from '../alarms/alarm-service.js';
import { ApiError, notFound } from '../errors.js';
import type { FanoutPublisher } from '../store/pg/fanout.js';
import type { PgStore } from '../store/pg/pg-store.js';
import type { AlarmHistoryRow, AuditEntry } from '../store/store.js';
import { IdBlocks } from './id-blocks.js';

/** The fan-out kind of an alarm change: its ids. */
export const ALARM_KIND = 'alarm';
/** The fan-out kind of a configuration change: the tables to read again. */
export const CONFIG_KIND = 'config';
const DEFINITIONS = 'alarm_definitions';
const RETRY_MIN_MS = 250;
const RETRY_MAX_MS = 5000;
/** How long an operator's action waits for this alarm's earlier steps before answering 503. */
const ACT_WAIT_MS = 5000;

/** This node's copy of the alarms, kept in its SQLite data folder so a console there reads it at once. */
export interface AlarmCache {
  put(id: number, body: unknown): void;
  replaceAll(alarms: ReadonlyArray<{ id: number; body: unknown }>): void;
}

interface Capture { id: number; body?: unknown; step?: AlarmHistoryRow; audits: AuditEntry[] }

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * Alarms as one truth across the nodes of a site: PostgreSQL's `alarms` row with its version.
 * The alarm service keeps working in memory (rules raise and clear synchronously on the node that
 * ingested the sample); each step it writes is then written to PostgreSQL against the version this
 * node last saw, and announced in the same transaction. An operator's action waits for its answer:
 * if another node changed the alarm first, the action is undone here and the operator gets 409
 * `stale` with the alarm as it stands. A step of the system (a rule raising, clearing) that loses
 * such a race is made again on the alarm as it stands, never dropped. Steps of one alarm go out in
 * order, one at a time; different alarms do not wait on each other.
 */
export class AlarmSync implements AlarmShare {
  private readonly versions = new Map<number, number>();
  private readonly chains = new Map<number, Promise<unknown>>();
  private readonly ids: IdBlocks;
  private capture: Capture | null = null;
  /** Steps written after losing a race to another node (then made again, or 409 for an operator). */
  conflicts = 0;
  /** Writes PostgreSQL refused or could not take (retried until they go). */
  writeErrors = 0;
  lastError: string | null = null;

  constructor(
    private readonly store: PgStore,
    private readonly publisher: FanoutPublisher,
    private readonly alarms: AlarmService,
    private readonly cache: AlarmCache,
    private readonly audit: (entry: AuditEntry) => void,
    private readonly log: (message: string) => void,
  ) {
    this.ids = new IdBlocks((n) => store.alarmIds(n), 1024, log);
  }

  /** Takes ids ahead, loads every alarm the site has, and from then on shares what this node writes. */
  async start(): Promise<void> {
    await this.ids.fill();
    // The site's definitions win; the first node of a site brings its own.
    const site = await this.store.listAlarmDefinitions();
    if (site.length > 0) this.alarms.adoptDefinitions(site);
    else for (const d of this.alarms.listDefinitions()) await this.store.saveAlarmDefinition(d.id, d);
    await this.reloadAll();
    this.alarms.share = this;
  }

  private definitionsChain: Promise<unknown> = Promise.resolve();

  definitionChanged(id: string, def: AlarmDefinition | null): void {
    this.definitionsChain = this.definitionsChain.then(() => this.persist(`alarm definition ${id}`, async () => {
      if (def) await this.store.saveAlarmDefinition(id, def);
      else await this.store.deleteAlarmDefinition(id);
      await this.publisher.publish(CONFIG_KIND, [DEFINITIONS]);
    }));
  }

  /** Another node changed configuration: read the tables it names again. */
  async configChanged(tables: readonly unknown[]): Promise<void> {
    if (!tables.includes(DEFINITIONS)) return;
    await this.definitionsChain;
    this.alarms.adoptDefinitions(await this.store.listAlarmDefinitions());
  }

  /** After a lost LISTEN connection too: notifications sent meanwhile are gone, the table is not. */
  async reloadAll(): Promise<void> {
    this.alarms.adoptDefinitions(await this.store.listAlarmDefinitions());
    // An alarm whose own steps are still on their way keeps this node's (newer) copy.
    const pending = new Set(this.chains.keys());
    const all = (await this.store.listAlarms()).filter((a) => !pending.has(a.id));
    for (const a of all) this.versions.set(a.id, a.version);
    this.alarms.adoptAll(all, (id) => pending.has(id));
    this.cache.replaceAll(all);
    for (const id of pending) if (this.alarms.has(id)) this.cache.put(id, this.alarms.body(id));
  }

  /** Pending steps of every alarm written (at shutdown). */
  async settled(): Promise<void> {
    await Promise.all([...this.chains.values(), this.definitionsChain]);
  }

  /** The next step of alarm `id`, once every earlier one has gone out. */
  private serial<T>(id: number, fn: () => Promise<T>): Promise<T> {
    const prev = this.chains.get(id) ?? Promise.resolve();
    const next = prev.then(fn);
    const tail = next.catch(() => undefined);
    this.chains.set(id, tail);
    void tail.then(() => { if (this.chains.get(id) === tail) this.chains.delete(id); });
    return next;
  }

  private announce = (id: number) => (c: Parameters<FanoutPublisher['publishIn']>[0]): Promise<number> => this.publisher.publishIn(c, ALARM_KIND, [id]);

  /** Tries `write` until PostgreSQL takes it: a database that is down delays a step, never loses it. */
  private async persist<T>(what: string, write: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await write();
      } catch (err) {
        this.writeErrors++;
        this.lastError = err instanceof Error ? err.message : String(err);
        if (attempt === 0) this.log(`${what} could not be written to PostgreSQL, retrying: ${this.lastError}`);
        await sleep(Math.min(RETRY_MAX_MS, RETRY_MIN_MS * 2 ** attempt));
      }
    }
  }

  // ── AlarmShare: called by the alarm service, synchronously ──
  adopt(body: unknown): number {
    const id = this.ids.next();
    this.versions.set(id, 0);
    this.cache.put(id, body);
    void this.serial(id, async () => {
      await this.persist(`alarm ${id}`, () => this.store.insertAlarm(id, body));
      this.versions.set(id, 1);
    });
    return id;
  }

  saved(id: number, body: unknown, step: AlarmHistoryRow): void {
    if (this.capture?.id === id) {
      this.capture.body = body;
      this.capture.step = step;
      return;
    }
    void this.serial(id, () => this.systemStep(id, body, step));
  }

  /** While an operator's action runs: its audit entries wait for the action to win. */
  holdAudit(entry: AuditEntry): boolean {
    if (!this.capture) return false;
    this.capture.audits.push(entry);
    return true;
  }

  private async systemStep(id: number, body: unknown, step: AlarmHistoryRow): Promise<void> {
    const r = await this.persist(`alarm ${id}`, () => this.store.transitionAlarm(id, this.versions.get(id) ?? 1, body, step, this.announce(id)));
    if (r.ok) { this.versions.set(id, r.alarm.version); return; }
    if (r.reason === 'missing') return;
    // Another node changed it meanwhile: theirs stands, and a rule's step is made again on it.
    this.conflicts++;
    this.take(id, r.current.version, r.current.body);
    this.redo(step, body);
  }

  private redo(step: AlarmHistoryRow, body: unknown): void {
    const b = body as { definitionId: string; source: { id: string; name: string }; value: number | null; ruleId: string | null };
    try {
      if (step.action === 'activate') this.alarms.activate(b.definitionId, b.source as Parameters<AlarmService['activate']>[1], b.value, b.ruleId);
      else if (step.action === 'clear') this.alarms.clear(b.definitionId, b.source.id, step.reason ?? '');
      // Anything else (a shelve that ran out, chattering) is made again by the next sweep.
    } catch (err) {
      this.log(`alarm ${step.alarm}: ${step.action} could not be made again: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Another node's version replaces this node's copy (memory, SQLite, streams). */
  private take(id: number, version: number, body: unknown): AlarmView {
    this.versions.set(id, version);
    this.cache.put(id, body);
    return this.alarms.adopt(id, body);
  }

  /** An operator's action on one alarm: 200 with the result, or 409 `stale` with the alarm as another node left it. */
  async act(id: number, run: () => AlarmView): Promise<AlarmView> {
    const pending = this.chains.get(id);
    // Earlier steps of this alarm still waiting for PostgreSQL: the operator hears so, rather than a request that hangs.
    if (pending && await Promise.race([pending.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), ACT_WAIT_MS).unref())])) {
      throw new ApiError(503, 'unavailable', `alarm ${id}: earlier changes are still waiting for the shared database (${this.lastError ?? 'slow'}); try again`, [], { 'retry-after': '2' });
    }
    return this.serial(id, async () => {
      const [now] = await this.store.alarmsById([id]);
      if (!now) throw notFound(`alarm ${id}`);
      if (now.version !== this.versions.get(id)) {
        // This console saw an older alarm than the site's: say so rather than act on what it no longer is.
        this.conflicts++;
        throw stale(id, this.take(id, now.version, now.body));
      }
      const capture: Capture = { id, audits: [] };
      this.capture = capture;
      let view: AlarmView;
      try {
        view = run();
      } catch (err) {
        // A refusal (already acknowledged, taken by another operator) shows the alarm as it stands, as a race does.
        if (err instanceof ApiError && err.status === 409 && err.current === undefined) throw new ApiError(409, err.code, err.message, err.details, err.headers, this.alarms.get(id));
        throw err;
      } finally {
        this.capture = null;
      }
      if (capture.body === undefined || capture.step === undefined) {
        for (const e of capture.audits) this.audit(e);
        return view;
      }
      let r: Awaited<ReturnType<PgStore['transitionAlarm']>>;
      try {
        r = await this.store.transitionAlarm(id, now.version, capture.body, capture.step, this.announce(id));
      } catch (err) {
        // Not written: this node's copy goes back to the site's as soon as it can be read.
        this.writeErrors++;
        this.lastError = err instanceof Error ? err.message : String(err);
        void this.persist(`alarm ${id}`, () => this.store.alarmsById([id])).then(([back]) => { if (back) this.take(id, back.version, back.body); });
        throw new ApiError(503, 'unavailable', `alarm ${id}: the shared database did not take the change (${this.lastError}); try again`, [], { 'retry-after': '1' });
      }
      if (r.ok) {
        this.versions.set(id, r.alarm.version);
        for (const e of capture.audits) this.audit(e);
        return view;
      }
      if (r.reason === 'missing') throw notFound(`alarm ${id}`);
      this.conflicts++;
      throw stale(id, this.take(id, r.current.version, r.current.body));
    });
  }

  /** Another node announced these alarms: read them and show what is newer than this node's. */
  async received(ids: readonly number[]): Promise<void> {
    const rows = await this.store.alarmsById(ids.filter((x): x is number => typeof x === 'number'));
    await Promise.all(rows.map((a) => this.serial(a.id, async () => {
      if (a.version > (this.versions.get(a.id) ?? 0)) this.take(a.id, a.version, a.body);
    })));
  }
}

function stale(id: number, current: AlarmView): ApiError {
  return new ApiError(409, 'stale', `alarm ${id} was changed on another console (now ${current.state}); it is shown as it stands`, [], {}, current);
}
