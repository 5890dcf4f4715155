// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { OpenIncidentButton } from '../../renderer/src/features/incidents/open-incident.js';
import { IncidentDetail } from '../../renderer/src/features/incidents/incident-detail.js';
import { pickedIncident } from '../../renderer/src/features/incidents/incident-links.js';
import { useConsole } from '../../renderer/src/store/console-store.js';
import { reduceIncidents } from '../../renderer/src/store/incident-slice.js';
import type { IncidentView } from '../../shared/incidents/model.js';
import { alarm, event, fakeBridge } from './fake-bridge.js';

const incident = (over: Partial<IncidentView> = {}): IncidentView => ({
  id: 7, title: 'Door Forced Open × 3', state: 'open', owner: 'olga', openedBy: 'olga', openedAt: 1_000, closedAt: null, closedBy: null, updatedAt: 2_000,
  alarmIds: [1, 2, 3], eventIds: [],
  entries: [{ id: 1, t: 1_000, actor: 'olga', kind: 'opened', text: 'Opened "Door Forced Open × 3"' }, { id: 2, t: 1_500, actor: 'olga', kind: 'note', text: 'Guard sent' }],
  ...over,
});

beforeEach(() => {
  useConsole.setState({ session: { username: 'olga', role: 'operator', expiresAt: 0 }, alarms: { 4: alarm(4, { name: 'Door Held', source: { kind: 'asset', id: 'asset:door-4', name: 'Door 4', deviceId: null } }) }, cameras: [], assets: {}, events: [event(12, { name: 'Door Forced Open', source: 'Door 4' })] });
  location.hash = '';
});
afterEach(cleanup);

describe('incidents in the console', () => {
  it('opens one incident for a whole selection (a flood group) and shows it in the Incidents tab', async () => {
    const bridge = fakeBridge({ 'incidents.open': () => incident() });
    render(<OpenIncidentButton bridge={bridge} alarmIds={[1, 2, 3]} label="Open incident (3)" />);
    fireEvent.click(screen.getByText('Open incident (3)'));
    expect(bridge.call).toHaveBeenCalledWith('incidents.open', { body: { alarmIds: [1, 2, 3] } });
    await waitFor(() => expect(location.hash).toBe('#incidents'));
    expect(pickedIncident()).toBe(7);
  });

  it('shows the timeline and sends notes and attachments; a closed incident offers only its report (and reopening to supervisors)', async () => {
    const bridge = fakeBridge({ 'incidents.note': () => incident(), 'incidents.alarms': () => incident() });
    const { rerender } = render(<IncidentDetail bridge={bridge} incident={incident()} onChanged={() => undefined} />);
    expect(screen.getByTestId('incident-timeline').textContent).toContain('Guard sent');
    expect(screen.getByTestId('incident-owner-name').textContent).toBe('olga');
    fireEvent.change(screen.getByTestId('incident-note'), { target: { value: 'Door 4 too' } });
    fireEvent.click(screen.getByTestId('incident-add-note'));
    expect(bridge.call).toHaveBeenCalledWith('incidents.note', { params: { id: 7 }, body: { text: 'Door 4 too' } });
    fireEvent.change(screen.getByTestId('incident-alarm'), { target: { value: '4' } });
    fireEvent.click(screen.getByTestId('incident-attach-alarm'));
    expect(bridge.call).toHaveBeenCalledWith('incidents.alarms', { params: { id: 7 }, body: { alarmIds: [4] } });
    fireEvent.change(screen.getByTestId('incident-event'), { target: { value: '12' } });
    fireEvent.click(screen.getByTestId('incident-attach-event'));
    expect(bridge.call).toHaveBeenCalledWith('incidents.events', { params: { id: 7 }, body: { eventIds: [12] } });
    await waitFor(() => expect((screen.getByTestId('incident-note') as HTMLInputElement).value).toBe(''));
    rerender(<IncidentDetail bridge={bridge} incident={incident({ state: 'closed', closedAt: 3_000, closedBy: 'olga' })} onChanged={() => undefined} />);
    expect(screen.queryByTestId('incident-note')).toBeNull();
    expect(screen.queryByTestId('incident-reopen')).toBeNull();
    expect(screen.getByTestId('incident-export')).toBeTruthy();
  });

  it('refetches when the stream says an incident changed', () => {
    expect(reduceIncidents({ incidentsRevision: 3 }, { type: 'delta', seq: 1, at: 0, devices: [], removedDevices: [], events: [], eventsDropped: 0, incidents: [7] })).toEqual({ incidentsRevision: 4 });
    expect(reduceIncidents({ incidentsRevision: 3 }, { type: 'delta', seq: 1, at: 0, devices: [], removedDevices: [], events: [], eventsDropped: 0 })).toEqual({});
  });
});
