import { RuleSchema } from '../../../../shared/rules/schema.js';
import { t } from '../../i18n/strings.js';

/** A rule as the form holds it: plain JSON, possibly incomplete, checked against the shared schema. */
export type Draft = Record<string, unknown>;

export const TRIGGER_DEFAULTS: Record<string, Draft> = {
  data: { type: 'data', deviceTypeId: 'halo', point: 'Noise', op: '>', value: 60 },
  event: { type: 'event', name: '', kind: 'any', sourceContains: '', captionContains: '' },
  state: { type: 'state', to: 'offline' },
};

export const ACTION_DEFAULTS: Record<string, Draft> = {
  'trigger-alarm': { type: 'trigger-alarm', alarmId: '' },
  'clear-alarm': { type: 'clear-alarm', alarmId: '' },
  speak: { type: 'speak', phrase: '' },
  notify: { type: 'notify', message: '', level: 'warning' },
  'raise-event': { type: 'raise-event', name: '', description: '' },
  'set-device-state': { type: 'set-device-state', state: '' },
  'play-sound': { type: 'play-sound', sound: 'alert' },
  command: { type: 'command', assetId: '', command: '', params: {} },
  http: { type: 'http', url: 'https://', method: 'POST' },
  'ptz-to-source': { type: 'ptz-to-source' },
};

/** A copy of `draft` with `value` at `path`; `undefined` removes the key. */
export function setIn(draft: Draft, path: ReadonlyArray<string | number>, value: unknown): Draft {
  const [head, ...rest] = path;
  const copy: Draft | unknown[] = Array.isArray(draft) ? [...(draft as unknown[])] : { ...draft };
  const current = (copy as Record<string | number, unknown>)[head!];
  const next = rest.length ? setIn((current ?? (typeof rest[0] === 'number' ? [] : {})) as Draft, rest, value) : value;
  if (next === undefined && !Array.isArray(copy)) delete (copy as Draft)[head as string];
  else (copy as Record<string | number, unknown>)[head!] = next;
  return copy as Draft;
}

/** The schema's verdict, keyed by field path ("when.value2", "do.0.alarmId"); empty when the rule is valid. */
export function fieldErrors(draft: Draft): Record<string, string> {
  const r = RuleSchema.safeParse(draft);
  if (r.success) return {};
  const out: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const key = issue.path.join('.') || '(rule)';
    out[key] ??= issue.message;
  }
  return out;
}

/** What a rule may point at, by name: the console knows these, so the form offers them and checks them. */
export interface RuleRefs {
  devices: ReadonlyArray<{ id: number; name: string; typeId: string }>;
  types: ReadonlyArray<{ id: string; name: string; points: readonly string[] }>;
  alarms: ReadonlyArray<{ id: string; name: string }>;
}

/** The data points a data trigger may watch: those of its device type, or of its one device's type. */
export function pointsFor(when: Draft, refs: RuleRefs): readonly string[] | null {
  const typeId = when.deviceId !== undefined ? refs.devices.find((d) => d.id === when.deviceId)?.typeId : when.deviceTypeId;
  return refs.types.find((t) => t.id === typeId)?.points ?? null;
}

/**
 * The schema's verdict plus the links: a rule that names a device, type, data point or alarm
 * that does not exist, or leaves its alarm empty, is not ready to save.
 */
export function ruleProblems(draft: Draft, refs: RuleRefs): Record<string, string> {
  const out = fieldErrors(draft);
  const when = (draft.when ?? {}) as Draft;
  if (when.type === 'data') {
    if (when.deviceId !== undefined && !refs.devices.some((d) => d.id === when.deviceId)) out['when.deviceId'] ??= t('rules.problem.device');
    if (when.deviceTypeId !== undefined && !refs.types.some((t) => t.id === when.deviceTypeId)) out['when.deviceTypeId'] ??= t('rules.problem.deviceType');
    const points = pointsFor(when, refs);
    if (points && typeof when.point === 'string' && when.point && !points.includes(when.point)) out['when.point'] ??= t('rules.problem.point');
  }
  const actions = Array.isArray(draft.do) ? (draft.do as Draft[]) : [];
  actions.forEach((a, i) => {
    if (a.type !== 'trigger-alarm' && a.type !== 'clear-alarm') return;
    if (!a.alarmId) out[`do.${i}.alarmId`] ??= t('rules.problem.alarm');
    else if (!refs.alarms.some((d) => d.id === a.alarmId)) out[`do.${i}.alarmId`] ??= t('rules.problem.noAlarm');
  });
  return out;
}
