// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { DefinitionForm, definitionErrors } from '../../renderer/src/features/rules/definition-form.js';

afterEach(cleanup);

describe('the alarm definition form', () => {
  it('starts empty, marks what is missing, and saves the definition with its procedure', () => {
    const onSave = vi.fn();
    render(<DefinitionForm initial={{ id: '', name: '', priority: 100, category: 'general', procedure: '', latching: false, maxShelveS: 28800 }} creating onSave={onSave} />);
    expect(screen.getByTestId('definition-form-verdict').textContent).toBe('2 field(s) to fix');
    fireEvent.change(screen.getByTestId('definition-id'), { target: { value: 'FIRE' } });
    fireEvent.change(screen.getByTestId('definition-name'), { target: { value: 'Fire alarm' } });
    fireEvent.change(screen.getByTestId('definition-priority'), { target: { value: '1' } });
    fireEvent.change(screen.getByTestId('definition-procedure'), { target: { value: 'Call 112.\nEvacuate.' } });
    fireEvent.click(screen.getByTestId('definition-latching'));
    expect(screen.getByTestId('definition-form-verdict').textContent).toBe('Ready to save');
    fireEvent.click(screen.getByTestId('definition-form-save'));
    expect(onSave).toHaveBeenCalledWith(expect.objectContaining({ id: 'FIRE', name: 'Fire alarm', priority: 1, latching: true, procedure: 'Call 112.\nEvacuate.' }));
    expect(definitionErrors({ id: 'X', name: 'X', priority: 0 })).toHaveProperty('priority');
  });

  it('edits the procedure as steps with a comment to require and a PTZ action', () => {
    const onSave = vi.fn();
    render(<DefinitionForm initial={{ id: 'DOOR', name: 'Door forced', priority: 20, category: 'access', procedure: '', latching: true, maxShelveS: 28800 }} creating={false} onSave={onSave} />);
    fireEvent.click(screen.getByTestId('step-add'));
    expect(screen.getByTestId('definition-form-verdict').textContent).toBe('1 field(s) to fix');
    fireEvent.change(screen.getByTestId('step-0-text'), { target: { value: 'Turn camera 3 to the door' } });
    fireEvent.change(screen.getByTestId('step-0-action'), { target: { value: 'ptz-preset' } });
    fireEvent.change(screen.getByTestId('step-0-asset'), { target: { value: 'camera-03' } });
    expect(screen.getByTestId('definition-form-verdict').textContent).toBe('1 field(s) to fix');
    fireEvent.change(screen.getByTestId('step-0-preset'), { target: { value: '2' } });
    fireEvent.click(screen.getByTestId('step-add'));
    fireEvent.change(screen.getByTestId('step-1-text'), { target: { value: 'Send a guard' } });
    fireEvent.click(screen.getByTestId('step-1-require-comment'));
    fireEvent.click(screen.getByTestId('definition-require-steps'));
    expect(screen.getByTestId('definition-form-verdict').textContent).toBe('Ready to save');
    fireEvent.click(screen.getByTestId('definition-form-save'));
    expect(onSave).toHaveBeenCalledWith(expect.objectContaining({
      requireSteps: true,
      steps: [
        { id: 'step-1', text: 'Turn camera 3 to the door', requireComment: false, action: { type: 'ptz-preset', assetId: 'camera-03', presetId: '2' } },
        { id: 'step-2', text: 'Send a guard', requireComment: true, action: undefined },
      ],
    }));
  });
});
