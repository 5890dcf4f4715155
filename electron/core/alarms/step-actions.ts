import type { AlarmView } from '../../../shared/alarms/definitions.js';
import { describeStepAction } from '../../../shared/alarms/checklist.js';
import type { CommandView } from '../../../shared/site/views.js';
import type { WatchdeskApp } from '../app.js';
import { ApiError } from '../errors.js';
import { runActions } from '../rules/actions.js';
import type { Actor } from './alarm-service.js';

/** How long a step waits for the site to confirm its command before it says "sent". */
const SETTLE_MS = 5000;

export interface StepRunReply {
  alarm: AlarmView;
  commands: CommandView[];
}

/**
 * Runs the action linked to a step of a standing alarm's procedure, as the operator who clicked
 * it: the command table applies to their role, the command is audited as theirs, and the
 * outcome goes on the step, in the alarm's history and the audit trail.
 */
export async function runStepAction(app: WatchdeskApp, alarmId: number, stepId: string, actor: Actor): Promise<StepRunReply> {
  const { alarm, step } = app.alarms.procedureStep(alarmId, stepId);
  if (alarm.state === 'normal') throw new ApiError(409, 'refused', `alarm ${alarmId} is not standing`);
  const action = step.action;
  if (!action) throw new ApiError(400, 'invalid', `step ${stepId} of ${alarm.name}'s procedure has no action to run`);
  let commands: CommandView[] = [];
  let outcome: { ok: boolean; detail: string };
  try {
    switch (action.type) {
      case 'command':
        commands = app.site.command([action.assetId], action.command, action.params, actor, true);
        break;
      case 'ptz-preset':
        commands = app.site.command([action.assetId], 'ptz-preset', { presetId: action.presetId }, actor, true);
        break;
      case 'site-command':
        commands = [app.site.systemCommand(action.command, action.params, actor)];
        break;
      case 'rule-action': {
        const errors = runActions({
          rule: { id: `alarm-${alarmId}-step-${stepId}`, name: `${alarm.name}: ${step.text}`, enabled: true, when: { type: 'state', to: 'manual' }, do: [action.action] },
          output: 'activate', source: alarm.source, value: alarm.value, t: Date.now(),
          vars: { device: alarm.source.name, value: alarm.value === null ? '' : String(alarm.value), event: alarm.name, point: '', rule: alarm.ruleId ?? '' },
        }, {
          alarms: app.alarms, events: app.events, registry: app.registry, commands: app.commands, targets: app.targets, log: app.log,
          notify: (n) => app.hub.notify(n), deviceChanged: (id) => app.hub.deviceChanged(id), nearestPreset: (o) => app.maps.nearestPreset(o),
        });
        commands = [];
        outcome = errors.length ? { ok: false, detail: errors.join('; ') } : { ok: true, detail: describeStepAction(action) };
        return { alarm: app.alarms.recordStepRun(alarmId, stepId, actor, outcome, action), commands };
      }
    }
  } catch (err) {
    // Refused before anything was sent (the command table, a bad parameter): recorded, then said.
    const detail = err instanceof Error ? err.message : String(err);
    app.alarms.recordStepRun(alarmId, stepId, actor, { ok: false, detail }, action);
    throw err;
  }
  commands = await settle(app, commands);
  const failed = commands.find((c) => c.status === 'failed');
  const pending = commands.some((c) => c.status === 'pending');
  outcome = failed ? { ok: false, detail: `${describeStepAction(action)}: ${failed.reason ?? 'failed'}` }
    : { ok: true, detail: `${describeStepAction(action)}${pending ? ': sent, not yet confirmed' : ': confirmed'}` };
  return { alarm: app.alarms.recordStepRun(alarmId, stepId, actor, outcome, action), commands };
}

/** The commands once the site confirmed or refused them, or as they stand after a few seconds. */
async function settle(app: WatchdeskApp, commands: CommandView[]): Promise<CommandView[]> {
  const until = Date.now() + SETTLE_MS;
  for (;;) {
    const now = commands.map((c) => app.site.commands.get(c.id) ?? c);
    if (now.every((c) => c.status !== 'pending') || Date.now() >= until) return now;
    await new Promise((r) => setTimeout(r, 50));
  }
}
