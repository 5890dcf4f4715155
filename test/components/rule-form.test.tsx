// @vitest-environment happy-dom
import { useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { RuleForm } from '../../renderer/src/features/rules/rule-form.js';
import { fieldErrors, ruleProblems, setIn, type Draft, type RuleRefs } from '../../renderer/src/features/rules/rule-draft.js';
import type { AlarmDefinition } from '../../shared/alarms/definitions.js';

afterEach(cleanup);

const rule: Draft = { id: 'noise', name: 'Noise', when: { type: 'data', deviceTypeId: 'halo', point: 'Noise', op: '>', value: 60 }, do: [{ type: 'trigger-alarm', alarmId: 'NOISE' }] };

describe('the rule form', () => {
  it('edits a copy at a path, and reports the schema’s complaints by field', () => {
    const changed = setIn(rule, ['do', 0, 'alarmId'], 'VAPE');
    expect((changed.do as Draft[])[0]!.alarmId).toBe('VAPE');
    expect((rule.do as Draft[])[0]!.alarmId).toBe('NOISE');
    expect(fieldErrors(rule)).toEqual({});
    expect(fieldErrors(setIn(rule, ['when', 'op'], 'between'))).toEqual({ 'when.value2': 'between needs value2 ≥ value' });
    expect(Object.keys(fieldErrors(setIn(rule, ['id'], 'no spaces allowed')))).toEqual(['id']);
    expect(setIn(rule, ['when', 'deviceTypeId'], undefined).when).not.toHaveProperty('deviceTypeId');
  });

  it('marks the field it refuses, switches trigger kinds, and adds and removes actions', () => {
    let last: Draft = rule;
    function Harness() {
      const [draft, setDraft] = useState(rule);
      last = draft;
      return <RuleForm draft={draft} onChange={setDraft} definitions={[{ id: 'NOISE', name: 'NOISE' } as AlarmDefinition]} />;
    }
    render(<Harness />);
    expect(screen.getByTestId('rule-form-verdict').textContent).toBe('Ready to save');
    fireEvent.change(screen.getByTestId('rule-value'), { target: { value: '' } });
    expect(screen.getByTestId('rule-value').getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByTestId('rule-form-verdict').textContent).toBe('1 field(s) to fix');
    fireEvent.change(screen.getByTestId('rule-value'), { target: { value: '75' } });
    expect((last.when as Draft).value).toBe(75);
    fireEvent.change(screen.getByTestId('rule-trigger'), { target: { value: 'event' } });
    fireEvent.change(screen.getByTestId('rule-event-name'), { target: { value: 'Vape' } });
    expect(last.when).toMatchObject({ type: 'event', name: 'Vape' });
    fireEvent.click(screen.getByTestId('rule-add-action'));
    fireEvent.change(screen.getByTestId('rule-phrase-1'), { target: { value: 'Vape in {device}' } });
    expect(last.do).toEqual([{ type: 'trigger-alarm', alarmId: 'NOISE' }, { type: 'speak', phrase: 'Vape in {device}' }]);
    fireEvent.click(screen.getByLabelText('Remove action 1'));
    expect(last.do).toEqual([{ type: 'speak', phrase: 'Vape in {device}' }]);
    expect(fieldErrors(last)).toEqual({});
  });

  it('offers devices, types, data points and alarms by name, and refuses links to nothing', () => {
    const refs: RuleRefs = { devices: [{ id: 4, name: 'Gymnasium', typeId: 'halo' }], types: [{ id: 'halo', name: 'HALO Smart Sensor', points: ['Noise', 'TVOC'] }], alarms: [{ id: 'NOISE', name: 'Loud noise' }] };
    expect(ruleProblems(rule, refs)).toEqual({});
    expect(ruleProblems(setIn(rule, ['do', 0, 'alarmId'], ''), refs)).toEqual({ 'do.0.alarmId': 'choose an alarm' });
    expect(ruleProblems(setIn(rule, ['do', 0, 'alarmId'], 'GONE'), refs)).toEqual({ 'do.0.alarmId': 'no such alarm definition' });
    expect(ruleProblems(setIn(rule, ['when', 'point'], 'Nosie'), refs)).toEqual({ 'when.point': 'not a data point of this device type' });
    const oneDevice = { ...rule, when: { type: 'data', deviceId: 99, point: 'Noise', op: '>', value: 60 } };
    expect(ruleProblems(oneDevice, refs)).toEqual({ 'when.deviceId': 'choose a device' });
    function Harness() {
      const [draft, setDraft] = useState<Draft>(setIn(rule, ['do', 0, 'alarmId'], ''));
      return <RuleForm draft={draft} onChange={setDraft} definitions={[{ id: 'NOISE', name: 'Loud noise', priority: 10 } as AlarmDefinition]} refs={refs} />;
    }
    render(<Harness />);
    expect(screen.getByTestId('rule-form-verdict').textContent).toBe('1 field(s) to fix');
    expect([...screen.getByTestId('rule-alarm-0').querySelectorAll('option')].map((o) => o.textContent)).toEqual(['(choose an alarm)', 'Loud noise (P10)']);
    fireEvent.change(screen.getByTestId('rule-alarm-0'), { target: { value: 'NOISE' } });
    expect(screen.getByTestId('rule-form-verdict').textContent).toBe('Ready to save');
    fireEvent.change(screen.getByTestId('rule-applies-to'), { target: { value: 'device' } });
    expect([...screen.getByTestId('rule-device').querySelectorAll('option')].map((o) => o.textContent)).toEqual(['(choose a device)', 'Gymnasium']);
    expect((screen.getByTestId('rule-device') as HTMLSelectElement).value).toBe('4');
    expect([...screen.getByTestId('rule-point').querySelectorAll('option')].map((o) => o.textContent)).toEqual(['(choose a data point)', 'Noise', 'Volatile organics (TVOC)']);
  });
});
