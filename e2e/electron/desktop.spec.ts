import { _electron as electron, expect, test } from '@playwright/test';
import { existsSync, mkdtempSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const require = createRequire(import.meta.url);
function electronBinary(): string | null {
  try {
    const p: unknown = require('electron');
    return typeof p === 'string' ? p : null;
  } catch {
    return null;
  }
}

test('the desktop app: launch, log in, Monitoring, a TCP frame reaches the window, quit cleanly', async () => {
  const binary = electronBinary();
  test.skip(!binary, 'the Electron runtime is not installed (ELECTRON_SKIP_BINARY_DOWNLOAD, or no access to its download host)');
  const dataDir = mkdtempSync(join(tmpdir(), 'watchdesk-desktop-'));
  const app = await electron.launch({
    executablePath: binary!,
    args: ['.', '--no-sandbox', '--disable-gpu', '--local'],
    env: { ...process.env, WATCHDESK_DATA_DIR: dataDir, WATCHDESK_ADMIN_PASSWORD: 'desktop-pass-1', WATCHDESK_TCP_PORT: '0' },
  });
  const ready = await new Promise<{ tcpPort: number }>((resolve) => {
    createInterface({ input: app.process().stdout! }).on('line', (line) => { if (line.startsWith('{"ready"')) resolve(JSON.parse(line)); });
  });
  const window = await app.firstWindow();
  expect(window.url()).toBe('app://watchdesk/index.html');
  await window.getByTestId('login-username').fill('admin');
  await window.getByTestId('login-password').fill('desktop-pass-1');
  await window.getByTestId('login-submit').click();
  await expect(window.getByTestId('operator')).toContainText('admin');
  await expect(window.getByTestId('tab-monitoring')).toHaveAttribute('aria-selected', 'true');
  // The preload exposes the Bridge and nothing of Node.
  expect(await window.evaluate(() => [typeof (window as unknown as { require?: unknown }).require, typeof (window as unknown as { watchdesk?: { login?: unknown } }).watchdesk?.login])).toEqual(['undefined', 'function']);

  const socket = net.connect({ host: '127.0.0.1', port: ready.tcpPort });
  await new Promise((r) => socket.once('connect', r));
  socket.write('DeviceId=Bath2F Noise=@99.5@;');
  await expect(window.getByTestId('value-Bath2F-Noise')).toHaveText('99.5');
  await window.screenshot({ path: 'docs/screenshots/desktop-monitoring.png' });
  socket.destroy();

  await app.close();
  // Flushed and closed: SQLite folds the write-ahead log back into the database on close.
  const wal = join(dataDir, 'watchdesk.db-wal');
  expect(!existsSync(wal) || statSync(wal).size === 0).toBe(true);
});
