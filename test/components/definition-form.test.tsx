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
});
