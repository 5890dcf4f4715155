// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import { AlarmPanel } from '../../renderer/src/features/alarms/alarm-panel.js';
import { floodScope } from '../../renderer/src/features/alarms/flood-banner.js';
import { useConsole } from '../../renderer/src/store/console-store.js';
import type { AlarmView } from '../../shared/alarms/definitions.js';
import { alarm, asset, fakeBridge } from './fake-bridge.js';

vi.mock('../../renderer/src/features/alarms/annunciator.js', () => ({ annunciate: vi.fn() }));

const now = Date.now();
/** Eight doors forced on Floor 1 – East and five on Floor 1 – West, in the last minutes. */
const door = (id: number): AlarmView => alarm(id, {
  definitionId: `door-${id}`, name: `Door ${id} Forced Open`, priority: 10, version: id,
  source: { kind: 'asset', id: `asset:door-${id}`, name: `Door ${id}`, deviceId: null }, activatedAt: now - 60_000 + id * 1000,
});
const areaOf = (id: number): string => (id <= 8 ? 'Floor 1 – East' : 'Floor 1 – West');

beforeEach(() => {
  useConsole.setState({
    session: { username: 'olga', role: 'operator', expiresAt: 0 }, muted: false, notifications: [],
    alarms: Object.fromEntries(Array.from({ length: 13 }, (_, i) => [i + 1, door(i + 1)])),
    assets: Object.fromEntries(Array.from({ length: 13 }, (_, i) => [`door-${i + 1}`, asset(`door-${i + 1}`, 'door', { area: areaOf(i + 1) })])),
  });
});
afterEach(cleanup);

describe("the flood banner counts this operator's areas", () => {
  it('13 activations over two areas: a flood for an operator watching both, with the scope named', async () => {
    const bridge = fakeBridge({ 'sessions.areas': () => ({ areas: ['Floor 1 – East', 'Floor 1 – West'] }) });
    render(<AlarmPanel bridge={bridge} />);
    await waitFor(() => expect(screen.getByTestId('flood-scope').textContent).toBe(' in your areas: Floor 1 – East, Floor 1 – West'));
    expect(screen.getByTestId('flood-rate').textContent).toBe('13 activations in the last 10 min');
    expect(screen.getByTestId('flood-priority-only')).toBeTruthy();
  });

  it('no flood for an operator watching only Floor 1 – East (8 there), though the site has 13', async () => {
    const bridge = fakeBridge({ 'sessions.areas': () => ({ areas: ['Floor 1 – East'] }) });
    render(<AlarmPanel bridge={bridge} />);
    await waitFor(() => expect(bridge.call).toHaveBeenCalledWith('sessions.areas'));
    await waitFor(() => expect(screen.queryByTestId('flood-banner')).toBeNull());
  });

  it('without areas the operator watches every area', async () => {
    render(<AlarmPanel bridge={fakeBridge({ 'sessions.areas': () => ({ areas: [] }) })} />);
    expect(screen.getByTestId('flood-rate').textContent).toBe('13 activations in the last 10 min');
    expect(screen.getByTestId('flood-scope').textContent).toBe('');
  });

  it("the list's area filter narrows the scope only within the operator's areas", () => {
    expect(floodScope([], '')).toEqual({ areas: [], yours: false });
    expect(floodScope([], 'Parking')).toEqual({ areas: ['Parking'], yours: false });
    expect(floodScope(['A', 'B'], 'B')).toEqual({ areas: ['B'], yours: true });
    expect(floodScope(['A', 'B'], 'Parking')).toEqual({ areas: ['A', 'B'], yours: true });
  });
});
