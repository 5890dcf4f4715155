// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { AlarmPanel } from '../../renderer/src/features/alarms/alarm-panel.js';
import { useConsole } from '../../renderer/src/store/console-store.js';
import { annunciate } from '../../renderer/src/features/alarms/annunciator.js';
import type { AlarmView, Notification } from '../../shared/alarms/definitions.js';
import { alarm, asset, fakeBridge } from './fake-bridge.js';

vi.mock('../../renderer/src/features/alarms/annunciator.js', () => ({ annunciate: vi.fn(), prepareAudio: vi.fn() }));

const now = Date.now();
/** Twelve doors forced on Floor 1 – East within the last minutes; door 7 went first. */
const door = (id: number, over: Partial<AlarmView> = {}): AlarmView => alarm(id, {
  definitionId: 'asset-door-forced-open', name: 'Door Forced Open', priority: 10, version: id + 100,
  source: { kind: 'asset', id: `asset:door-${id}`, name: `Door ${id}`, deviceId: null },
  activatedAt: id === 7 ? now - 5 * 60_000 : now - 60_000 + id * 1000, ...over,
});
const doors = (n = 12): Record<number, AlarmView> => Object.fromEntries(Array.from({ length: n }, (_, i) => [i + 1, door(i + 1)]));

beforeEach(() => {
  vi.mocked(annunciate).mockClear();
  useConsole.setState({
    session: { username: 'sam', role: 'supervisor', expiresAt: 0 }, muted: false, notifications: [], alarms: doors(),
    assets: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`door-${i + 1}`, asset(`door-${i + 1}`, 'door', { area: 'Floor 1 – East' })])),
  });
});
afterEach(cleanup);

describe('a flood group row', () => {
  it('shows twelve doors as one row, expands to them with the first out on top, and acts on all with their versions', async () => {
    const bridge = fakeBridge({ 'alarms.acknowledge.selection': () => Promise.resolve([]), 'alarms.shelve.selection': () => Promise.resolve([]) });
    render(<AlarmPanel bridge={bridge} />);
    const row = screen.getByTestId('flood-group-definition:asset-door-forced-open@Floor 1 – East');
    expect(screen.getByTestId('flood-group-title').textContent).toBe('Door Forced Open × 12 · Floor 1 – East');
    expect(row.textContent).toContain('since');
    expect(screen.getByTestId('flood-group-state').textContent).toBe('12 unacknowledged');
    expect(screen.queryAllByTestId(/^alarm-row-/)).toHaveLength(0);

    fireEvent.click(screen.getByTestId('flood-group-toggle'));
    const members = screen.getAllByTestId(/^alarm-row-/).map((r) => r.getAttribute('data-testid'));
    expect(members).toHaveLength(12);
    expect(members[0]).toBe('alarm-row-7');
    expect(screen.getByTestId('first-out-7').textContent).toContain('FIRST OUT');
    expect(screen.queryAllByTestId(/^first-out-/)).toHaveLength(1);

    fireEvent.click(screen.getByTestId('flood-acknowledge'));
    const ids = Array.from({ length: 12 }, (_, i) => i + 1);
    const [, ack] = bridge.call.mock.calls.find(([name]) => name === 'alarms.acknowledge.selection')!;
    expect([...ack.body.ids].sort((x: number, y: number) => x - y)).toEqual(ids);
    expect(ack.body.versions).toEqual(Object.fromEntries(ids.map((id) => [String(id), id + 100])));

    fireEvent.click(screen.getByTestId('flood-shelve'));
    fireEvent.change(screen.getByTestId('shelve-reason'), { target: { value: 'fire drill' } });
    fireEvent.click(screen.getByTestId('shelve-confirm'));
    await waitFor(() => expect(bridge.call.mock.calls.some(([name]) => name === 'alarms.shelve.selection')).toBe(true));
    const [, shelve] = bridge.call.mock.calls.find(([name]) => name === 'alarms.shelve.selection')!;
    expect(shelve.body).toMatchObject({ reason: 'fire drill', durationS: 1800 });
    expect(shelve.body.ids).toHaveLength(12);
  });

  it('doors spread over two floors of one building group on the building, the map that gathers them all', async () => {
    // Six areas, none with more than 10 doors; floors 1 and 2 under the Main building.
    useConsole.setState({
      alarms: doors(),
      assets: Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`door-${i + 1}`, asset(`door-${i + 1}`, 'door', { area: `Area ${i % 6}` })])),
    });
    const place = (ids: number[]) => ids.map((i) => ({ kind: 'asset', assetId: `door-${i}`, x: 0, y: 0 }));
    const maps = [
      { id: 1, name: 'Main building', parentId: null, placements: [] },
      { id: 2, name: 'Floor 1', parentId: 1, placements: place([1, 2, 3, 4, 5, 6]) },
      { id: 3, name: 'Floor 2', parentId: 1, placements: place([7, 8, 9, 10, 11, 12]) },
    ];
    render(<AlarmPanel bridge={fakeBridge({ 'maps.list': () => maps })} />);
    await waitFor(() => expect(screen.getByTestId('flood-group-title').textContent).toBe('Door Forced Open × 12 · Main building'));
  });

  it('ten doors are no flood: they stand as ten rows', () => {
    useConsole.setState({ alarms: doors(10) });
    render(<AlarmPanel bridge={fakeBridge()} />);
    expect(screen.queryByTestId('flood-group-title')).toBeNull();
    expect(screen.getAllByTestId(/^alarm-row-/)).toHaveLength(10);
  });

  it('announces the flood once, not once per member', async () => {
    render(<AlarmPanel bridge={fakeBridge()} />);
    const notes: Notification[] = Array.from({ length: 12 }, (_, i) => ({ kind: 'alarm', text: `Door Forced Open: Door ${i + 1}`, level: 'critical', alarmId: i + 1, at: now }));
    useConsole.setState({ notifications: notes });
    await waitFor(() => expect(annunciate).toHaveBeenCalled());
    expect(annunciate).toHaveBeenCalledTimes(1);
    expect(vi.mocked(annunciate).mock.calls[0]![0].text).toBe('Alarm flood: Door Forced Open × 12 · Floor 1 – East');
    // An alarm outside the flood still sounds on its own.
    useConsole.setState({ alarms: { ...doors(), 99: alarm(99) }, notifications: [...notes, { kind: 'alarm', text: 'NOISE', level: 'warning', alarmId: 99, at: now }] });
    await waitFor(() => expect(annunciate).toHaveBeenCalledTimes(2));
  });

  it('keeps sounding past the 50 notifications the console keeps', async () => {
    useConsole.setState({ alarms: { 99: alarm(99) } });
    render(<AlarmPanel bridge={fakeBridge()} />);
    const note = (i: number): Notification => ({ kind: 'alarm', text: `NOISE ${i}`, level: 'warning', alarmId: 99, at: now + i });
    for (let i = 0; i < 60; i++) act(() => useConsole.getState().apply({ type: 'delta', seq: i + 1, at: now, devices: [], removedDevices: [], events: [], eventsDropped: 0, notifications: [note(i)] }));
    await waitFor(() => expect(annunciate).toHaveBeenCalledTimes(60));
  });

  it('titles a flood by its cause, with the cause’s own alarm first', () => {
    const cause = { id: 'asset:system', name: 'Connection Security Center lost' };
    const cameras = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [i + 1, door(i + 1, { definitionId: 'asset-camera-no-communication', name: 'Camera No Communication', priority: 5, source: { kind: 'asset', id: `asset:camera-${i + 1}`, name: `Camera ${i + 1}`, deviceId: null, cause } })]));
    const own = door(50, { definitionId: 'asset-system-no-communication', name: 'System No Communication', priority: 5, activatedAt: now - 10 * 60_000 + 1, source: { kind: 'asset', id: 'asset:system', name: 'Security Center', deviceId: null } });
    useConsole.setState({ alarms: { ...cameras, 50: own } });
    render(<AlarmPanel bridge={fakeBridge()} />);
    expect(screen.getByTestId('flood-group-title').textContent).toBe('Connection Security Center lost × 12');
    fireEvent.click(screen.getByTestId('flood-group-toggle'));
    expect(screen.getAllByTestId(/^alarm-row-/)[0]!.getAttribute('data-testid')).toBe('alarm-row-50');
    expect(screen.getByTestId('cause-50')).toBeTruthy();
    expect(screen.getByTestId('first-out-50')).toBeTruthy();
  });

  it('says when the ISA flood condition holds and offers the critical alarms only', () => {
    render(<AlarmPanel bridge={fakeBridge()} />);
    expect(screen.getByTestId('flood-rate').textContent).toBe('12 activations in the last 10 min');
    fireEvent.click(screen.getByTestId('flood-priority-only'));
    expect((screen.getByTestId('alarm-filter-priority') as HTMLSelectElement).value).toBe('critical');
    expect(screen.getByTestId('flood-priority-only').textContent).toBe('Show all priorities');
  });
});
