import { describe, expect, it } from 'vitest';
import { initialCondition, meets, retrigger, stepCondition, type ConditionOutput } from './condition.js';
import { DataTriggerSchema, RuleSchema, ruleWarnings } from './schema.js';

const trigger = (extra: Record<string, unknown> = {}) => DataTriggerSchema.parse({ type: 'data', deviceTypeId: 'halo', point: 'Noise', op: '>', value: 60, ...extra });

/** Feeds [seconds, value|null] steps (null: a tick) and returns what fired, as "t:output". */
function run(extra: Record<string, unknown>, steps: Array<[number, number | null]>): string[] {
  const t = trigger(extra);
  const s = initialCondition();
  const out: string[] = [];
  for (const [sec, v] of steps) {
    const o: ConditionOutput = stepCondition(s, t, sec * 1000, v);
    if (o) out.push(`${sec}:${o}`);
  }
  return out;
}

describe('comparators', () => {
  it.each([
    ['>', 61, 60, 0, true], ['>', 60, 60, 0, false], ['>=', 60, 60, 0, true], ['<', 59, 60, 0, true], ['<=', 60, 60, 0, true],
    ['=', 60, 60, 0, true], ['=', 61, 60, 0, false], ['≠', 61, 60, 0, true], ['≠', 60, 60, 0, false],
    ['between', 55, 50, 60, true], ['between', 61, 50, 60, false], ['outside', 61, 50, 60, true], ['outside', 55, 50, 60, false],
  ] as const)('%s: %d vs %d..%d → %s', (op, v, a, b, expected) => {
    expect(meets(op, v, a, b, 0, false)).toBe(expected);
  });

  it('applies the deadband only while the condition is true', () => {
    expect(meets('>', 59, 60, 60, 2, false)).toBe(false);
    expect(meets('>', 59, 60, 60, 2, true)).toBe(true);
    expect(meets('>', 58, 60, 60, 2, true)).toBe(false);
    expect(meets('<', 11, 10, 10, 2, true)).toBe(true);
    expect(meets('between', 62, 50, 60, 3, true)).toBe(true);
    expect(meets('outside', 51, 50, 60, 3, true)).toBe(true);
    expect(meets('outside', 54, 50, 60, 3, true)).toBe(false);
  });
});

describe('data rules over timed sample streams', () => {
  const noise: Array<[number, number | null]> = [[0, 50], [1, 65], [2, 66], [3, 59], [4, 50], [5, 70]];

  it('fires on the rising edge only with "always trigger" off, and clears on the falling edge', () => {
    expect(run({}, noise)).toEqual(['1:activate', '3:clear', '5:activate']);
  });

  it('fires on every matching sample with "always trigger" on', () => {
    expect(run({ alwaysTrigger: true }, noise)).toEqual(['1:activate', '2:activate', '3:clear', '5:activate']);
  });

  it('holds through the deadband', () => {
    expect(run({ deadband: 2 }, noise)).toEqual(['1:activate', '4:clear', '5:activate']);
  });

  it('waits for the on-delay, also across ticks without samples', () => {
    expect(run({ onDelayS: 3 }, [[0, 61], [1, 62], [2, null], [3, null], [4, 50]])).toEqual(['3:activate', '4:clear']);
    expect(run({ onDelayS: 3 }, [[0, 61], [1, 62], [2, 50], [3, 61], [5, 61], [6, null]])).toEqual(['6:activate']);
  });

  it('waits for the off-delay before clearing', () => {
    expect(run({ offDelayS: 2 }, [[0, 61], [1, 50], [2, 61], [3, 50], [4, null], [5, null]])).toEqual(['0:activate', '5:clear']);
  });

  it('needs the repeat count of matching samples in a row', () => {
    expect(run({ repeatCount: 3 }, [[0, 61], [1, 62], [2, 50], [3, 61], [4, 61], [5, 61], [6, 61]])).toEqual(['5:activate']);
  });
});

describe('rules as JSON', () => {
  it('flags imported rules whose alarm or event links are empty', () => {
    const rule = RuleSchema.parse({
      id: 'r1', name: 'Noise', when: { type: 'data', deviceTypeId: 'halo', point: 'Noise', op: '>', value: 60 },
      do: [{ type: 'trigger-alarm', alarmId: '' }, { type: 'raise-event', name: '' }, { type: 'clear-alarm', alarmId: 'GONE' }],
    });
    expect(ruleWarnings(rule, (id) => id === 'NOISE')).toEqual([
      'do[0]: the alarm link is empty', 'do[1]: the event link is empty', 'do[2]: alarm GONE does not exist',
    ]);
  });

  it('refuses a data trigger without a source, or between without an upper bound', () => {
    expect(DataTriggerSchema.safeParse({ type: 'data', point: 'Noise', op: '>', value: 1 }).success).toBe(false);
    expect(DataTriggerSchema.safeParse({ type: 'data', deviceId: 1, point: 'Noise', op: 'between', value: 1 }).success).toBe(false);
  });
});

describe('a rule edit re-evaluates the condition under the new trigger', () => {
  const active = () => {
    const s = initialCondition();
    stepCondition(s, trigger(), 0, 70);
    return s;
  };

  it('stays active with no new activation while the latest value still meets it', () => {
    const s = active();
    expect(retrigger(s, trigger({ value: 65 }), 1000, 70)).toBeNull();
    expect(s.active).toBe(true);
    expect(retrigger(s, trigger({ offDelayS: 30 }), 2000, 70)).toBeNull();
  });

  it('clears when it no longer holds, after the new off-delay if there is one', () => {
    expect(retrigger(active(), trigger({ value: 80 }), 1000, 70)).toBe('clear');
    const s = active();
    expect(retrigger(s, trigger({ value: 80, offDelayS: 5 }), 1000, 70)).toBeNull();
    expect(stepCondition(s, trigger({ value: 80, offDelayS: 5 }), 6000, null)).toBe('clear');
  });

  it('activates at once when the latest value newly meets a lowered threshold; no value clears', () => {
    const s = initialCondition();
    stepCondition(s, trigger(), 0, 50);
    expect(retrigger(s, trigger({ value: 40 }), 1000, 50)).toBe('activate');
    expect(retrigger(active(), trigger({ point: 'PM10' }), 1000, NaN)).toBe('clear');
  });
});
