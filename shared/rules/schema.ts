import { z } from 'zod';
import { hasCredentials, NO_URL_CREDENTIALS } from '../url.js';

export const COMPARATORS = ['>', '>=', '<', '<=', '=', '≠', 'between', 'outside'] as const;
export type Comparator = (typeof COMPARATORS)[number];

const id = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must be letters, digits, _ and - (at most 64)');

export const DataTriggerSchema = z.object({
  type: z.literal('data'),
  /** A device type (every device of it) or one device. */
  deviceTypeId: z.string().optional(),
  deviceId: z.number().int().positive().optional(),
  point: z.string().min(1).max(64),
  op: z.enum(COMPARATORS),
  value: z.number(),
  /** The upper bound for `between` and `outside`. */
  value2: z.number().optional(),
  /** Off: fire when the condition becomes true. On: fire on every matching sample. */
  alwaysTrigger: z.boolean().default(false),
  /** Hysteresis: once true, the condition clears only this far back past the threshold. */
  deadband: z.number().min(0).default(0),
  /** The condition must hold this long before it counts. */
  onDelayS: z.number().min(0).max(86_400).default(0),
  /** The condition must be false this long before it clears. */
  offDelayS: z.number().min(0).max(86_400).default(0),
  /** This many matching samples in a row before it counts. */
  repeatCount: z.number().int().min(1).max(1000).default(1),
}).superRefine((t, ctx) => {
  if ((t.deviceTypeId === undefined) === (t.deviceId === undefined)) ctx.addIssue({ code: 'custom', path: ['deviceTypeId'], message: 'give either deviceTypeId or deviceId' });
  if ((t.op === 'between' || t.op === 'outside') && (t.value2 === undefined || t.value2 < t.value)) ctx.addIssue({ code: 'custom', path: ['value2'], message: `${t.op} needs value2 ≥ value` });
});

export const EventTriggerSchema = z.object({
  type: z.literal('event'),
  origin: z.enum(['tcp', 'http', 'site', 'rule', 'system']).optional(),
  deviceId: z.number().int().positive().optional(),
  /** The event's name (a HALO event identifier, a generic event's caption). Empty matches all. */
  name: z.string().max(128).default(''),
  kind: z.enum(['set', 'reset', 'instant', 'any']).default('any'),
  /** Case-sensitive "contains", as Nx's generic-event rules; empty matches all. */
  sourceContains: z.string().max(256).default(''),
  captionContains: z.string().max(256).default(''),
  descriptionContains: z.string().max(256).default(''),
});

export const StateTriggerSchema = z.object({
  type: z.literal('state'),
  deviceId: z.number().int().positive().optional(),
  /** `online` / `offline` for devices, or a custom state. */
  from: z.string().max(64).optional(),
  to: z.string().min(1).max(64),
});

export const TriggerSchema = z.discriminatedUnion('type', [DataTriggerSchema, EventTriggerSchema, StateTriggerSchema]);

const text = z.string().max(500);

export const ActionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('raise-event'), name: z.string().max(128), description: text.default('') }),
  z.object({ type: z.literal('trigger-alarm'), alarmId: z.string().max(64), autoAcknowledge: z.boolean().default(false) }),
  z.object({ type: z.literal('clear-alarm'), alarmId: z.string().max(64) }),
  z.object({ type: z.literal('set-device-state'), state: z.string().min(1).max(64) }),
  z.object({ type: z.literal('notify'), message: text, level: z.enum(['info', 'warning', 'critical']).default('info') }),
  z.object({ type: z.literal('speak'), phrase: text }),
  z.object({ type: z.literal('play-sound'), sound: z.enum(['chime', 'alert', 'siren']).default('alert') }),
  z.object({ type: z.literal('command'), assetId: z.string().max(128).optional(), command: z.string().min(1).max(64), params: z.record(z.string(), z.unknown()).default({}) }),
  /** Turns the PTZ camera whose preset point lies nearest the source, on the same map, to that preset. */
  z.object({ type: z.literal('ptz-to-source') }),
  z.object({ type: z.literal('http'), url: z.string().url().max(2048).refine((u) => /^https?:/.test(u), 'must be http or https').refine((u) => !hasCredentials(u), NO_URL_CREDENTIALS), method: z.enum(['GET', 'POST']).default('GET'), timeoutMs: z.number().int().min(100).max(30_000).default(5000), body: z.string().max(8192).optional() }),
]);

export const RuleSchema = z.object({
  id,
  name: z.string().trim().min(1).max(128),
  enabled: z.boolean().default(true),
  when: TriggerSchema,
  do: z.array(ActionSchema).min(1).max(16),
});

export type DataTrigger = z.infer<typeof DataTriggerSchema>;
export type EventTrigger = z.infer<typeof EventTriggerSchema>;
export type StateTrigger = z.infer<typeof StateTriggerSchema>;
export type Trigger = z.infer<typeof TriggerSchema>;
export type RuleAction = z.infer<typeof ActionSchema>;
export type Rule = z.infer<typeof RuleSchema>;

/**
 * What an imported rule still lacks (the IIoT plugin's warnings): an alarm or event link left
 * empty, or naming something that does not exist.
 */
export function ruleWarnings(rule: Rule, alarmExists: (id: string) => boolean): string[] {
  const out: string[] = [];
  rule.do.forEach((a, i) => {
    if ((a.type === 'trigger-alarm' || a.type === 'clear-alarm') && a.alarmId === '') out.push(`do[${i}]: the alarm link is empty`);
    else if ((a.type === 'trigger-alarm' || a.type === 'clear-alarm') && !alarmExists(a.alarmId)) out.push(`do[${i}]: alarm ${a.alarmId} does not exist`);
    if (a.type === 'raise-event' && a.name === '') out.push(`do[${i}]: the event link is empty`);
  });
  return out;
}

/** `{device}`, `{event}`, `{value}`, `{point}` in spoken phrases and messages. */
export function fillPlaceholders(template: string, vars: Record<string, string>): string {
  return template.replace(/\{(device|event|value|point|rule)\}/g, (_m, k: string) => vars[k] ?? '');
}
