import { AlarmDefinitionSchema, suppressionAt, type AlarmDefinition, type AlarmSource, type AlarmView, type Notification } from '../../../shared/alarms/definitions.js';
import { endsOneShotShelve, isActive, nextAlarmState, type AlarmInput } from '../../../shared/alarms/state-machine.js';
import type { Role } from '../../../shared/bridge.js';
import { parseOrThrow } from '../config.js';
import { ApiError, notFound } from '../errors.js';
import type { AlarmHistoryRow, Store } from '../store/store.js';
import type { AlarmStep } from '../../../shared/api/views.js';
import { effectiveSteps, openSteps, stepLabel, tickStep, type ProcedureStep, type StepRun } from '../../../shared/alarms/checklist.js';

type Stored = Omit<AlarmView, 'annunciated' | 'suppressed' | 'name' | 'priority' | 'category' | 'procedure' | 'latching' | 'steps' | 'requireSteps'> & { recent: number[] };

export interface AlarmPublisher {
  alarmChanged(alarm: AlarmView): void;
  notify(n: Notification): void;
}

export interface Actor {
  username: string;
  role: Role;
}

const SYSTEM: Actor = { username: 'system', role: 'admin' };

/**
 * Where alarms are shared by several nodes (PostgreSQL, `--database`): a new instance takes the
 * site's id, and every step this node writes goes to the shared store too (cluster/alarm-sync.ts).
 */
export interface AlarmShare {
  /** A new instance's id, the same on every node; the local copy is written under it. */
  adopt(body: unknown): number;
  saved(id: number, body: unknown, step: AlarmHistoryRow): void;
  /** A definition made, changed (`def`) or removed (null) on this node: the site's copy follows. */
  definitionChanged(id: string, def: AlarmDefinition | null): void;
}
/** Chattering: this many activations within the window. */
const CHATTER_COUNT = 3;
const CHATTER_WINDOW_MS = 60_000;
const rank: Record<Role, number> = { operator: 1, supervisor: 2, admin: 3 };

/**
 * Alarm instances, one per definition and source, through the ISA-18.2 lifecycle. Every change
 * is written at once (state, shelving with its absolute end, who is on it), so a restart resumes
 * exactly where it was; operator actions also go to the audit trail.
 */
export class AlarmService {
  private readonly definitions = new Map<string, AlarmDefinition>();
  private readonly alarms = new Map<number, Stored>();
  private readonly byKey = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  share: AlarmShare | null = null;

  constructor(private readonly store: Store, private readonly publisher: AlarmPublisher, private readonly clock: () => number = Date.now) {
    for (const d of store.listAlarmDefinitions()) {
      const def = AlarmDefinitionSchema.parse(d);
      this.definitions.set(def.id, def);
    }
    for (const { id, body } of store.listAlarms()) {
      const a = { ...(body as Stored), id };
      this.alarms.set(id, a);
      this.byKey.set(AlarmService.key(a.definitionId, a.source.id), id);
    }
  }

  private static key(definitionId: string, sourceId: string): string {
    return `${definitionId}\u0000${sourceId}`;
  }

  start(): void {
    this.sweep();
    this.timer = setInterval(() => this.sweep(), 1000);
    this.timer.unref();
  }

  private sweep(): void {
    this.expireShelves();
    this.recomputeChattering();
  }

  /** Chattering follows the last minute: it drops once fewer than 3 activations remain in it. */
  private chatterCheck(a: Stored): boolean {
    const now = this.clock();
    a.recent = a.recent.filter((t) => now - t < CHATTER_WINDOW_MS);
    const chattering = a.recent.length >= CHATTER_COUNT;
    const changed = chattering !== a.chattering;
    a.chattering = chattering;
    return changed;
  }

  private recomputeChattering(): void {
    for (const a of this.alarms.values()) {
      if (!a.chattering) continue;
      // Not a step of the lifecycle: the instance is rewritten without a history row.
      if (this.chatterCheck(a)) { this.store.saveAlarm(a.id, a); this.publisher.alarmChanged(this.view(a)); }
    }
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** The shared store's copy of an alarm, changed by another node: it replaces this node's and goes down the streams. */
  adopt(id: number, body: unknown): AlarmView {
    const a = { ...(body as Stored), id, recent: (body as Stored).recent ?? [] };
    const old = this.alarms.get(id);
    if (old) this.byKey.delete(AlarmService.key(old.definitionId, old.source.id));
    this.alarms.set(id, a);
    this.byKey.set(AlarmService.key(a.definitionId, a.source.id), id);
    const v = this.view(a);
    this.publisher.alarmChanged(v);
    return v;
  }

  /** Every instance, as the shared store has them (a node joining, or after a lost connection). */
  adoptAll(alarms: ReadonlyArray<{ id: number; body: unknown }>, keepOwn: (id: number) => boolean = () => false): void {
    const keep = new Set(alarms.map((x) => x.id));
    for (const id of [...this.alarms.keys()]) {
      if (keep.has(id) || keepOwn(id)) continue;
      const a = this.alarms.get(id)!;
      this.alarms.delete(id);
      this.byKey.delete(AlarmService.key(a.definitionId, a.source.id));
    }
    for (const x of alarms) this.adopt(x.id, x.body);
  }

  /** The site's definitions (another node changed them, or this node joins): they replace this node's, on disk too. */
  adoptDefinitions(bodies: readonly unknown[]): void {
    const next = new Map<string, AlarmDefinition>();
    for (const b of bodies) {
      const parsed = AlarmDefinitionSchema.safeParse(b);
      if (parsed.success) next.set(parsed.data.id, parsed.data);
    }
    for (const id of this.definitions.keys()) if (!next.has(id)) this.store.deleteAlarmDefinition(id);
    for (const def of next.values()) this.store.saveAlarmDefinition(def.id, def);
    this.definitions.clear();
    for (const [id, def] of next) this.definitions.set(id, def);
    for (const a of this.alarms.values()) this.publisher.alarmChanged(this.view(a));
  }

  has(id: number): boolean {
    return this.alarms.has(id);
  }

  /** What the shared store holds for an alarm (a copy: later steps change this node's). */
  body(id: number): unknown {
    return structuredClone(this.stored(id));
  }

  // ── Definitions ──
  listDefinitions(): AlarmDefinition[] {
    return [...this.definitions.values()];
  }

  hasDefinition(id: string): boolean {
    return this.definitions.has(id);
  }

  saveDefinition(input: unknown, actor: string, id?: string): AlarmDefinition {
    const def = parseOrThrow(AlarmDefinitionSchema, input, 'Alarm definition');
    if (id !== undefined && def.id !== id) throw new ApiError(400, 'invalid', `the body's id "${def.id}" does not match the URL's "${id}"`);
    const before = this.definitions.get(def.id);
    this.store.saveAlarmDefinition(def.id, def);
    this.definitions.set(def.id, def);
    this.share?.definitionChanged(def.id, def);
    this.store.audit({ actor, action: before ? 'alarm-definition.update' : 'alarm-definition.create', target: `alarm-definition:${def.id}`, before, after: def });
    for (const a of this.alarms.values()) if (a.definitionId === def.id) this.publisher.alarmChanged(this.view(a));
    return def;
  }

  deleteDefinition(id: string, actor: string): void {
    const before = this.definitions.get(id);
    if (!before) throw notFound(`alarm definition ${id}`);
    if ([...this.alarms.values()].some((a) => a.definitionId === id && a.state !== 'normal')) throw new ApiError(409, 'in_use', `alarm ${id} has standing instances; clear them first`);
    this.store.deleteAlarmDefinition(id);
    this.definitions.delete(id);
    this.share?.definitionChanged(id, null);
    this.store.audit({ actor, action: 'alarm-definition.delete', target: `alarm-definition:${id}`, before });
  }

  // ── Views ──
  private view(a: Stored): AlarmView {
    const def = this.definitions.get(a.definitionId);
    const { recent: _recent, ...rest } = a;
    const suppressed = def ? suppressionAt(def, this.clock()) : null;
    return {
      ...rest, name: def?.name ?? a.definitionId, priority: def?.priority ?? 255, category: def?.category ?? '', procedure: def?.procedure ?? '',
      latching: def?.latching ?? false, suppressed,
      steps: def ? effectiveSteps(def) : [], requireSteps: def?.requireSteps ?? false, checklist: a.checklist ?? {},
      annunciated: a.state !== 'normal' && !a.shelved && !suppressed && !a.outOfService,
    };
  }

  list(filter: { state?: string; maxPriority?: number; source?: string; from?: number; to?: number } = {}): AlarmView[] {
    return [...this.alarms.values()].map((a) => this.view(a))
      .filter((a) => (filter.state ? (filter.state === 'standing' ? a.state !== 'normal' : a.state === filter.state) : true))
      .filter((a) => (filter.maxPriority !== undefined ? a.priority <= filter.maxPriority : true))
      .filter((a) => (filter.source ? a.source.name.includes(filter.source) || a.source.id === filter.source : true))
      .filter((a) => (filter.from !== undefined ? a.lastChangeAt >= filter.from : true) && (filter.to !== undefined ? a.lastChangeAt <= filter.to : true))
      .sort((x, y) => x.priority - y.priority || y.lastChangeAt - x.lastChangeAt);
  }

  get(id: number): AlarmView {
    return this.view(this.stored(id));
  }

  private stored(id: number): Stored {
    const a = this.alarms.get(id);
    if (!a) throw notFound(`alarm ${id}`);
    return a;
  }

  private save(a: Stored, action: string, actor: Actor, reason = ''): AlarmView {
    a.lastChangeAt = this.clock();
    // Every step is a new version: a selection made before it no longer describes the alarm.
    a.version = (a.version ?? 0) + 1;
    this.chatterCheck(a);
    const step = { alarm: a.id, t: a.lastChangeAt, action, actor: actor.username, state: a.state, reason };
    this.store.recordAlarm(a.id, a, step);
    this.share?.saved(a.id, structuredClone(a), step);
    const v = this.view(a);
    this.publisher.alarmChanged(v);
    return v;
  }

  private apply(a: Stored, input: AlarmInput): string | null {
    const t = nextAlarmState(a.state, input, this.definitions.get(a.definitionId)?.latching ?? false);
    if (a.shelved?.kind === 'one-shot' && !t.refused && endsOneShotShelve(a.state, t.state)) a.shelved = null;
    a.state = t.state;
    return t.refused;
  }

  // ── The condition (rules) ──
  activate(definitionId: string, source: AlarmSource, value: number | null, ruleId: string | null, autoAcknowledge = false): AlarmView {
    const def = this.definitions.get(definitionId);
    if (!def) throw notFound(`alarm definition ${definitionId}`);
    const now = this.clock();
    const key = AlarmService.key(definitionId, source.id);
    let a = this.alarms.get(this.byKey.get(key) ?? -1);
    if (!a) {
      a = {
        id: 0, definitionId, state: 'normal', source, value, ruleId, activatedAt: null, lastChangeAt: now, activations: 0, chattering: false,
        shelved: null, outOfService: null, acknowledgedBy: null, acknowledgedAt: null, comment: '', investigatingBy: null, forwardedTo: null, forwardMessage: '', recent: [],
      };
      a.id = this.share ? this.share.adopt(structuredClone(a)) : this.store.saveAlarm(null, a);
      this.alarms.set(a.id, a);
      this.byKey.set(key, a.id);
    }
    const wasActive = a.state === 'unack' || a.state === 'ack';
    // A new occurrence starts a fresh checklist; the last one stays in the history and audit.
    if (a.state === 'normal') a.checklist = {};
    this.apply(a, 'activate');
    a.value = value;
    a.ruleId = ruleId;
    a.source = source;
    a.activations++;
    if (!wasActive) a.activatedAt = now;
    a.clearedAt = null;
    a.acknowledgedBy = null;
    a.acknowledgedAt = null;
    // Chattering: 3 or more activations within a minute.
    a.recent = [...a.recent, now].slice(-10);
    const view = this.save(a, 'activate', SYSTEM);
    if (autoAcknowledge) return this.transition(a, 'acknowledge', SYSTEM, 'auto-acknowledged by rule');
    if (view.annunciated) this.publisher.notify({ kind: 'alarm', text: `${view.name}: ${source.name}`, level: def.priority <= 50 ? 'critical' : 'warning', alarmId: a.id, at: now });
    return view;
  }

  /**
   * The condition cleared. With a reason, the system cleared it because its source of truth is
   * gone (rule deleted, device deleted, asset no longer reported): the reason goes into the
   * alarm's history and the audit trail.
   */
  clear(definitionId: string, sourceId: string, reason = ''): AlarmView | null {
    const a = this.alarms.get(this.byKey.get(AlarmService.key(definitionId, sourceId)) ?? -1);
    if (!a || !isActive(a.state)) return null;
    return this.clearStored(a, reason);
  }

  private clearStored(a: Stored, reason: string): AlarmView {
    const before = a.state;
    this.apply(a, 'clear');
    a.clearedAt = this.clock();
    const after = this.save(a, 'clear', SYSTEM, reason);
    if (reason) this.store.audit({ actor: SYSTEM.username, action: 'alarm.clear', target: `alarm:${a.id}`, before, after: after.state, reason });
    return after;
  }

  /** Clears every active alarm that `lost` says has lost its source of truth, with the reason it gives. */
  clearWhere(lost: (a: AlarmView) => string | null): AlarmView[] {
    const out: AlarmView[] = [];
    for (const a of this.alarms.values()) {
      if (!isActive(a.state)) continue;
      const reason = lost(this.view(a));
      if (reason) out.push(this.clearStored(a, reason));
    }
    return out;
  }

  /**
   * A standing alarm is explained by another fault than the one it was raised with (three
   * HALOs silent on one network, then the whole TCP server): its cause changes, recorded in its
   * history, without a new activation, sound or announcement.
   */
  explainBy(definitionId: string, sourceId: string, cause: { id: string; name: string }): AlarmView | null {
    const a = this.alarms.get(this.byKey.get(AlarmService.key(definitionId, sourceId)) ?? -1);
    if (!a || !isActive(a.state) || a.source.cause?.id === cause.id) return null;
    a.source = { ...a.source, cause };
    return this.save(a, 'cause', SYSTEM, cause.name);
  }

  /** Whether the alarm of this definition and source stands active (its condition present). */
  isActive(definitionId: string, sourceId: string): boolean {
    const a = this.alarms.get(this.byKey.get(AlarmService.key(definitionId, sourceId)) ?? -1);
    return a !== undefined && isActive(a.state);
  }

  /** One alarm's steps, oldest first, each with who took it and, for the system's, why. */
  history(id: number): AlarmStep[] {
    this.stored(id);
    return this.store.alarmSteps(id).map((s) => ({ ...s, reason: s.reason ?? '' }));
  }

  // ── Operator actions ──
  private transition(a: Stored, input: AlarmInput, actor: Actor, comment = ''): AlarmView {
    const before = this.view(a);
    const refused = this.apply(a, input);
    if (refused) throw new ApiError(409, 'refused', `alarm ${a.id}: ${refused}`);
    if (input === 'acknowledge') {
      a.acknowledgedBy = actor.username;
      a.acknowledgedAt = this.clock();
      if (comment) a.comment = comment;
    }
    if (a.state === 'normal') { a.investigatingBy = null; a.forwardedTo = null; a.forwardedBy = null; a.forwardMessage = ''; }
    const after = this.save(a, input, actor);
    this.store.audit({ actor: actor.username, action: `alarm.${input}`, target: `alarm:${a.id}`, before: before.state, after: after.state, reason: comment });
    return after;
  }

  private needs(actor: Actor, role: Role, what: string): void {
    if (rank[actor.role] < rank[role]) throw new ApiError(403, 'forbidden', `${what} needs the ${role} role`);
  }

  acknowledge(id: number, actor: Actor, comment = '', force = false): AlarmView {
    const a = this.stored(id);
    if (force) this.needs(actor, 'supervisor', 'force-acknowledge');
    const owner = a.forwardedTo ?? a.investigatingBy;
    if (!force && owner && owner !== actor.username) {
      throw new ApiError(409, 'taken', `alarm ${id} is being handled by ${owner}; a supervisor can force-acknowledge it`);
    }
    return this.transition(a, 'acknowledge', actor, force ? `force-acknowledged${comment ? `: ${comment}` : ''}` : comment);
  }

  reset(id: number, actor: Actor, comment = ''): AlarmView {
    const a = this.stored(id);
    const def = this.definitions.get(a.definitionId);
    if (def?.requireSteps && a.state === 'latched') {
      const steps = effectiveSteps(def);
      const open = openSteps(steps, a.checklist);
      if (open.length) {
        throw new ApiError(409, 'steps_open', `alarm ${id}: ${def.name} cannot be reset until every step of its procedure is checked; open: ${open.map((s) => `"${stepLabel(steps, s)}"`).join(', ')}`, open.map((s) => s.id));
      }
    }
    return this.transition(a, 'reset', actor, comment);
  }

  // ── The procedure as a checklist ──
  /** The step of a standing alarm's procedure, or a clear refusal. */
  procedureStep(id: number, stepId: string): { alarm: AlarmView; step: ProcedureStep; steps: ProcedureStep[] } {
    const alarm = this.view(this.stored(id));
    const steps = alarm.steps ?? [];
    const step = steps.find((s) => s.id === stepId);
    if (!step) throw notFound(`step ${stepId} of ${alarm.name}'s procedure`);
    return { alarm, step, steps };
  }

  /** Ticks a step, recorded with who and when in the alarm's history and the audit trail. */
  checkStep(id: number, stepId: string, actor: Actor, comment = ''): AlarmView {
    const a = this.stored(id);
    if (a.state === 'normal') throw new ApiError(409, 'refused', `alarm ${id} is not standing`);
    const steps = this.view(a).steps ?? [];
    const r = tickStep(steps, a.checklist, stepId, actor.username, this.clock(), comment);
    if ('error' in r) throw new ApiError(r.status, r.status === 404 ? 'not_found' : r.status === 409 ? 'refused' : 'invalid', `alarm ${id}: ${r.error}`);
    a.checklist = r.checklist;
    const label = stepLabel(steps, r.step);
    const text = `${label}${comment.trim() ? ` — ${comment.trim()}` : ''}`;
    const after = this.save(a, 'step-check', actor, text);
    this.store.audit({ actor: actor.username, action: 'alarm.step-check', target: `alarm:${id}`, after: { step: stepId, text: r.step.text, comment: comment.trim() }, reason: text });
    return after;
  }

  /** A step's action ran (or failed): kept on the step, in the history and the audit trail. */
  recordStepRun(id: number, stepId: string, actor: Actor, outcome: Omit<StepRun, 'by' | 'at'>, action: unknown): AlarmView {
    const a = this.stored(id);
    const steps = this.view(a).steps ?? [];
    const step = steps.find((s) => s.id === stepId);
    if (!step) throw notFound(`step ${stepId}`);
    const run: StepRun = { by: actor.username, at: this.clock(), ...outcome };
    a.checklist = { ...a.checklist, [stepId]: { check: a.checklist?.[stepId]?.check ?? null, run } };
    const text = `${stepLabel(steps, step)}: ${outcome.ok ? 'ran' : 'failed'}${outcome.detail ? ` (${outcome.detail})` : ''}`;
    const after = this.save(a, 'step-run', actor, text);
    this.store.audit({ actor: actor.username, action: 'alarm.step-run', target: `alarm:${id}`, after: { step: stepId, action, ok: outcome.ok, detail: outcome.detail }, reason: text });
    return after;
  }

  shelve(id: number, actor: Actor, request: { reason: string; durationS?: number; oneShot?: boolean }): AlarmView {
    const a = this.stored(id);
    const def = this.definitions.get(a.definitionId);
    if (!request.reason.trim()) throw new ApiError(400, 'invalid', 'reason: shelving needs a reason');
    if (a.state === 'normal') throw new ApiError(409, 'refused', `alarm ${id} is not standing`);
    const max = def?.maxShelveS ?? 8 * 3600;
    const now = this.clock();
    if (request.oneShot) {
      a.shelved = { kind: 'one-shot', until: null, reason: request.reason, by: actor.username, at: now };
    } else {
      const s = request.durationS;
      if (!s || s <= 0) throw new ApiError(400, 'invalid', 'durationS: give a duration in seconds, or oneShot: true');
      if (s > max) throw new ApiError(400, 'invalid', `durationS: at most ${max} s for ${def?.name ?? a.definitionId}`);
      a.shelved = { kind: 'timed', until: now + s * 1000, reason: request.reason, by: actor.username, at: now };
    }
    const after = this.save(a, 'shelve', actor);
    this.store.audit({ actor: actor.username, action: 'alarm.shelve', target: `alarm:${id}`, after: a.shelved, reason: request.reason });
    return after;
  }

  unshelve(id: number, actor: Actor, reason = ''): AlarmView {
    const a = this.stored(id);
    if (!a.shelved) throw new ApiError(409, 'refused', `alarm ${id} is not shelved`);
    const before = a.shelved;
    a.shelved = null;
    const after = this.save(a, actor === SYSTEM ? 'shelve-expired' : 'unshelve', actor);
    this.store.audit({ actor: actor.username, action: actor === SYSTEM ? 'alarm.shelve-expired' : 'alarm.unshelve', target: `alarm:${id}`, before, reason });
    // Re-annunciate: the operator hears about it again.
    if (after.annunciated) this.publisher.notify({ kind: 'alarm', text: `${after.name}: ${after.source.name} (no longer shelved)`, level: 'warning', alarmId: id, at: this.clock() });
    return after;
  }

  private expireShelves(): void {
    const now = this.clock();
    for (const a of this.alarms.values()) {
      if (a.shelved?.kind === 'timed' && a.shelved.until !== null && a.shelved.until <= now) this.unshelve(a.id, SYSTEM, 'shelve time ended');
    }
  }

  investigate(id: number, actor: Actor): AlarmView {
    const a = this.stored(id);
    a.investigatingBy = actor.username;
    const after = this.save(a, 'investigate', actor);
    this.store.audit({ actor: actor.username, action: 'alarm.investigate', target: `alarm:${id}` });
    return after;
  }

  forward(id: number, actor: Actor, to: string, message: string): AlarmView {
    const a = this.stored(id);
    const target = this.store.findOperator(to);
    if (!target || target.disabled) throw new ApiError(400, 'invalid', `to: operator ${to} does not exist or is disabled`);
    a.forwardedTo = to;
    a.forwardedBy = actor.username;
    a.forwardMessage = message;
    const after = this.save(a, 'forward', actor);
    this.store.audit({ actor: actor.username, action: 'alarm.forward', target: `alarm:${id}`, after: { to }, reason: message });
    this.publisher.notify({ kind: 'forward', text: `${actor.username} forwarded ${after.name} (${after.source.name}): ${message}`, level: 'warning', to, alarmId: id, at: this.clock() });
    return after;
  }

  setOutOfService(id: number, actor: Actor, reason: string | null): AlarmView {
    this.needs(actor, 'supervisor', 'taking an alarm out of service');
    const a = this.stored(id);
    if (reason !== null && !reason.trim()) throw new ApiError(400, 'invalid', 'reason: out of service needs a reason');
    const before = a.outOfService;
    a.outOfService = reason === null ? null : { reason, by: actor.username, at: this.clock() };
    const after = this.save(a, reason === null ? 'in-service' : 'out-of-service', actor);
    this.store.audit({ actor: actor.username, action: reason === null ? 'alarm.in-service' : 'alarm.out-of-service', target: `alarm:${id}`, before, after: a.outOfService, reason: reason ?? '' });
    return after;
  }
}
