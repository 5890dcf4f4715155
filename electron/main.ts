import { BrowserWindow, Menu, MessageChannelMain, Notification, Tray, app, dialog, ipcMain, nativeImage, protocol, safeStorage, screen, session, shell, type WebContents } from 'electron';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { FOCUS_ALARM, STREAM_PORT, STREAM_START, STREAM_STOP } from '../shared/bridge-channels.js';
import type { StreamMessage } from '../shared/bridge.js';
import { WatchdeskApp } from './core/app.js';
import { safeStorageKeyProvider } from './core/secrets/key-providers.js';
import { AlarmNotifier } from './shell/alarm-notifier.js';
import { handleAppRequest } from './shell/app-protocol.js';
import { ErrorLog } from './shell/error-log.js';
import { restoreFromMenu } from './shell/restore-menu.js';
import { IpcHost, registerCallChannel, safeExternalUrl, trustedSender } from './shell/ipc-host.js';
import { loadWindowState, saveWindowState } from './shell/window-state.js';
import { CONNECT_PAGE, connectRequest } from './shell/connect-page.js';
import { CertificateError, RemoteHost } from './shell/remote-host.js';
import { connectionFile, loadConnection, parseNodeUrl, saveConnection, shellArgs, windowTitle, type ConnectionChoice } from './shell/remote-node.js';
import { remoteStreamToPort } from './shell/stream-port.js';

// The desktop shell: it hosts the same core as `serve` and shows the console. Everything that
// is not Electron glue lives in ./shell and ./core, tested in plain Node.
const here = dirname(fileURLToPath(import.meta.url));
let root = here;
while (!existsSync(join(root, 'package.json')) && dirname(root) !== root) root = dirname(root);
const rendererDir = resolve(root, 'dist/renderer');
const CONSOLE = 'app://watchdesk/index.html';

// Tests and portable installs may give the data folder; otherwise the OS's app-data folder.
if (process.env.WATCHDESK_DATA_DIR) app.setPath('userData', resolve(process.env.WATCHDESK_DATA_DIR));

protocol.registerSchemesAsPrivileged([{ scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true, stream: true } }]);

let core: WatchdeskApp | null = null;
let coreUrl: string | null = null;
let main: BrowserWindow | null = null;
let tray: Tray | null = null;
/** Until the console's window first opens (the connect page and certificate questions come before it). */
let starting = true;
/** Set when this desktop is the console of a remote node (`--connect`, or the remembered choice): no core of its own. */
let remote: RemoteHost | null = null;
/** While the connect page is asking: what it shows and where the answer goes. */
let chooser: { current: ConnectionChoice | null; choose(choice: ConnectionChoice): void } | null = null;
const log = new ErrorLog(join(app.getPath('userData'), 'logs'));
const host = new IpcHost({ inject: (call) => remote ? remote.inject(call) : core!.api.inject(call) }, (m) => log.write('warning', m));
const notifier = new AlarmNotifier();
const standing = new Map<number, { state: string; annunciated: boolean }>();

/** Every window gets the Electron security checklist's options. */
function secureWindow(options: Electron.BrowserWindowConstructorOptions): BrowserWindow {
  const win = new BrowserWindow({
    ...options,
    backgroundColor: '#0f1419',
    title: windowTitle(remote?.node ?? null),
    webPreferences: { preload: join(here, 'preload.cjs'), sandbox: true, contextIsolation: true, nodeIntegration: false, webSecurity: true, spellcheck: false },
  });
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (safeExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  // The title names the remote node (and says when it is not encrypted): the page may not replace it.
  win.on('page-title-updated', (event) => { if (remote) event.preventDefault(); });
  win.webContents.on('will-navigate', (event, url) => { if (!url.startsWith('app://watchdesk/')) event.preventDefault(); });
  // Never a white screen: a crashed or failed page is logged and loaded again.
  win.webContents.on('render-process-gone', (_e, details) => { log.write('error', `renderer gone: ${details.reason}`); setTimeout(() => void win.loadURL(CONSOLE), 1000); });
  win.webContents.on('did-fail-load', (_e, code, description) => { log.write('error', `load failed: ${code} ${description}`); setTimeout(() => void win.loadURL(CONSOLE), 2000); });
  return win;
}

function openMain(): void {
  starting = false;
  const stateFile = join(app.getPath('userData'), 'window-state.json');
  const state = loadWindowState(stateFile, screen.getAllDisplays().map((d) => d.workArea));
  main = secureWindow({ x: state.x, y: state.y, width: state.width, height: state.height, show: false });
  if (state.maximized) main.maximize();
  main.once('ready-to-show', () => main?.show());
  main.on('close', () => {
    if (!main) return;
    const b = main.getNormalBounds();
    saveWindowState(stateFile, { x: b.x, y: b.y, width: b.width, height: b.height, maximized: main.isMaximized() });
  });
  main.on('closed', () => { main = null; });
  void main.loadURL(CONSOLE);
}

/** A second window for another display of a control room: the console on its own screen. */
function openSecond(view: 'monitoring' | 'assets'): void {
  const displays = screen.getAllDisplays();
  const other = displays.find((d) => d.id !== screen.getDisplayMatching(main?.getBounds() ?? displays[0]!.bounds).id) ?? displays[0]!;
  const win = secureWindow({ ...other.workArea });
  void win.loadURL(`${CONSOLE}#${view}`);
}

function focusMain(): void {
  if (!main) return openMain();
  if (main.isMinimized()) main.restore();
  main.show();
  main.focus();
}

function onStream(message: StreamMessage): void {
  const alarms = message.type === 'snapshot' ? message.alarms : message.alarms ?? [];
  for (const a of alarms) standing.set(a.id, { state: a.state, annunciated: a.annunciated });
  const count = [...standing.values()].filter((a) => (a.state === 'unack' || a.state === 'rtn-unack') && a.annunciated).length;
  tray?.setToolTip(count ? `Watchdesk: ${count} unacknowledged alarm${count > 1 ? 's' : ''}` : 'Watchdesk: no unacknowledged alarms');
  tray?.setTitle(count ? String(count) : '');
  if (message.type !== 'delta' || !Notification.isSupported()) return;
  for (const a of notifier.decide(alarms)) {
    const n = new Notification({ title: `Priority ${a.priority}: ${a.name}`, body: `${a.source.name}${a.procedure ? ` — ${a.procedure}` : ''}`, urgency: 'critical' });
    n.on('click', () => { focusMain(); main?.webContents.send(FOCUS_ALARM, a.id); });
    n.show();
  }
}

function wireIpc(): void {
  registerCallChannel(ipcMain, host, (m) => log.write('warning', m));
  const subscriptions = new Map<WebContents, () => void>();
  ipcMain.on(STREAM_START, (event) => {
    if (!trustedSender(event.senderFrame?.url) || subscriptions.has(event.sender) || (!core && !remote)) return;
    const sender = event.sender;
    // The stream gets its own MessagePort: batched deltas (a snapshot can be megabytes) go
    // straight to the window instead of through the IPC router.
    const { port1, port2 } = new MessageChannelMain();
    sender.postMessage(STREAM_PORT, null, [port2]);
    if (remote) {
      const stop = remoteStreamToPort(remote, () => host.sessionToken, port1);
      port1.start();
      followRemote();
      subscriptions.set(sender, () => { stop(); port1.close(); });
      sender.once('destroyed', () => { subscriptions.get(sender)?.(); subscriptions.delete(sender); });
      return;
    }
    if (!core) return;
    const unsubscribe = core.hub.subscribe((m) => port1.postMessage(m));
    const unwatch = core.sessions.watch(host.sessionToken);
    port1.start();
    subscriptions.set(sender, () => { unsubscribe(); unwatch(); port1.close(); });
    sender.once('destroyed', () => { subscriptions.get(sender)?.(); subscriptions.delete(sender); });
  });
  ipcMain.on(STREAM_STOP, (event) => {
    if (!trustedSender(event.senderFrame?.url)) return;
    subscriptions.get(event.sender)?.();
    subscriptions.delete(event.sender);
  });
}

/** File › Restore from backup…: the logic is in ./shell/restore-menu.ts; here only the dialogs and the relaunch. */
function restoreMenu(): void {
  const parent = main ?? undefined;
  void restoreFromMenu({
    dataDir: app.getPath('userData'),
    backupFolder: core?.backups.folder ?? null,
    pickFile: async (defaultPath) => {
      const options: Electron.OpenDialogOptions = { title: 'Restore from backup', properties: ['openFile'], filters: [{ name: 'Watchdesk backups', extensions: ['db'] }, { name: 'All files', extensions: ['*'] }], ...(defaultPath ? { defaultPath } : {}) };
      const picked = parent ? await dialog.showOpenDialog(parent, options) : await dialog.showOpenDialog(options);
      return picked.canceled ? null : picked.filePaths[0] ?? null;
    },
    confirm: async (message, detail) => (await dialog.showMessageBox({ type: 'warning', title: 'Watchdesk', message, detail, buttons: ['Cancel', 'Restore and restart'], defaultId: 0, cancelId: 0 })).response === 1,
    tell: async (kind, message, detail) => { await dialog.showMessageBox({ type: kind, title: 'Watchdesk', message, detail }); },
    stopCore: async () => { const running = core; core = null; coreUrl = null; await running?.stop(); },
    // A new process opens the restored database as any start does; exit skips before-quit, the core is already stopped.
    restart: () => { app.relaunch(); app.exit(0); },
    log: (m) => log.write('info', m),
  }).catch((err: unknown) => log.write('error', `restore from the menu: ${err instanceof Error ? err.stack : String(err)}`));
}

/** The tray and notifications follow the remote node's stream while an operator is signed in. */
let remoteFollow: (() => void) | null = null;
function followRemote(): void {
  if (!remote || remoteFollow || !host.sessionToken) return;
  remoteFollow = remote.stream(() => host.sessionToken, onStream, (_state, reason) => {
    if (reason === undefined) return;
    remoteFollow?.();
    remoteFollow = null;
    standing.clear();
  });
}

/** The connect page in its own window; resolves with the operator's choice, or null if closed. */
function askConnection(current: ConnectionChoice | null): Promise<ConnectionChoice | null> {
  return new Promise((resolve) => {
    const win = secureWindow({ width: 560, height: 420, resizable: false, autoHideMenuBar: true });
    let answered = false;
    chooser = { current, choose: (choice) => { answered = true; chooser = null; resolve(choice); setImmediate(() => win.close()); } };
    win.on('closed', () => { if (!answered) { chooser = null; resolve(null); } });
    void win.loadURL(`app://watchdesk${CONNECT_PAGE}`);
  });
}

/** This start's arguments without the choice of console: the remembered one applies after a relaunch. */
function relaunchArgs(): string[] {
  return process.argv.slice(1).filter((a, i, all) => a !== '--connect' && all[i - 1] !== '--connect' && !a.startsWith('--connect=') && a !== '--local' && a !== '--insecure');
}

/** File › Connect to…: a new choice is remembered and the app starts again with it. */
function connectMenu(): void {
  const file = connectionFile(app.getPath('userData'));
  void askConnection(loadConnection(file)).then((choice) => {
    if (!choice) return;
    saveConnection(file, choice);
    log.write('info', `connection changed to ${choice.mode === 'remote' ? choice.url : 'this computer'}; restarting`);
    app.relaunch({ args: relaunchArgs() });
    app.quit();
  });
}

/** Which console to show: `--connect URL` or `--local`, else the remembered choice, else the operator is asked. */
async function decideConnection(dataDir: string): Promise<ConnectionChoice | null> {
  const file = connectionFile(dataDir);
  const saved = loadConnection(file, (m) => log.write('warning', m));
  const args = shellArgs(process.argv);
  if (args.connect !== null) {
    const node = parseNodeUrl(args.connect, args.insecure);
    const pin = saved?.mode === 'remote' && saved.url === node.origin ? saved.pin : null;
    const choice: ConnectionChoice = { mode: 'remote', url: node.origin, pin, insecure: args.insecure };
    saveConnection(file, choice);
    return choice;
  }
  if (process.argv.includes('--local')) return { mode: 'local' };
  if (saved) return saved;
  // An install that already has its data keeps running its own core without a question.
  if (existsSync(join(dataDir, 'watchdesk.db'))) return { mode: 'local' };
  // Closing the first-run window without a choice quits; the question comes again next time.
  const choice = await askConnection(null);
  if (choice) saveConnection(file, choice);
  return choice;
}

/**
 * A remote node: its certificate is checked before the console opens. A self-signed one is shown
 * by its fingerprint and, once accepted, pinned; a changed one is refused.
 */
async function startRemote(choice: Extract<ConnectionChoice, { mode: 'remote' }>, dataDir: string): Promise<boolean> {
  const node = parseNodeUrl(choice.url, choice.insecure);
  remote = new RemoteHost(node, { pin: choice.pin, log: (m) => log.write('warning', m) });
  const checked = await remote.check();
  if (checked.ok) return true;
  const error = checked.error;
  if (error instanceof CertificateError && error.kind === 'untrusted') {
    const answer = await dialog.showMessageBox({ type: 'warning', title: 'Watchdesk', message: `The certificate of ${new URL(node.origin).host} is not trusted by this computer`, detail: `${error.message}\n\nAccept it, and trust only this certificate from now on?`, buttons: ['Quit', 'Accept this certificate'], defaultId: 0, cancelId: 0 });
    if (answer.response !== 1) return false;
    remote.setPin(error.fingerprint);
    saveConnection(connectionFile(dataDir), { ...choice, pin: error.fingerprint });
    log.write('info', `pinned the certificate of ${node.origin}: ${error.fingerprint}`);
    return true;
  }
  if (error instanceof CertificateError) {
    const answer = await dialog.showMessageBox({ type: 'error', title: 'Watchdesk', message: 'The server\'s certificate changed', detail: error.message, buttons: ['Quit', 'Choose the server again'], defaultId: 0, cancelId: 0 });
    const next = answer.response === 1 ? await askConnection(choice) : null;
    if (next) { saveConnection(connectionFile(dataDir), next); app.relaunch({ args: relaunchArgs() }); }
    return false;
  }
  // Unreachable for now: the console opens and shows the lost server until it answers.
  log.write('warning', `the Watchdesk server at ${node.origin} did not answer: ${error.message}`);
  return true;
}

function buildMenu(): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate([
    { label: 'File', submenu: [
      { label: remote ? `Connected to ${new URL(remote.origin).host}` : 'This computer\'s console', enabled: false },
      { label: 'Connect to…', click: connectMenu },
      { type: 'separator' },
      { label: 'Restore from backup…', click: restoreMenu, enabled: !remote },
      { type: 'separator' },
      process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
    ] },
    { role: 'editMenu' },
    { label: 'View', submenu: [{ role: 'reload' }, { role: 'togglefullscreen' }, { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }] },
    { label: 'Window', submenu: [
      { label: 'Second window: monitoring', accelerator: 'CmdOrCtrl+Shift+M', click: () => openSecond('monitoring') },
      { label: 'Second window: assets', accelerator: 'CmdOrCtrl+Shift+A', click: () => openSecond('assets') },
      { type: 'separator' }, { role: 'minimize' }, { role: 'close' },
    ] },
    { label: 'Help', submenu: [
      { label: 'Keyboard: A acknowledges the most urgent alarm', enabled: false },
      { label: 'Open the data folder', click: () => void shell.openPath(app.getPath('userData')) },
    ] },
  ]));
}

function buildTray(): void {
  const icon = nativeImage.createFromPath(join(root, 'assets', 'icon.png')).resize({ width: 16, height: 16 });
  tray = new Tray(icon);
  tray.setContextMenu(Menu.buildFromTemplate([
    { label: 'Show Watchdesk', click: focusMain },
    { label: 'Second window', click: () => openSecond('monitoring') },
    { type: 'separator' },
    { label: 'Quit', role: 'quit' },
  ]));
  tray.on('click', focusMain);
}

async function start(): Promise<void> {
  session.defaultSession.setPermissionRequestHandler((_wc, permission, done) => done(permission === 'notifications'));
  protocol.handle('app', (request) => connectRequest(new URL(request.url), chooser) ?? handleAppRequest(request, rendererDir, () => remote?.origin ?? coreUrl, remote ? remote.fetchUrl : fetch));
  const dataDir = app.getPath('userData');
  const choice = await decideConnection(dataDir);
  if (!choice) { app.quit(); return; }
  if (choice.mode === 'remote') {
    if (!(await startRemote(choice, dataDir))) { app.quit(); return; }
    log.write('info', `the console of ${remote!.origin}; no core of its own`);
    wireIpc();
    buildMenu();
    buildTray();
    openMain();
    return;
  }
  // Stored secrets are sealed with a key the OS keychain protects (safeStorage).
  // `--database postgres://…` (or WATCHDESK_DATABASE): this desktop's core joins a site on one PostgreSQL.
  const database = app.commandLine.getSwitchValue('database') || process.env.WATCHDESK_DATABASE || undefined;
  core = new WatchdeskApp({ dataDir, rendererDir, port: 0, tcpPort: Number(process.env.WATCHDESK_TCP_PORT ?? 4100), database }, (m) => log.write('info', m), undefined, safeStorageKeyProvider(dataDir, safeStorage));
  const ready = await core.start();
  coreUrl = ready.url;
  // The same ready line as `serve`, for scripts and tests that drive the desktop app.
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  if (core.generatedAdminPassword) {
    void dialog.showMessageBox({ type: 'info', title: 'Watchdesk', message: 'First start', detail: `The operator "admin" was created with the password:\n\n${core.generatedAdminPassword}\n\nIt is shown once.` });
  }
  core.hub.subscribe(onStream);
  wireIpc();
  buildMenu();
  buildTray();
  openMain();
}

process.on('uncaughtException', (err) => {
  log.write('error', `uncaught: ${err.stack ?? err.message}`);
  dialog.showErrorBox('Watchdesk', `An error occurred and was logged (${log.file}):\n${err.message}`);
});
process.on('unhandledRejection', (reason) => log.write('error', `unhandled rejection: ${String(reason)}`));

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', focusMain);
  app.whenReady().then(start).catch((err: unknown) => {
    log.write('error', `could not start: ${err instanceof Error ? err.stack : String(err)}`);
    dialog.showErrorBox('Watchdesk could not start', err instanceof Error ? err.message : String(err));
    app.quit();
  });
  // Not while starting: the connect page may be the only window, closed before the console opens.
  app.on('window-all-closed', () => { if (!starting) app.quit(); });
  let quitting = false;
  app.on('before-quit', (event) => {
    remote?.close();
    if (quitting || !core) return;
    event.preventDefault();
    quitting = true;
    // Stop accepting, flush, close the database; then quit for real.
    void core.stop().finally(() => app.quit());
  });
}
