// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { TcpServersPanel } from '../../renderer/src/features/integration/tcp-servers-panel.js';
import type { TcpServerInfo } from '../../shared/bridge.js';
import { fakeBridge } from './fake-bridge.js';

afterEach(cleanup);

const server = {
  id: 1, name: 'HALO', host: '127.0.0.1', port: 4100, delimiter: ';', deviceIdRegex: 'DeviceId=(\\S+)', autoCreateDevices: false, defaultDeviceTypeId: 'halo',
  maxFrameBytes: 65536, maxConnections: 2000, maxConnectionsPerAddress: 256, firstFrameTimeoutS: 90, idleTimeoutS: 600, enabled: true, networkPrefix: 24,
  boundPort: 4100, listening: true, connections: 3, error: null,
} as unknown as TcpServerInfo;

describe('a TCP server’s HALO networks', () => {
  it('an admin sets how wide a HALO network is; the rest of the configuration stays', async () => {
    const bridge = fakeBridge({ 'tcpServers.update': () => ({ ...server, networkPrefix: 22 }) });
    render(<TcpServersPanel bridge={bridge} servers={[server]} admin onChange={vi.fn()} />);
    fireEvent.click(screen.getByText('Edit…'));
    expect((screen.getByTestId('tcp-server-network-prefix') as HTMLSelectElement).value).toBe('24');
    fireEvent.change(screen.getByTestId('tcp-server-network-prefix'), { target: { value: '22' } });
    fireEvent.click(screen.getByTestId('tcp-server-save'));
    await waitFor(() => expect(bridge.call).toHaveBeenCalledWith('tcpServers.update', { params: { id: 1 }, body: expect.objectContaining({ networkPrefix: 22, idleTimeoutS: 600, port: 4100 }) }));
  });
});
