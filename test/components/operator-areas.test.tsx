// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { OperatorsPanel } from '../../renderer/src/features/accounts/operators-panel.js';
import { useConsole } from '../../renderer/src/store/console-store.js';
import { asset, fakeBridge } from './fake-bridge.js';

const operators = [
  { id: 1, username: 'admin', role: 'admin', disabled: false, areas: [] },
  { id: 2, username: 'olga', role: 'operator', disabled: false, areas: ['Floor 1 – East'] },
];

beforeEach(() => {
  useConsole.setState({
    session: { username: 'admin', role: 'admin', expiresAt: 0 },
    assets: { d1: asset('d1', 'door', { area: 'Floor 1 – East' }), d2: asset('d2', 'door', { area: 'Floor 1 – West' }), d3: asset('d3', 'door', { area: 'Parking' }) },
  });
});
afterEach(cleanup);

describe('areas on the Operators page', () => {
  it("shows each operator's areas and lets an admin pick them from the site's", async () => {
    const bridge = fakeBridge({ 'operators.list': () => operators, 'operators.update': () => ({}) });
    render(<OperatorsPanel bridge={bridge} />);
    await waitFor(() => expect(screen.getByTestId('operator-areas-olga').textContent).toBe('Floor 1 – East'));
    expect(screen.getByTestId('operator-areas-admin').textContent).toBe('All areas');

    fireEvent.click(screen.getByTestId('operator-areas-edit-olga'));
    expect((screen.getByTestId('area-Floor 1 – East') as HTMLInputElement).checked).toBe(true);
    expect((screen.getByTestId('area-Parking') as HTMLInputElement).checked).toBe(false);
    fireEvent.click(screen.getByTestId('area-Floor 1 – West'));
    fireEvent.click(screen.getByTestId('areas-save'));
    await waitFor(() => expect(bridge.call).toHaveBeenCalledWith('operators.update', { params: { id: 2 }, body: { areas: ['Floor 1 – East', 'Floor 1 – West'] } }));
    await waitFor(() => expect(screen.getByTestId('operators-note').textContent).toBe('olga watches Floor 1 – East, Floor 1 – West.'));
  });
});
