// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { AlarmPanel } from '../../renderer/src/features/alarms/alarm-panel.js';
import { useConsole } from '../../renderer/src/store/console-store.js';
import { alarm, fakeBridge } from './fake-bridge.js';

beforeEach(() => {
  useConsole.setState({
    session: { username: 'olga', role: 'operator', expiresAt: 0 }, muted: true, notifications: [],
    alarms: { 1: alarm(1, { priority: 120 }), 2: alarm(2, { priority: 5 }), 3: alarm(3, { priority: 60, state: 'ack' }) },
  });
});
afterEach(cleanup);

describe('the alarm list', () => {
  it('sorts by priority and acknowledges the most urgent unacknowledged alarm on A', async () => {
    const bridge = fakeBridge();
    render(<AlarmPanel bridge={bridge} />);
    const rows = screen.getAllByRole('row').slice(1).map((r) => r.getAttribute('data-testid'));
    expect(rows).toEqual(['alarm-row-2', 'alarm-row-3', 'alarm-row-1']);
    fireEvent.keyDown(window, { key: 'a' });
    expect(bridge.call).toHaveBeenCalledWith('alarms.acknowledge', { params: { id: 2 }, body: {} });
    // Typing an "a" into a field is not an acknowledgement.
    fireEvent.click(screen.getByTestId('shelve-1'));
    fireEvent.keyDown(screen.getByTestId('shelve-reason'), { key: 'a' });
    expect(bridge.call.mock.calls.filter(([name]) => String(name).startsWith('alarms.'))).toHaveLength(1);
  });

  it('will not shelve without a reason', () => {
    const bridge = fakeBridge();
    render(<AlarmPanel bridge={bridge} />);
    fireEvent.click(screen.getByTestId('shelve-1'));
    expect(screen.getByTestId('shelve-confirm')).toHaveProperty('disabled', true);
    fireEvent.change(screen.getByTestId('shelve-reason'), { target: { value: 'sensor being cleaned' } });
    fireEvent.change(screen.getByTestId('shelve-minutes'), { target: { value: '60' } });
    fireEvent.click(screen.getByTestId('shelve-confirm'));
    expect(bridge.call).toHaveBeenCalledWith('alarms.shelve', { params: { id: 1 }, body: { reason: 'sensor being cleaned', durationS: 3600 } });
  });

  it('acknowledges a selection at once and names the alarms that refused', async () => {
    const bridge = fakeBridge({ 'alarms.acknowledge.selection': () => Promise.resolve([{ id: 1, ok: true }, { id: 2, ok: false, error: 'already acknowledged' }]) });
    render(<AlarmPanel bridge={bridge} />);
    fireEvent.click(screen.getByTestId('alarm-select-1'));
    fireEvent.click(screen.getByTestId('alarm-select-2'));
    expect(screen.getByTestId('alarm-selection').textContent).toContain('2 selected');
    expect(screen.getByTestId('bulk-reset')).toHaveProperty('disabled', true);
    fireEvent.click(screen.getByTestId('bulk-acknowledge'));
    expect(bridge.call).toHaveBeenCalledWith('alarms.acknowledge.selection', { body: { ids: [1, 2] } });
    await waitFor(() => expect(screen.getByTestId('alarm-error').textContent).toBe('NOISE 2 (Bath 2): already acknowledged'));
  });

  it('drops alarms that went back to normal from the selection', () => {
    render(<AlarmPanel bridge={fakeBridge()} />);
    fireEvent.click(screen.getByTestId('alarm-select-all'));
    expect(screen.getByTestId('alarm-selection').textContent).toContain('3 selected');
    useConsole.getState().apply({ type: 'delta', seq: 1, at: 1, devices: [], removedDevices: [], events: [], eventsDropped: 0, alarms: [alarm(3, { state: 'normal' })] });
    return waitFor(() => expect(screen.getByTestId('alarm-selection').textContent).toContain('2 selected'));
  });
});

describe('a bulk action acts on what the operator selected', () => {
  it('sends only the alarms each action fits, with the versions the operator saw', () => {
    useConsole.setState({ alarms: { 1: alarm(1, { version: 4 }), 2: alarm(2, { state: 'latched', version: 7 }), 3: alarm(3, { state: 'ack', version: 2 }) } });
    const bridge = fakeBridge({ 'alarms.acknowledge.selection': () => Promise.resolve([]) });
    render(<AlarmPanel bridge={bridge} />);
    fireEvent.click(screen.getByTestId('alarm-select-all'));
    expect(screen.getByTestId('bulk-acknowledge').textContent).toBe('Acknowledge 1');
    fireEvent.click(screen.getByTestId('bulk-acknowledge'));
    expect(bridge.call).toHaveBeenCalledWith('alarms.acknowledge.selection', { body: { ids: [1], versions: { 1: 4 } } });
  });

  it('sends the version each alarm had when it was ticked, not what it became since', () => {
    useConsole.setState({ alarms: { 1: alarm(1, { version: 4 }), 2: alarm(2, { version: 9 }) } });
    const bridge = fakeBridge({ 'alarms.acknowledge.selection': () => Promise.resolve([]) });
    render(<AlarmPanel bridge={bridge} />);
    fireEvent.click(screen.getByTestId('alarm-select-1'));
    fireEvent.click(screen.getByTestId('alarm-select-2'));
    // Alarm 1 re-trips after the operator ticked it.
    useConsole.getState().apply({ type: 'delta', seq: 1, at: 1, devices: [], removedDevices: [], events: [], eventsDropped: 0, alarms: [alarm(1, { version: 6 })] });
    fireEvent.click(screen.getByTestId('bulk-acknowledge'));
    expect(bridge.call).toHaveBeenCalledWith('alarms.acknowledge.selection', { body: { ids: [1, 2], versions: { 1: 4, 2: 9 } } });
  });
});

describe('an alarm row’s detail', () => {
  it('shows the procedure and acknowledges with an optional comment', () => {
    useConsole.setState({ alarms: { 1: alarm(1, { procedure: 'Send a guard.' }) } });
    const bridge = fakeBridge();
    render(<AlarmPanel bridge={bridge} />);
    fireEvent.click(screen.getByTestId('alarm-detail-toggle-1'));
    expect(screen.getByTestId('alarm-detail-1').textContent).toContain('Procedure: Send a guard.');
    fireEvent.change(screen.getByTestId('ack-comment-1'), { target: { value: 'guard on the way' } });
    fireEvent.click(screen.getByTestId('ack-with-comment-1'));
    expect(bridge.call).toHaveBeenCalledWith('alarms.acknowledge', { params: { id: 1 }, body: { comment: 'guard on the way' } });
  });
});
