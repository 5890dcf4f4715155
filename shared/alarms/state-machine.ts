/**
 * The ISA-18.2 / IEC 62682 alarm states (as OPC UA Part 9 models them):
 * - `normal`: condition clear, nothing to do;
 * - `unack`: active, unacknowledged;
 * - `ack`: active, acknowledged;
 * - `rtn-unack`: returned to normal, still unacknowledged;
 * - `latched`: returned to normal and acknowledged, but the alarm latches: an operator resets it.
 */
export const ALARM_STATES = ['normal', 'unack', 'ack', 'rtn-unack', 'latched'] as const;
export type AlarmState = (typeof ALARM_STATES)[number];

/** What can happen to an alarm: the condition (`activate`, `clear`) or an operator (`acknowledge`, `reset`). */
export const ALARM_INPUTS = ['activate', 'clear', 'acknowledge', 'reset'] as const;
export type AlarmInput = (typeof ALARM_INPUTS)[number];

export interface Transition {
  state: AlarmState;
  /** Why an operator input changed nothing; null when it applied or was the condition's. */
  refused: string | null;
}

const ok = (state: AlarmState): Transition => ({ state, refused: null });
const no = (state: AlarmState, refused: string): Transition => ({ state, refused });

/** The whole lifecycle, as one pure function. */
export function nextAlarmState(state: AlarmState, input: AlarmInput, latching: boolean): Transition {
  switch (input) {
    case 'activate':
      // A new activation, including a re-trigger while acknowledged, needs a new acknowledge.
      return ok('unack');
    case 'clear':
      if (state === 'unack') return ok('rtn-unack');
      if (state === 'ack') return ok(latching ? 'latched' : 'normal');
      return ok(state);
    case 'acknowledge':
      if (state === 'unack') return ok('ack');
      if (state === 'rtn-unack') return ok(latching ? 'latched' : 'normal');
      return no(state, state === 'normal' ? 'the alarm is not active' : 'the alarm is already acknowledged');
    case 'reset':
      if (state === 'latched') return ok('normal');
      if (state === 'normal') return no(state, 'the alarm is not active');
      return no(state, state === 'rtn-unack' ? 'acknowledge the alarm before resetting it' : 'the condition is still active: only a cleared, latched alarm can be reset');
  }
}

/** An alarm in any state but normal is still in the operator's list. */
export const isStanding = (state: AlarmState): boolean => state !== 'normal';
/** Unacknowledged alarms blink and sound. */
export const needsAcknowledge = (state: AlarmState): boolean => state === 'unack' || state === 'rtn-unack';
/** The process condition is active. */
export const isActive = (state: AlarmState): boolean => state === 'unack' || state === 'ack';

/**
 * A one-shot shelve covers one occurrence: it ends when the condition clears or the alarm gets
 * back to normal, whatever the path (clear, acknowledge of a returned alarm, reset), so the next
 * activation is annunciated.
 */
export const endsOneShotShelve = (from: AlarmState, to: AlarmState): boolean => to === 'normal' || (isActive(from) && !isActive(to));
