// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { ChecklistPanel } from '../../renderer/src/features/alarms/checklist-panel.js';
import type { ProcedureStep } from '../../shared/alarms/checklist.js';
import { alarm, fakeBridge } from './fake-bridge.js';

afterEach(cleanup);

const steps: ProcedureStep[] = [
  { id: 'look', text: 'Turn camera 3 to the door', requireComment: false, action: { type: 'ptz-preset', assetId: 'camera-03', presetId: '2' } },
  { id: 'guard', text: 'Send a guard', requireComment: true },
];

describe('the checklist panel', () => {
  it('shows each step with who checked it, and what is still open', () => {
    const a = alarm(1, { steps, requireSteps: true, checklist: { look: { check: { by: 'olga', at: 1_000, comment: 'door shut' }, run: { by: 'olga', at: 900, ok: true, detail: 'PTZ camera-03 to preset 2: confirmed' } } } });
    render(<ChecklistPanel bridge={fakeBridge()} alarm={a} />);
    expect(screen.getByTestId('checklist-progress-1').textContent).toBe('1 of 2 checked');
    expect(screen.getByTestId('checklist-required-1')).toBeTruthy();
    expect(screen.getByTestId('step-check-1-look')).toHaveProperty('checked', true);
    expect(screen.getByTestId('step-check-1-look')).toHaveProperty('disabled', true);
    expect(screen.getByTestId('step-done-1-look').textContent).toContain('olga');
    expect(screen.getByTestId('step-done-1-look').textContent).toContain('“door shut”');
    expect(screen.getByTestId('step-ran-1-look').textContent).toContain('PTZ camera-03 to preset 2: confirmed');
    expect(screen.getByTestId('step-check-1-guard')).toHaveProperty('checked', false);
  });

  it('needs the comment a step asks for before it can be ticked, and sends it', async () => {
    const bridge = fakeBridge({ 'alarms.steps.check': () => alarm(1) });
    render(<ChecklistPanel bridge={bridge} alarm={alarm(1, { steps, checklist: {} })} />);
    expect(screen.getByTestId('step-check-1-guard')).toHaveProperty('disabled', true);
    fireEvent.change(screen.getByTestId('step-comment-1-guard'), { target: { value: 'Sam went' } });
    expect(screen.getByTestId('step-check-1-guard')).toHaveProperty('disabled', false);
    fireEvent.click(screen.getByTestId('step-check-1-guard'));
    expect(bridge.call).toHaveBeenCalledWith('alarms.steps.check', { params: { id: 1, step: 'guard' }, body: { comment: 'Sam went' } });
    await waitFor(() => expect((screen.getByTestId('step-comment-1-guard') as HTMLInputElement).value).toBe(''));
  });

  it("runs a step's action and says why it was refused", async () => {
    const bridge = fakeBridge({ 'alarms.steps.run': () => Promise.reject(new Error('the command table does not allow operators to run ptz-preset on cameras')) });
    render(<ChecklistPanel bridge={bridge} alarm={alarm(1, { steps, checklist: {} })} />);
    expect(screen.getByTestId('step-run-1-look').textContent).toBe('Run: PTZ camera-03 to preset 2');
    expect(screen.queryByTestId('step-run-1-guard')).toBeNull();
    fireEvent.click(screen.getByTestId('step-run-1-look'));
    expect(bridge.call).toHaveBeenCalledWith('alarms.steps.run', { params: { id: 1, step: 'look' } });
    await waitFor(() => expect(screen.getByTestId('step-error-1-look').textContent).toMatch(/does not allow operators/));
  });

  it('works an old free-text procedure as one step a line, and offers nothing once the alarm is back to normal', () => {
    render(<ChecklistPanel bridge={fakeBridge()} alarm={alarm(2, { procedure: 'Call 112.\nEvacuate.', state: 'normal' })} />);
    expect(screen.getByTestId('checklist-2').textContent).toContain('Procedure: Call 112.');
    expect(screen.getByTestId('checklist-progress-2').textContent).toBe('0 of 2 checked');
    expect(screen.getByTestId('step-check-2-line-2')).toHaveProperty('disabled', true);
    expect(screen.queryByTestId('step-comment-2-line-1')).toBeNull();
  });
});
