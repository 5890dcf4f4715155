// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { EventList, filterEvents } from '../../renderer/src/features/events/event-list.js';
import { eventMarker } from '../../renderer/src/features/events/event-source.js';
import { useConsole } from '../../renderer/src/store/console-store.js';
import type { DeviceStatus } from '../../shared/domain.js';
import { asset, event } from './fake-bridge.js';

const device = { id: 4, name: 'Bathroom 2F', deviceId: 'Bath2F' } as DeviceStatus;
const events = [
  event(5, { origin: 'tcp', deviceId: 4, name: 'Vape', source: 'Bathroom 2F' }),
  event(4, { origin: 'site', name: 'Door forced open', source: 'Door 01', args: { assetId: 'door-01' } }),
  event(3, { origin: 'http', name: 'Motion', source: 'bath2f' }),
  event(2, { origin: 'http', name: 'Motion', source: 'Loading dock' }),
];

beforeEach(() => useConsole.setState({ events, devices: { 4: device }, assets: { 'door-01': asset('door-01', 'door', { name: 'Door 01' }) }, focus: null }));
afterEach(cleanup);

describe('the live event list', () => {
  it('filters by origin, device, type and text together', () => {
    const all = { origin: 'all', device: 'all', type: 'all', text: '' } as const;
    expect(filterEvents(events, all)).toBe(events);
    expect(filterEvents(events, { ...all, origin: 'http' }).map((e) => e.id)).toEqual([3, 2]);
    expect(filterEvents(events, { ...all, device: '4' }).map((e) => e.id)).toEqual([5]);
    expect(filterEvents(events, { ...all, type: 'Motion', text: 'dock' }).map((e) => e.id)).toEqual([2]);
  });

  it('finds the map marker of an event: its device, its asset, or a device or asset its source names', () => {
    const { devices, assets } = useConsole.getState();
    expect(events.map((e) => eventMarker(e, devices, assets))).toEqual(['device:4', 'asset:door-01', 'device:4', null]);
  });

  it('counts what the filters leave, and pauses without losing what comes in', () => {
    render(<EventList />);
    expect(screen.getByTestId('event-count').textContent).toBe('4 events');
    fireEvent.change(screen.getByTestId('event-type'), { target: { value: 'Motion' } });
    expect(screen.getByTestId('event-count').textContent).toBe('2 events');
    fireEvent.change(screen.getByTestId('event-type'), { target: { value: 'all' } });
    fireEvent.click(screen.getByTestId('event-pause'));
    act(() => useConsole.getState().apply({ type: 'delta', seq: 1, at: 1, devices: [], removedDevices: [], events: [event(6), event(7)], eventsDropped: 0 }));
    expect(screen.getByTestId('event-count').textContent).toBe('4 events');
    expect(screen.getByTestId('event-pause').textContent).toBe('Resume (2 new)');
    fireEvent.click(screen.getByTestId('event-pause'));
    expect(screen.getByTestId('event-count').textContent).toBe('6 events');
  });
});
