import type { AlarmView } from '../../../shared/alarms/definitions.js';
import type { AlarmAction } from '../../../shared/api/routes-alarms.js';
import type { AlarmActionOutcome, Bridge } from '../../../shared/bridge.js';

/** An alarm action by its name (`acknowledge`, `shelve`, …); the core checks the body against that action's schema. */
export function alarmAction(bridge: Bridge, id: number, action: AlarmAction, body: Record<string, unknown> = {}): Promise<AlarmView> {
  return bridge.call(`alarms.${action}` as 'alarms.acknowledge', { params: { id }, body: body as never });
}

/** The same action on a selection; each alarm answers for itself. */
export function alarmActions(bridge: Bridge, ids: number[], action: AlarmAction, body: Record<string, unknown> = {}, versions?: Record<string, number>): Promise<AlarmActionOutcome[]> {
  return bridge.call(`alarms.${action}.selection` as 'alarms.acknowledge.selection', { body: { ...body, ids, ...(versions ? { versions } : {}) } as never });
}
