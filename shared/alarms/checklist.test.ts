import { describe, expect, it } from 'vitest';
import { AlarmDefinitionSchema } from './definitions.js';
import { effectiveSteps, openSteps, tickStep, type ProcedureStep } from './checklist.js';

const steps: ProcedureStep[] = [
  { id: 'look', text: 'Look at camera 3', requireComment: false, action: { type: 'ptz-preset', assetId: 'camera-03', presetId: '2' } },
  { id: 'guard', text: 'Send a guard', requireComment: true },
];

describe('a procedure as a checklist', () => {
  it('turns an old free-text procedure into one step a line', () => {
    const def = AlarmDefinitionSchema.parse({ id: 'OLD', name: 'Old', priority: 5, procedure: 'Call 112.\n\n  Evacuate.  ' });
    expect(def.steps).toEqual([]);
    expect(effectiveSteps(def)).toEqual([{ id: 'line-1', text: 'Call 112.', requireComment: false }, { id: 'line-2', text: 'Evacuate.', requireComment: false }]);
    expect(effectiveSteps({ procedure: 'ignored', steps })).toBe(steps);
  });

  it('ticks steps with who and when, needs the comments a step asks for, and lists what is open', () => {
    expect(openSteps(steps, undefined).map((s) => s.id)).toEqual(['look', 'guard']);
    const one = tickStep(steps, undefined, 'look', 'olga', 1000, '');
    if ('error' in one) throw new Error(one.error);
    expect(one.checklist.look).toEqual({ check: { by: 'olga', at: 1000, comment: '' }, run: null });
    expect(openSteps(steps, one.checklist).map((s) => s.id)).toEqual(['guard']);
    expect(tickStep(steps, one.checklist, 'guard', 'olga', 2000, '  ')).toEqual({ status: 400, error: 'comment: step 2. Send a guard needs a comment' });
    expect(tickStep(steps, one.checklist, 'look', 'bob', 2000, '')).toEqual({ status: 409, error: 'step 1. Look at camera 3 was already checked by olga' });
    expect(tickStep(steps, one.checklist, 'nope', 'bob', 2000, '')).toMatchObject({ status: 404 });
    const two = tickStep(steps, one.checklist, 'guard', 'bob', 3000, 'Sam went');
    if ('error' in two) throw new Error(two.error);
    expect(openSteps(steps, two.checklist)).toEqual([]);
    expect(two.checklist.guard!.check).toEqual({ by: 'bob', at: 3000, comment: 'Sam went' });
  });

  it('refuses a definition whose steps repeat an id or whose action is malformed', () => {
    const base = { id: 'D', name: 'D', priority: 5 };
    expect(AlarmDefinitionSchema.safeParse({ ...base, steps: [{ id: 'a', text: 'x' }, { id: 'a', text: 'y' }] }).success).toBe(false);
    expect(AlarmDefinitionSchema.safeParse({ ...base, steps: [{ id: 'a', text: 'x', action: { type: 'ptz-preset', assetId: 'c' } }] }).success).toBe(false);
    expect(AlarmDefinitionSchema.parse({ ...base, steps: [{ id: 'a', text: 'x', action: { type: 'rule-action', action: { type: 'speak', phrase: 'hi' } } }], requireSteps: true })).toMatchObject({ requireSteps: true, steps: [{ requireComment: false }] });
  });
});
