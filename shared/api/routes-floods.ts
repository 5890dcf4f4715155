import { z } from 'zod';
import { FloodSettingsSchema, type FloodSettings } from '../alarms/flood-groups.js';
import { route, typed } from './define.js';

/** The drills the demo site can run, each through the simulated site's or HALOs' real paths. */
export const DRILL_KINDS = ['evacuation', 'vape', 'camera-network', 'gunshot'] as const;
export type DrillKind = (typeof DRILL_KINDS)[number];

export interface DrillOutcome {
  kind: DrillKind;
  /** What the drill set going, in the operators' words. */
  started: string;
  at: number;
}

/** Alarm floods (the site's N and M) and the demo's drills. */
export const floodRoutes = {
  'floods.settings': route({ method: 'GET', path: '/flood-settings', role: 'operator', summary: 'When alarms collapse into a flood group: more than `count` of one definition or cause within `minutes`.', reply: typed<FloodSettings>('FloodSettings') }),
  'floods.updateSettings': route({ method: 'PUT', path: '/flood-settings', role: 'admin', label: 'Flood settings', summary: 'Change the flood settings (audited).', body: FloodSettingsSchema, reply: typed<FloodSettings>('FloodSettings') }),
  'drills.run': route({
    method: 'POST', path: '/drills/{kind}', role: 'supervisor', status: 202, label: 'Drill',
    summary: 'Start a drill on the demo site: an evacuation (every door forced open), a vape in a bathroom, a camera network failure (the connection lost for two minutes), a gunshot on a HALO (audited).',
    params: z.object({ kind: z.enum(DRILL_KINDS) }),
    body: z.object({ spreadS: z.number().int().min(0).max(120).optional().meta({ description: 'evacuation: the seconds over which the doors open (20 by default, at most 120)' }) }).optional(), reply: typed<DrillOutcome>('DrillOutcome'),
  }),
} as const;
