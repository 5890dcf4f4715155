import { RuleSchema } from '../../../../shared/rules/schema.js';

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
