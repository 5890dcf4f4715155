// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { AssetsView } from '../../renderer/src/features/assets/assets-view.js';
import { commonCommands } from '../../renderer/src/features/assets/asset-group.js';
import { useConsole } from '../../renderer/src/store/console-store.js';
import type { CommandTables } from '../../shared/site/tables.js';
import { asset, fakeBridge } from './fake-bridge.js';

const rule = (confirm = false) => ({ allowed: true, confirm });
const tables = {
  operator: {
    door: { lock: rule(), unlock: rule(true), 'enable-maintenance': rule() },
    reader: { enable: rule(), disable: rule(true) },
    output: { activate: rule(), deactivate: rule() },
    camera: { 'ptz-preset': rule(), 'aux-set': rule() },
  },
} as unknown as CommandTables;

beforeEach(() => useConsole.setState({
  session: { username: 'olga', role: 'operator', expiresAt: 0 }, commands: {}, monitors: [], site: null,
  assets: { d1: asset('d1', 'door'), d2: asset('d2', 'door'), c1: asset('c1', 'camera') },
}));
afterEach(cleanup);

describe('asset multi-selection', () => {
  it('offers only one-click commands every selected type allows, confirming if any asks to', () => {
    const doors = [asset('d1', 'door'), asset('d2', 'door')];
    expect(commonCommands(tables, 'operator', doors)).toEqual([{ command: 'lock', confirm: false }, { command: 'unlock', confirm: true }, { command: 'enable-maintenance', confirm: false }]);
    expect(commonCommands(tables, 'operator', [asset('d1', 'door'), asset('o1', 'output')])).toEqual([]);
    expect(commonCommands(tables, 'operator', [asset('c1', 'camera')])).toEqual([]);
  });

  it('builds a selection with Ctrl-click, refuses cameras, and sends a confirmed command to each asset', async () => {
    const bridge = fakeBridge({ 'commandTables.get': () => tables, 'assets.commandSelection': () => [] });
    render(<AssetsView bridge={bridge} />);
    fireEvent.click(screen.getByTestId('asset-d1'));
    fireEvent.click(screen.getByTestId('asset-c1'), { ctrlKey: true });
    expect(screen.getByRole('status').textContent).toContain('Cameras cannot be multi-selected');
    fireEvent.click(screen.getByTestId('asset-d2'), { ctrlKey: true });
    expect(screen.getByTestId('asset-group').getAttribute('aria-label')).toBe('2 assets selected');
    fireEvent.click(await screen.findByTestId('group-command-unlock'));
    expect(bridge.call).not.toHaveBeenCalledWith('assets.commandSelection', expect.anything());
    fireEvent.click(screen.getByTestId('confirm-yes'));
    await waitFor(() => expect(bridge.call).toHaveBeenCalledWith('assets.commandSelection', { body: { assetIds: ['d1', 'd2'], command: 'unlock', params: {}, confirmed: true } }));
  });
});

describe('the video monitors', () => {
  it('open the camera a tile shows on a click', () => {
    useConsole.setState({ monitors: [{ id: 1, name: 'Wall', columns: 2, rows: 1, tiles: [{ tile: 1, cameraAssetId: 'c1', mode: 'live', playbackAt: null }, { tile: 2, cameraAssetId: null, mode: 'blank', playbackAt: null }] }] });
    render(<AssetsView bridge={fakeBridge({ 'commandTables.get': () => tables })} />);
    expect(screen.queryByTestId('monitor-tile-1-2')).toBeNull();
    fireEvent.click(screen.getByTestId('monitor-tile-1-1'));
    expect(screen.getByTestId('asset-detail').getAttribute('aria-label')).toBe('c1');
  });
});
