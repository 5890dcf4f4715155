import { z } from 'zod';
import type { AlarmState } from './state-machine.js';
import { ProcedureStepsSchema, type Checklist, type ProcedureStep } from './checklist.js';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'must be HH:MM');

export const AlarmDefinitionSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/, 'must be letters, digits, _ and - (at most 64)'),
  name: z.string().trim().min(1).max(128),
  /** 1 is the highest. */
  priority: z.number().int().min(1).max(255),
  category: z.string().max(64).default('general'),
  /** What the operator does: the steps, shown with the alarm. */
  procedure: z.string().max(4000).default(''),
  /** The procedure as a checklist; empty: the free-text procedure, one step a line. */
  steps: ProcedureStepsSchema.default([]),
  /** A latched alarm cannot be reset until every step is checked. */
  requireSteps: z.boolean().default(false),
  /** A latching alarm stays after its condition clears until an operator resets it. */
  latching: z.boolean().default(false),
  /** No shelve may last longer. */
  maxShelveS: z.number().int().min(60).max(30 * 86_400).default(8 * 3600),
  /** Suppressed by design: maintenance windows (absolute) … */
  maintenanceWindows: z.array(z.object({ from: z.number(), to: z.number(), reason: z.string().min(1).max(200) })).max(50).default([]),
  /** … and a weekly schedule (local time; days 0 = Sunday). */
  schedule: z.array(z.object({ days: z.array(z.number().int().min(0).max(6)).min(1), start: hhmm, end: hhmm, reason: z.string().min(1).max(200) })).max(20).default([]),
});
export type AlarmDefinition = z.infer<typeof AlarmDefinitionSchema>;

/** The reason an alarm is suppressed by design at time t, or null. */
export function suppressionAt(def: AlarmDefinition, t: number): string | null {
  for (const w of def.maintenanceWindows) if (t >= w.from && t < w.to) return w.reason;
  const d = new Date(t);
  const minutes = d.getHours() * 60 + d.getMinutes();
  for (const s of def.schedule) {
    if (!s.days.includes(d.getDay())) continue;
    const [sh, sm] = s.start.split(':').map(Number) as [number, number];
    const [eh, em] = s.end.split(':').map(Number) as [number, number];
    const start = sh * 60 + sm;
    const end = eh * 60 + em;
    if (start <= end ? minutes >= start && minutes < end : minutes >= start || minutes < end) return s.reason;
  }
  return null;
}

export interface Shelving {
  kind: 'timed' | 'one-shot';
  /** Epoch ms when a timed shelve ends: kept absolute so a restart resumes with the time left. */
  until: number | null;
  reason: string;
  by: string;
  at: number;
}

export interface AlarmSource {
  kind: 'device' | 'asset' | 'site' | 'system';
  id: string;
  name: string;
  deviceId: number | null;
  /**
   * The fault that explains this alarm (a site connection lost behind every camera's No
   * Communication): `id` is the source id of the cause's own alarm, `name` titles a flood of them.
   */
  cause?: { id: string; name: string };
  /** This alarm is a fault's own (the health monitor's Site connection lost): the id of the cause it stands for. */
  explains?: string;
}

export interface AlarmView {
  id: number;
  definitionId: string;
  name: string;
  priority: number;
  category: string;
  procedure: string;
  latching: boolean;
  state: AlarmState;
  source: AlarmSource;
  value: number | null;
  ruleId: string | null;
  activatedAt: number | null;
  /** When the condition last went away (null while active): its duration stops there. */
  clearedAt?: number | null;
  lastChangeAt: number;
  activations: number;
  chattering: boolean;
  shelved: Shelving | null;
  suppressed: string | null;
  outOfService: { reason: string; by: string; at: number } | null;
  acknowledgedBy: string | null;
  acknowledgedAt: number | null;
  comment: string;
  investigatingBy: string | null;
  forwardedTo: string | null;
  /** Who forwarded it: the recipient sees who asks, and the message. */
  forwardedBy?: string | null;
  forwardMessage: string;
  /** Shown and sounded: standing, and not shelved, suppressed or out of service. */
  annunciated: boolean;
  /** The procedure's steps (from the definition), and which of them the operator checked. */
  steps?: ProcedureStep[];
  requireSteps?: boolean;
  checklist?: Checklist;
  /** Goes up with every step; a selection sends it, so a bulk action acts only on what the operator saw. */
  version?: number;
}

export interface Notification {
  kind: 'notify' | 'speak' | 'sound' | 'alarm' | 'forward';
  text: string;
  level: 'info' | 'warning' | 'critical';
  /** For forwards: only this operator. */
  to?: string;
  alarmId?: number;
  at: number;
}
