import { initialCondition, stepCondition, type ConditionState } from '../../../shared/rules/condition.js';
import type { DataTrigger, Rule } from '../../../shared/rules/schema.js';
import type { AlarmSource } from '../../../shared/alarms/definitions.js';
import type { EventRecord } from '../../../shared/domain.js';
import type { DeviceState } from '../devices.js';
import type { IngestObserver } from '../ingest/pipeline.js';
import { runActions, type ActionDeps, type Firing } from './actions.js';

interface DataBinding {
  rule: Rule;
  trigger: DataTrigger;
  point: number;
}

/** One data rule on one device: the binding with where its condition stands. */
interface Watch {
  binding: DataBinding;
  state: ConditionState;
  device: DeviceState;
}

export type { RuleStats } from '../../../shared/api/views.js';
import type { RuleStats } from '../../../shared/api/views.js';

const deviceSource = (d: DeviceState): AlarmSource => ({ kind: 'device', id: `device:${d.status.id}`, name: d.status.name, deviceId: d.status.id });

/**
 * Evaluates rules as data, events and device states arrive. Data rules are indexed per device
 * and data point, so a heartbeat only meets the rules that watch it.
 */
export class RulesEngine implements IngestObserver {
  private rules: Rule[] = [];
  /** Per device, the rules that watch it, each with its condition: no lookup per sample. */
  private readonly bindings = new Map<number, { names: readonly string[]; list: Watch[] }>();
  private readonly conditions = new Map<string, Watch>();
  readonly stats = new Map<string, RuleStats>();
  private depth = 0;
  private timer: NodeJS.Timeout | null = null;
  evaluations = 0;

  constructor(private readonly deps: ActionDeps, private readonly clock: () => number = Date.now) {}

  setRules(rules: Rule[]): void {
    this.rules = rules.filter((r) => r.enabled);
    this.bindings.clear();
    // An edit that leaves the trigger as it was keeps where the condition stands, so a standing
    // alarm still clears when its condition does.
    const byId = new Map(this.rules.map((r) => [r.id, r]));
    for (const [key, c] of this.conditions) {
      const now = byId.get(c.binding.rule.id);
      if (now && JSON.stringify(now.when) === JSON.stringify(c.binding.trigger) && now.when.type === 'data') c.binding = { ...c.binding, rule: now, trigger: now.when };
      else this.conditions.delete(key);
    }
    for (const r of rules) if (!this.stats.has(r.id)) this.stats.set(r.id, { fired: 0, errors: 0, lastError: null, lastFiredAt: null });
  }

  start(): void {
    // On- and off-delays run out between heartbeats too.
    this.timer = setInterval(() => this.tick(), 1000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
  }

  private bindingsFor(device: DeviceState, names: readonly string[]): Watch[] {
    const cached = this.bindings.get(device.status.id);
    if (cached && cached.names === names) return cached.list;
    const list: Watch[] = [];
    for (const rule of this.rules) {
      const t = rule.when;
      if (t.type !== 'data') continue;
      if (t.deviceId !== undefined ? t.deviceId !== device.status.id : t.deviceTypeId !== device.status.typeId) continue;
      const point = names.indexOf(t.point);
      if (point < 0) continue;
      const key = `${rule.id}\u0000${device.status.id}`;
      let watch = this.conditions.get(key);
      if (watch) {
        watch.binding = { rule, trigger: t, point };
        watch.device = device;
      } else {
        watch = { binding: { rule, trigger: t, point }, state: initialCondition(), device };
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
      const b = w.binding;
      const v = values[b.point]!;
      if (v !== v) continue;
      this.evaluations++;
      const out = stepCondition(w.state, b.trigger, t, v);
      if (out) this.fire(b.rule, out, deviceSource(device), v, { device: device.status.name, point: b.trigger.point, value: String(v), event: b.rule.name }, t);
    }
  }

  tick(now = this.clock()): void {
    for (const c of this.conditions.values()) {
      const t = c.binding.trigger;
      if (t.onDelayS === 0 && t.offDelayS === 0) continue;
      const out = stepCondition(c.state, t, now, null);
      if (out) this.fire(c.binding.rule, out, deviceSource(c.device), c.state.lastValue, { device: c.device.status.name, point: t.point, value: String(c.state.lastValue), event: c.binding.rule.name }, now);
    }
  }

  onOnline(device: DeviceState, online: boolean): void {
    const to = online ? 'online' : 'offline';
    const from = online ? 'offline' : 'online';
    for (const rule of this.rules) {
      const t = rule.when;
      if (t.type !== 'state' || t.to !== to || (t.from !== undefined && t.from !== from)) continue;
      if (t.deviceId !== undefined && t.deviceId !== device.status.id) continue;
      this.fire(rule, 'activate', deviceSource(device), null, { device: device.status.name, event: `${from} → ${to}`, value: to }, this.clock());
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

  private fire(rule: Rule, output: 'activate' | 'clear', source: AlarmSource, value: number | null, vars: Record<string, string>, t: number): void {
    const firing: Firing = { rule, output, source, value, vars: { ...vars, rule: rule.name }, t };
    const errors = runActions(firing, this.deps);
    const s = this.stats.get(rule.id);
    if (!s) return;
    if (output === 'activate') { s.fired++; s.lastFiredAt = t; }
    if (errors.length) { s.errors += errors.length; s.lastError = errors.join('; '); }
  }
}
