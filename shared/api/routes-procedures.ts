import { z } from 'zod';
import type { AlarmView } from '../alarms/definitions.js';
import type { CommandView } from '../site/views.js';
import { IdParams, route, typed } from './define.js';

const StepParams = IdParams.extend({ step: z.string().min(1).max(32) });

/** An alarm's procedure as a checklist: tick a step, run its action. */
export const procedureRoutes = {
  'alarms.steps.check': route({
    method: 'POST', path: '/alarms/{id}/steps/{step}/check', role: 'operator', label: 'Step check',
    summary: "Check a step of a standing alarm's procedure, with a comment (required where the step says so); kept in the alarm's history and the audit trail.",
    params: StepParams, body: z.object({ comment: z.string().max(1000).default('') }), reply: typed<AlarmView>('Alarm'),
  }),
  'alarms.steps.run': route({
    method: 'POST', path: '/alarms/{id}/steps/{step}/run', role: 'operator', label: 'Step action',
    summary: "Run the action linked to a step (an asset command, a system command, a PTZ preset, a rule action) as this operator; waits up to 5 s for the site's confirmation.",
    params: StepParams, reply: typed<{ alarm: AlarmView; commands: CommandView[] }>('StepRun'),
  }),
} as const;
