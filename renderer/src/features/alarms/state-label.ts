import type { AlarmView } from '../../../../shared/alarms/definitions.js';

/** The words for an alarm's state, the same in Monitoring and Reports. */
export const STATE_LABEL: Record<AlarmView['state'], string> = {
  normal: 'NORMAL', unack: 'ACTIVE · UNACK', ack: 'ACTIVE · ACK', 'rtn-unack': 'CLEARED · UNACK', latched: 'LATCHED',
};
