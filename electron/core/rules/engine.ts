import { initialCondition, retrigger, stepCondition, type ConditionOutput, type ConditionState } from '../../../shared/rules/condition.js';
import type { DataTrigger, Rule } from '../../../shared/rules/schema.js';
import type { AlarmSource, AlarmView } from '../../../shared/alarms/definitions.js';
import { isActive } from '../../../shared/alarms/state-machine.js';
import type { EventRecord } from '../../../shared/domain.js';
import type { DeviceState } from '../devices.js';
import type { IngestObserver } from '../ingest/pipeline.js';
import type { ConditionStore } from '../store/condition-store.js';
import { runActions, type ActionDeps, type Firing } from './actions.js';

/**
 * One data rule on one device: where its condition stands. It holds the device's id, never the
 * device object, so an alarm raised later (an on-delay) carries the device's name as it is then.
 */
interface Watch {
  rule: Rule;
  trigger: DataTrigger;
  deviceId: number;
  /** The point's index in the device's point names; -1 until a sample binds it. */
  point: number;
  state: ConditionState;
}

export type { RuleStats } from '../../../shared/api/views.js';
import type { RuleStats } from '../../../shared/api/views.js';

const deviceSource = (d: DeviceState): AlarmSource => ({ kind: 'device', id: `device:${d.status.id}`, name: d.status.name, deviceId: d.status.id });
const conditionKey = (ruleId: string, deviceId: number): string => `${ruleId}\u0000${deviceId}`;

/**
 * Evaluates rules as data, events and device states arrive. Data rules are indexed per device
 * and data point, so a heartbeat only meets the rules that watch it.
 *
 * Where each condition stands is written on its edges (active, raw, the repeat count), never per
 * sample, and read back at start: a restart changes no alarm. A rule edit re-evaluates the
 * condition under the new trigger; a rule or device that goes away clears the alarms it raised.
 */
export class RulesEngine implements IngestObserver {
  private rules: Rule[] = [];
  private all = new Map<string, Rule>();
  /** Per device, the rules that watch it, each with its condition: no lookup per sample. */
  private readonly bindings = new Map<number, { names: readonly string[]; list: Watch[] }>();
  private readonly conditions = new Map<string, Watch>();
  readonly stats = new Map<string, RuleStats>();
  private depth = 0;
  private timer: NodeJS.Timeout | null = null;
  /** Until the devices are loaded and conditions restored, edits only change the rule list. */
  private restored = false;
  evaluations = 0;

  constructor(private readonly deps: ActionDeps, private readonly clock: () => number = Date.now, private readonly store: ConditionStore | null = null) {}

  setRules(rules: Rule[]): void {
    this.rules = rules.filter((r) => r.enabled);
    this.all = new Map(rules.map((r) => [r.id, r]));
    this.bindings.clear();
    for (const r of rules) if (!this.stats.has(r.id)) this.stats.set(r.id, { fired: 0, errors: 0, lastError: null, lastFiredAt: null });
    if (!this.restored) return;
    const now = this.clock();
    for (const [key, w] of this.conditions) {
      const rule = this.all.get(w.rule.id);
      const t = rule?.enabled && rule.when.type === 'data' && this.watches(rule.when, w.deviceId) ? rule.when : null;
      if (!rule || !t) {
        this.drop(key, w);
        continue;
      }
      const changed = JSON.stringify(t) !== JSON.stringify(w.trigger);
      const newTargets = w.rule !== rule && JSON.stringify(rule.do) !== JSON.stringify(w.rule.do);
      w.rule = rule;
      w.trigger = t;
      w.point = -1;
      const device = this.deps.registry.get(w.deviceId);
      if (changed) {
        const out = retrigger(w.state, t, now, device?.status.latest[t.point]?.v ?? NaN);
        this.persist(w);
        if (out && device) this.fireData(w, out, device, now, 'rule changed: re-evaluated under the new trigger');
      }
      if (newTargets && w.state.active && device) this.raiseNewTargets(w, device);
    }
    this.clearOrphans();
  }

  /** At start, once the devices are loaded: conditions as they stood, then alarms left without a rule. */
  restore(): void {
    const now = this.clock();
    const enabled = new Map(this.rules.map((r) => [r.id, r]));
    for (const c of this.store?.listConditions() ?? []) {
      const rule = enabled.get(c.ruleId);
      if (!rule || rule.when.type !== 'data' || !this.watches(rule.when, c.deviceId)) {
        this.store?.deleteConditions(c.ruleId, c.deviceId);
        continue;
      }
      this.conditions.set(conditionKey(c.ruleId, c.deviceId), { rule, trigger: rule.when, deviceId: c.deviceId, point: -1, state: c.state });
    }
    // Alarms standing from before conditions were kept (an older data folder): their condition is active.
    for (const a of this.deps.alarms.list({ state: 'standing' })) {
      const rule = a.ruleId === null ? undefined : enabled.get(a.ruleId);
      const id = a.source.deviceId;
      if (!rule || id === null || !isActive(a.state) || rule.when.type !== 'data' || !this.watches(rule.when, id) || this.conditions.has(conditionKey(rule.id, id))) continue;
      const t = rule.when;
      const w: Watch = { rule, trigger: t, deviceId: id, point: -1, state: { active: true, raw: true, rawSince: a.activatedAt ?? now, streak: t.repeatCount, lastValue: a.value ?? NaN } };
      this.conditions.set(conditionKey(rule.id, id), w);
      this.persist(w);
    }
    this.restored = true;
    this.clearOrphans();
  }

  /** The device is deleted: its conditions are freed and its alarms clear. */
  forgetDevice(id: number): void {
    for (const [key, w] of this.conditions) if (w.deviceId === id) this.conditions.delete(key);
    this.bindings.delete(id);
    this.store?.deleteConditions(null, id);
    this.deps.alarms.clearWhere((a) => (a.source.deviceId === id ? 'device deleted' : null));
  }

  start(): void {
    // On- and off-delays run out between heartbeats too.
    this.timer = setInterval(() => this.tick(), 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private watches(t: DataTrigger, deviceId: number): boolean {
    return t.deviceId !== undefined ? t.deviceId === deviceId : this.deps.registry.get(deviceId)?.status.typeId === t.deviceTypeId;
  }

  private drop(key: string, w: Watch): void {
    this.conditions.delete(key);
    this.store?.deleteConditions(w.rule.id, w.deviceId);
  }

  private persist(w: Watch): void {
    this.store?.saveCondition(w.rule.id, w.deviceId, w.state);
  }

  /** Why a standing alarm raised by a rule can no longer be cleared by it, or null. */
  private lostReason(a: AlarmView): string | null {
    if (a.ruleId === null) return a.source.deviceId !== null && !this.deps.registry.get(a.source.deviceId) ? 'device deleted' : null;
    const rule = this.all.get(a.ruleId);
    if (!rule) return 'rule deleted';
    if (!rule.enabled) return 'rule disabled';
    if (!rule.do.some((d) => d.type === 'trigger-alarm' && d.alarmId === a.definitionId)) return 'rule changed: it no longer raises this alarm';
    if (a.source.deviceId !== null && !this.deps.registry.get(a.source.deviceId)) return 'device deleted';
    if (rule.when.type === 'data' && a.source.deviceId !== null && !this.watches(rule.when, a.source.deviceId)) return 'rule changed: it no longer watches this device';
    return null;
  }

  /** An edit points an active condition at another alarm: that alarm stands, as the condition does. */
  private raiseNewTargets(w: Watch, device: DeviceState): void {
    const source = deviceSource(device);
    const v = w.state.lastValue;
    for (const d of w.rule.do) {
      if (d.type !== 'trigger-alarm' || !this.deps.alarms.hasDefinition(d.alarmId) || this.deps.alarms.isActive(d.alarmId, source.id)) continue;
      this.deps.alarms.activate(d.alarmId, source, Number.isNaN(v) ? null : v, w.rule.id, d.autoAcknowledge);
    }
  }

  private clearOrphans(): void {
    this.deps.alarms.clearWhere((a) => this.lostReason(a));
  }

  private bindingsFor(device: DeviceState, names: readonly string[]): Watch[] {
    const cached = this.bindings.get(device.status.id);
    if (cached && cached.names === names) return cached.list;
    const list: Watch[] = [];
    for (const rule of this.rules) {
      const t = rule.when;
      if (t.type !== 'data' || !this.watches(t, device.status.id)) continue;
      const point = names.indexOf(t.point);
      if (point < 0) continue;
      const key = conditionKey(rule.id, device.status.id);
      let watch = this.conditions.get(key);
      if (watch) {
        Object.assign(watch, { rule, trigger: t, point });
      } else {
        watch = { rule, trigger: t, deviceId: device.status.id, point, state: initialCondition() };
        this.conditions.set(key, watch);
      }
      list.push(watch);
    }
    this.bindings.set(device.status.id, { names, list });
    return list;
  }

  onValues(device: DeviceState, names: readonly string[], values: Float64Array, t: number): void {
    const list = this.bindingsFor(device, names);
    for (let i = 0; i < list.length; i++) {
      const w = list[i]!;
      const v = values[w.point]!;
      if (v !== v) continue;
      this.evaluations++;
      const s = w.state;
      const active = s.active;
      const raw = s.raw;
      const streak = s.streak;
      const out = stepCondition(s, w.trigger, t, v);
      // Only edges are written: a value that stays on one side of the threshold costs nothing.
      if (s.active !== active || s.raw !== raw || (streak !== s.streak && streak < w.trigger.repeatCount)) this.persist(w);
      if (out) this.fireData(w, out, device, t);
    }
  }

  tick(now = this.clock()): void {
    for (const w of this.conditions.values()) {
      const t = w.trigger;
      if (t.onDelayS === 0 && t.offDelayS === 0) continue;
      const active = w.state.active;
      const raw = w.state.raw;
      const out = stepCondition(w.state, t, now, null);
      if (w.state.active !== active || w.state.raw !== raw) this.persist(w);
      const device = this.deps.registry.get(w.deviceId);
      if (out && device) this.fireData(w, out, device, now);
    }
  }

  private fireData(w: Watch, out: NonNullable<ConditionOutput>, device: DeviceState, t: number, reason?: string): void {
    const v = w.state.lastValue;
    this.fire(w.rule, out, deviceSource(device), Number.isNaN(v) ? null : v, { device: device.status.name, point: w.trigger.point, value: String(v), event: w.rule.name }, t, reason);
  }

  onOnline(device: DeviceState, online: boolean): void {
    const to = online ? 'online' : 'offline';
    const from = online ? 'offline' : 'online';
    for (const rule of this.rules) {
      const t = rule.when;
      if (t.type !== 'state' || (t.deviceId !== undefined && t.deviceId !== device.status.id)) continue;
      if (t.to === to && (t.from === undefined || t.from === from)) {
        this.fire(rule, 'activate', deviceSource(device), null, { device: device.status.name, event: `${from} → ${to}`, value: to }, this.clock());
      } else if (t.to === from) {
        // The opposite transition: a device back online clears its "offline" alarm, and the reverse.
        this.fire(rule, 'clear', deviceSource(device), null, { device: device.status.name, event: `${from} → ${to}`, value: to }, this.clock());
      }
    }
  }

  onEvent(e: EventRecord): void {
    // A rule's own events only reach rules that ask for them, and never loop.
    if (this.depth > 2) return;
    for (const rule of this.rules) {
      const t = rule.when;
      if (t.type !== 'event') continue;
      if (t.origin !== undefined ? t.origin !== e.origin : e.origin === 'rule') continue;
      if (t.deviceId !== undefined && t.deviceId !== e.deviceId) continue;
      if (t.name && t.name !== e.name) continue;
      if (t.kind !== 'any' && t.kind !== e.kind) continue;
      if (!e.source.includes(t.sourceContains) || !e.caption.includes(t.captionContains) || !e.description.includes(t.descriptionContains)) continue;
      const device = e.deviceId === null ? undefined : this.deps.registry.get(e.deviceId);
      const source: AlarmSource = device ? deviceSource(device) : { kind: 'device', id: `source:${e.source}`, name: e.source || e.caption, deviceId: null };
      const value = Number(e.args.value ?? NaN);
      this.depth++;
      try {
        this.fire(rule, e.kind === 'reset' && t.kind === 'any' ? 'clear' : 'activate', source, Number.isFinite(value) ? value : null,
          { device: source.name, event: e.name, value: e.args.value ?? e.description }, e.t);
      } finally {
        this.depth--;
      }
    }
  }

  private fire(rule: Rule, output: 'activate' | 'clear', source: AlarmSource, value: number | null, vars: Record<string, string>, t: number, reason?: string): void {
    const firing: Firing = { rule, output, source, value, vars: { ...vars, rule: rule.name }, t, reason };
    const errors = runActions(firing, this.deps);
    const s = this.stats.get(rule.id);
    if (!s) return;
    if (output === 'activate') { s.fired++; s.lastFiredAt = t; }
    if (errors.length) { s.errors += errors.length; s.lastError = errors.join('; '); }
  }
}
