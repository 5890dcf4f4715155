import { describe, expect, it } from 'vitest';
import { ALARM_INPUTS, ALARM_STATES, endsOneShotShelve, nextAlarmState, type AlarmInput, type AlarmState } from './state-machine.js';

// The complete table: every state × every input × latching or not. Written out by hand, so the
// test states the standard's lifecycle instead of restating the code.
type Row = [AlarmState, AlarmInput, boolean, AlarmState, boolean];
const TABLE: Row[] = [
  // state, input, latching → next state, refused?
  ['normal', 'activate', false, 'unack', false], ['normal', 'activate', true, 'unack', false],
  ['normal', 'clear', false, 'normal', false], ['normal', 'clear', true, 'normal', false],
  ['normal', 'acknowledge', false, 'normal', true], ['normal', 'acknowledge', true, 'normal', true],
  ['normal', 'reset', false, 'normal', true], ['normal', 'reset', true, 'normal', true],

  ['unack', 'activate', false, 'unack', false], ['unack', 'activate', true, 'unack', false],
  ['unack', 'clear', false, 'rtn-unack', false], ['unack', 'clear', true, 'rtn-unack', false],
  ['unack', 'acknowledge', false, 'ack', false], ['unack', 'acknowledge', true, 'ack', false],
  ['unack', 'reset', false, 'unack', true], ['unack', 'reset', true, 'unack', true],

  ['ack', 'activate', false, 'unack', false], ['ack', 'activate', true, 'unack', false],
  ['ack', 'clear', false, 'normal', false], ['ack', 'clear', true, 'latched', false],
  ['ack', 'acknowledge', false, 'ack', true], ['ack', 'acknowledge', true, 'ack', true],
  ['ack', 'reset', false, 'ack', true], ['ack', 'reset', true, 'ack', true],

  ['rtn-unack', 'activate', false, 'unack', false], ['rtn-unack', 'activate', true, 'unack', false],
  ['rtn-unack', 'clear', false, 'rtn-unack', false], ['rtn-unack', 'clear', true, 'rtn-unack', false],
  ['rtn-unack', 'acknowledge', false, 'normal', false], ['rtn-unack', 'acknowledge', true, 'latched', false],
  ['rtn-unack', 'reset', false, 'rtn-unack', true], ['rtn-unack', 'reset', true, 'rtn-unack', true],

  ['latched', 'activate', false, 'unack', false], ['latched', 'activate', true, 'unack', false],
  ['latched', 'clear', false, 'latched', false], ['latched', 'clear', true, 'latched', false],
  ['latched', 'acknowledge', false, 'latched', true], ['latched', 'acknowledge', true, 'latched', true],
  ['latched', 'reset', false, 'normal', false], ['latched', 'reset', true, 'normal', false],
];

describe('ISA-18.2 alarm state machine', () => {
  it('covers every state × input × latching exactly once', () => {
    expect(TABLE).toHaveLength(ALARM_STATES.length * ALARM_INPUTS.length * 2);
    const keys = new Set(TABLE.map(([s, i, l]) => `${s}/${i}/${l}`));
    expect(keys.size).toBe(TABLE.length);
  });

  it.each(TABLE)('%s + %s (latching %s) → %s (refused %s)', (state, input, latching, next, refused) => {
    const t = nextAlarmState(state, input, latching);
    expect(t.state).toBe(next);
    expect(t.refused !== null).toBe(refused);
  });

  it('never refuses the condition, only operators', () => {
    for (const s of ALARM_STATES) for (const l of [true, false]) {
      expect(nextAlarmState(s, 'activate', l).refused).toBeNull();
      expect(nextAlarmState(s, 'clear', l).refused).toBeNull();
    }
  });
});

describe('one-shot shelve', () => {
  it('ends when a returned alarm is acknowledged back to normal, not only when the condition clears', () => {
    expect(endsOneShotShelve('rtn-unack', 'normal')).toBe(true);
    expect(endsOneShotShelve('latched', 'normal')).toBe(true);
    expect(endsOneShotShelve('unack', 'rtn-unack')).toBe(true);
    expect(endsOneShotShelve('ack', 'latched')).toBe(true);
    expect(endsOneShotShelve('unack', 'ack')).toBe(false);
    expect(endsOneShotShelve('rtn-unack', 'latched')).toBe(false);
    expect(endsOneShotShelve('rtn-unack', 'unack')).toBe(false);
  });
});
