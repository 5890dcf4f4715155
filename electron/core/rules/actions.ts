import type { AlarmSource, Notification } from '../../../shared/alarms/definitions.js';
import { fillPlaceholders, type Rule, type RuleAction } from '../../../shared/rules/schema.js';
import type { EventRecord } from '../../../shared/domain.js';
import type { AlarmService } from '../alarms/alarm-service.js';
import type { DeviceRegistry } from '../devices.js';
import type { EventSink } from '../events/event-sink.js';
import type { CommandBus } from './command-bus.js';
import { guardedCall } from '../net/guarded-http.js';
import { TargetPolicy, TargetRefused } from '../net/target-policy.js';

export interface Firing {
  rule: Rule;
  output: 'activate' | 'clear';
  source: AlarmSource;
  value: number | null;
  vars: Record<string, string>;
  t: number;
  /** Why a clear happened when it was not the condition itself (a rule edit): kept in the alarm's history. */
  reason?: string;
}

export interface ActionDeps {
  alarms: AlarmService;
  events: EventSink;
  registry: DeviceRegistry;
  commands: CommandBus;
  notify(n: Notification): void;
  deviceChanged(id: number): void;
  /** Where `http` actions may go; without one, anywhere (unit use only). */
  targets?: TargetPolicy;
  /** The admin's log: the precise reason an `http` action failed. */
  log?(message: string): void;
  /** The preset point nearest a placed object on one of its maps; absent without maps. */
  nearestPreset?(object: string): { assetId: string; presetId: string } | null;
}

const ANYWHERE = new TargetPolicy(true);

/** Runs a rule's Do list. Failures are returned, never thrown: one bad action must not stop the others. */
export function runActions(f: Firing, deps: ActionDeps): string[] {
  const errors: string[] = [];
  for (const action of f.rule.do) {
    try {
      run(action, f, deps, errors);
    } catch (err) {
      errors.push(`${action.type}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  return errors;
}

function run(action: RuleAction, f: Firing, deps: ActionDeps, errors: string[]): void {
  const text = (template: string): string => fillPlaceholders(template, f.vars);
  if (f.output === 'clear') {
    // Only alarms follow the condition back to normal; the other actions act on activation.
    if (action.type === 'trigger-alarm' && action.alarmId) deps.alarms.clear(action.alarmId, f.source.id, f.reason);
    return;
  }
  switch (action.type) {
    case 'raise-event':
      deps.events.record({ t: f.t, origin: 'rule', deviceId: f.source.deviceId, name: action.name || f.rule.name, kind: 'instant', source: f.source.name, caption: action.name, description: text(action.description), args: { rule: f.rule.id } });
      return;
    case 'trigger-alarm':
      if (!action.alarmId) throw new Error('the alarm link is empty');
      deps.alarms.activate(action.alarmId, f.source, f.value, f.rule.id, action.autoAcknowledge);
      return;
    case 'clear-alarm':
      deps.alarms.clear(action.alarmId, f.source.id);
      return;
    case 'set-device-state': {
      const d = f.source.deviceId === null ? undefined : deps.registry.get(f.source.deviceId);
      if (!d) throw new Error('the rule has no device to change');
      d.status.customState = action.state;
      deps.deviceChanged(d.status.id);
      return;
    }
    case 'notify':
      deps.notify({ kind: 'notify', text: text(action.message), level: action.level, at: f.t });
      return;
    case 'speak':
      deps.notify({ kind: 'speak', text: text(action.phrase), level: 'info', at: f.t });
      return;
    case 'play-sound':
      deps.notify({ kind: 'sound', text: action.sound, level: 'info', at: f.t });
      return;
    case 'command':
      void deps.commands.execute({ assetId: action.assetId, command: action.command, params: action.params }, `rule:${f.rule.id}`).then((o) => {
        if (!o.ok) failed(deps, f, `command ${action.command} failed: ${o.detail}`);
      });
      return;
    case 'ptz-to-source': {
      const object = f.source.kind === 'device' ? (f.source.deviceId === null ? null : `device:${f.source.deviceId}`) : f.source.kind === 'asset' ? `asset:${f.source.id.replace(/^asset:/, '')}` : null;
      const preset = object ? deps.nearestPreset?.(object) ?? null : null;
      if (!preset) throw new Error(`no PTZ preset is placed on a map with ${f.source.name || 'the source'}`);
      void deps.commands.execute({ assetId: preset.assetId, command: 'ptz-preset', params: { presetId: preset.presetId } }, `rule:${f.rule.id}`).then((o) => {
        if (!o.ok) failed(deps, f, `ptz-to-source: ${preset.assetId} preset ${preset.presetId} failed: ${o.detail}`);
      });
      return;
    }
    case 'http':
      void guardedCall(deps.targets ?? ANYWHERE, action.url, action.method, action.method === 'POST' ? text(action.body ?? '') : undefined, action.timeoutMs)
        .then((status) => { if (status >= 400) failed(deps, f, `HTTP ${action.method} ${action.url} answered ${status}`); })
        .catch((err: unknown) => {
          // Operators see that it failed; why (refused, connection refused, timeout) is for the admin's log only.
          deps.log?.(`rule ${f.rule.id}: HTTP ${action.method} ${action.url} failed: ${err instanceof TargetRefused ? 'refused: ' : ''}${err instanceof Error ? err.message : String(err)}`);
          failed(deps, f, `HTTP ${action.method} ${action.url} failed: target unreachable`);
        });
      return;
  }
  errors.push('unknown action');
}

function failed(deps: ActionDeps, f: Firing, description: string): EventRecord {
  return deps.events.record({ t: Date.now(), origin: 'rule', deviceId: f.source.deviceId, name: 'Rule action failed', kind: 'instant', source: f.rule.name, caption: 'Rule action failed', description, args: { rule: f.rule.id } });
}
