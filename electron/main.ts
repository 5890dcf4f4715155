import { app, BrowserWindow, shell } from 'electron';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WatchdeskApp } from './core/app.js';

// The thin desktop shell: it hosts the same core as `serve` and shows the console. Native
// integration (tray, notifications, IPC bridge, packaging) is the desktop-shell issue's work.
const here = dirname(fileURLToPath(import.meta.url));
let core: WatchdeskApp | null = null;

async function createWindow(): Promise<void> {
  core = new WatchdeskApp({
    dataDir: app.getPath('userData'),
    rendererDir: resolve(here, '../renderer'),
    port: 0,
    tcpPort: Number(process.env.WATCHDESK_TCP_PORT ?? 4100),
  });
  const ready = await core.start();
  if (core.generatedAdminPassword) console.error(`First start: operator "admin" has the password ${core.generatedAdminPassword}`);
  const consoleOrigin = new URL(ready.url).origin;
  const win = new BrowserWindow({
    width: 1440,
    height: 900,
    backgroundColor: '#0f1419',
    title: 'Watchdesk',
    webPreferences: {
      preload: join(here, 'preload.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url) && new URL(url).origin !== consoleOrigin) void shell.openExternal(url);
    return { action: 'deny' };
  });
  win.webContents.on('will-navigate', (event, url) => {
    if (new URL(url).origin !== consoleOrigin) event.preventDefault();
  });
  await win.loadURL(ready.url);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus());
  app.whenReady().then(createWindow).catch((err: unknown) => {
    console.error('Watchdesk could not start:', err);
    app.quit();
  });
  app.on('window-all-closed', () => app.quit());
  let quitting = false;
  app.on('before-quit', (event) => {
    if (quitting || !core) return;
    event.preventDefault();
    quitting = true;
    void core.stop().finally(() => app.quit());
  });
}
