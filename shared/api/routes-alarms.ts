import { z } from 'zod';
import { AlarmDefinitionSchema, type AlarmDefinition, type AlarmView } from '../alarms/definitions.js';
import type { AlarmKpis } from '../alarms/kpis.js';
import { RuleSchema, type Rule } from '../rules/schema.js';
import { IdParams, NameParams, checkedByCore, qInt, qTime, route, typed } from './define.js';
import { CommentSchema, EmptySchema, ForwardSchema, NewOperatorSchema, OperatorChangeSchema, ReasonSchema, SelectionSchema, ShelveSchema } from './schemas.js';
import type { AlarmActionOutcome, AlarmStep, AuditEntryView, AuditVerdict, OperatorView, RuleView } from './views.js';

/** What an operator can do to an alarm: one route for one alarm, one for a selection. */
const ALARM_ACTIONS = {
  acknowledge: { role: 'operator', body: CommentSchema, label: 'Acknowledge', summary: 'Acknowledge an alarm.' },
  'force-acknowledge': { role: 'supervisor', body: CommentSchema, label: 'Force-acknowledge', summary: 'Acknowledge an alarm another operator is investigating (supervisor).' },
  reset: { role: 'operator', body: CommentSchema, label: 'Reset', summary: 'Reset a latched alarm whose condition has cleared.' },
  shelve: { role: 'operator', body: ShelveSchema, label: 'Shelve', summary: 'Shelve an alarm with a reason, for a time or one-shot.' },
  unshelve: { role: 'operator', body: CommentSchema, label: 'Unshelve', summary: 'Lift a shelve.' },
  investigate: { role: 'operator', body: EmptySchema, label: 'Investigate', summary: 'Claim an alarm: others see who handles it.' },
  forward: { role: 'operator', body: ForwardSchema, label: 'Forward', summary: 'Forward an alarm to another operator with a message.' },
  'out-of-service': { role: 'supervisor', body: ReasonSchema, label: 'Out of service', summary: 'Take an alarm out of service with a reason.' },
  'in-service': { role: 'supervisor', body: EmptySchema, label: 'In service', summary: 'Return an alarm to service.' },
} as const;
export type AlarmAction = keyof typeof ALARM_ACTIONS;
export const ALARM_ACTION_NAMES = Object.keys(ALARM_ACTIONS) as AlarmAction[];

type Actions = typeof ALARM_ACTIONS;
type One<K extends AlarmAction> = { method: 'POST'; path: string; role: Actions[K]['role']; summary: string; label: string; params: typeof IdParams; body: Actions[K]['body']; reply: z.ZodType<AlarmView>; conflict: string };

/** On a site of several nodes the version check makes a 409 too (docs/api.md). */
const CONFLICT = 'Refused by the alarm\'s state, or `stale`: changed on another node first. `error.current` is the alarm as it stands.';
type Many<K extends AlarmAction> = {
  method: 'POST'; path: string; role: Actions[K]['role']; summary: string; label: string;
  body: z.ZodType<z.output<Actions[K]['body']> & { ids: number[]; versions?: Record<string, number> }, z.input<Actions[K]['body']> & { ids: number[]; versions?: Record<string, number> }>;
  reply: z.ZodType<AlarmActionOutcome[]>;
};
type ActionRoutes = { [K in AlarmAction as `alarms.${K}`]: One<K> } & { [K in AlarmAction as `alarms.${K}.selection`]: Many<K> };

function actionRoutes(): ActionRoutes {
  const out: Record<string, unknown> = {};
  for (const [name, a] of Object.entries(ALARM_ACTIONS)) {
    out[`alarms.${name}`] = { method: 'POST', path: `/alarms/{id}/${name}`, role: a.role, summary: a.summary, label: a.label, params: IdParams, body: a.body, reply: typed<AlarmView>('Alarm'), conflict: CONFLICT };
    out[`alarms.${name}.selection`] = {
      method: 'POST', path: `/alarms/${name}`, role: a.role, summary: `${a.summary.replace(/\.$/, '')}: the same on a selection; each alarm answers for itself.`, label: a.label,
      body: (a.body as z.ZodObject).extend(SelectionSchema.shape), reply: typed<AlarmActionOutcome[]>('AlarmActionOutcomeList'),
    };
  }
  return out as ActionRoutes;
}

const AuditFilter = z.object({ from: qTime.optional(), to: qTime.optional(), actor: z.string().max(64).optional(), action: z.string().max(64).optional(), limit: qInt.min(1).optional() });

/** Alarms, alarm definitions, rules, operators, the audit trail and KPIs. */
export const alarmRoutes = {
  'alarms.list': route({
    method: 'GET', path: '/alarms', role: 'operator', summary: 'Alarms: standing by default, or filtered.',
    query: z.object({ state: z.string().max(16).optional(), priority: qInt.optional(), source: z.string().max(256).optional(), from: qTime.optional(), to: qTime.optional() }),
    reply: typed<AlarmView[]>('AlarmList'),
  }),
  'alarms.get': route({ method: 'GET', path: '/alarms/{id}', role: 'operator', summary: 'One alarm.', params: IdParams, reply: typed<AlarmView>('Alarm') }),
  'alarms.history': route({ method: 'GET', path: '/alarms/{id}/history', role: 'operator', summary: "An alarm's steps, oldest first, with why the system took each one.", params: IdParams, reply: typed<AlarmStep[]>('AlarmHistory') }),
  ...actionRoutes(),

  'alarmDefinitions.list': route({ method: 'GET', path: '/alarm-definitions', role: 'operator', summary: 'Alarm definitions.', reply: typed<AlarmDefinition[]>('AlarmDefinitionList') }),
  'alarmDefinitions.create': route({ method: 'POST', path: '/alarm-definitions', role: 'supervisor', status: 201, summary: 'Create an alarm definition.', body: checkedByCore(AlarmDefinitionSchema), reply: typed<AlarmDefinition>('AlarmDefinition') }),
  'alarmDefinitions.update': route({ method: 'PUT', path: '/alarm-definitions/{id}', role: 'supervisor', summary: 'Replace an alarm definition.', params: NameParams, body: checkedByCore(AlarmDefinitionSchema), reply: typed<AlarmDefinition>('AlarmDefinition') }),
  'alarmDefinitions.delete': route({ method: 'DELETE', path: '/alarm-definitions/{id}', role: 'supervisor', status: 204, summary: 'Delete an alarm definition that no alarm or rule uses.', params: NameParams, reply: z.void() }),

  'rules.list': route({ method: 'GET', path: '/rules', role: 'operator', summary: 'Rules with their version, warnings and counters.', reply: typed<RuleView[]>('RuleList') }),
  'rules.create': route({ method: 'POST', path: '/rules', role: 'supervisor', status: 201, summary: 'Create a rule.', body: checkedByCore(RuleSchema), reply: typed<RuleView>('RuleView') }),
  'rules.import': route({ method: 'POST', path: '/rules/import', role: 'supervisor', status: 201, summary: 'Import rules (create or replace each).', body: checkedByCore(z.array(RuleSchema)), reply: typed<RuleView[]>('RuleList') }),
  'rules.export': route({ method: 'GET', path: '/rules/export', role: 'operator', summary: 'Every rule as a file to import elsewhere.', reply: typed<Rule[]>('RuleExport') }),
  'rules.get': route({ method: 'GET', path: '/rules/{id}', role: 'operator', summary: 'One rule.', params: NameParams, reply: typed<RuleView>('RuleView') }),
  'rules.versions': route({ method: 'GET', path: '/rules/{id}/versions', role: 'operator', summary: 'Every saved version of a rule.', params: NameParams, reply: typed<Array<{ version: number; body: unknown; actor: string; at: number }>>('RuleVersionList') }),
  'rules.update': route({ method: 'PUT', path: '/rules/{id}', role: 'supervisor', summary: 'Replace a rule (a new version).', params: NameParams, body: checkedByCore(RuleSchema), reply: typed<RuleView>('RuleView') }),
  'rules.delete': route({ method: 'DELETE', path: '/rules/{id}', role: 'supervisor', status: 204, summary: 'Delete a rule.', params: NameParams, reply: z.void() }),

  'operators.list': route({ method: 'GET', path: '/operators', role: 'supervisor', summary: 'Operators (never their password hashes).', reply: typed<OperatorView[]>('OperatorList') }),
  'operators.create': route({ method: 'POST', path: '/operators', role: 'admin', status: 201, label: 'Operator', summary: 'Create an operator.', body: NewOperatorSchema, reply: typed<OperatorView>('Operator') }),
  'operators.update': route({ method: 'PUT', path: '/operators/{id}', role: 'admin', label: 'Operator change', summary: "Change an operator's role, disable them, or reset their password.", params: IdParams, body: OperatorChangeSchema, reply: typed<OperatorView>('Operator') }),

  'audit.list': route({ method: 'GET', path: '/audit', role: 'supervisor', summary: 'The audit trail, newest first.', query: AuditFilter, reply: typed<AuditEntryView[]>('AuditList') }),
  'audit.verify': route({ method: 'GET', path: '/audit/verify', role: 'supervisor', summary: "Check the audit trail's hash chain.", reply: typed<AuditVerdict>('AuditVerdict') }),
  'audit.export': route({ method: 'GET', path: '/audit/export', role: 'supervisor', kind: 'binary', summary: 'The audit trail as a JSON or CSV download (itself audited).', query: AuditFilter.extend({ format: z.enum(['json', 'csv']).optional() }), reply: z.string().meta({ description: 'application/json or text/csv attachment' }) }),

  'kpis.get': route({ method: 'GET', path: '/kpis', role: 'operator', summary: 'ISA-18.2 alarm KPIs over a window (24 h by default).', query: z.object({ from: qTime.optional(), to: qTime.optional() }), reply: typed<AlarmKpis>('AlarmKpis') }),
} as const;
