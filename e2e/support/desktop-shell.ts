import { build } from 'esbuild';
import { routeNamesOnly } from '../../scripts/build-preload.mjs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { STREAM_PORT, STREAM_START, STREAM_STOP } from '../../shared/bridge-channels.js';
import { IpcHost, registerCallChannel, type IpcMainLike } from '../../electron/shell/ipc-host.js';
import { RemoteHost } from '../../electron/shell/remote-host.js';
import { parseNodeUrl } from '../../electron/shell/remote-node.js';
import { remoteStreamToPort } from '../../electron/shell/stream-port.js';

/**
 * The desktop app's path, in Chromium: the real preload (bundled with an emulated 'electron'),
 * and the main process's real IPC host and call channel, here in the test process. The host's
 * core is the real RemoteHost, as when the app is the console of a remote node (`--connect`):
 * calls and the stream go to `serve` over loopback HTTP and WebSocket. The stream reaches the
 * window over a MessagePort, as in the app.
 */
let bundle: Promise<string> | null = null;
const installed = new WeakSet<Page>();

function preloadBundle(): Promise<string> {
  // Built as the app builds it (the route names alone), with an emulated 'electron'.
  bundle ??= routeNamesOnly().then((namesOnly) => build({
    entryPoints: [join(process.cwd(), 'electron/preload.ts')],
    bundle: true, write: false, format: 'iife', platform: 'browser', target: 'chrome130',
    alias: { electron: join(process.cwd(), 'e2e/support/electron-shim.ts') },
    plugins: [namesOnly],
  })).then((r) => r.outputFiles[0]!.text);
  return bundle;
}

export function desktopShell(projectName: string): boolean {
  return projectName === 'desktop-ipc';
}

export async function installDesktopShell(page: Page, base: string): Promise<void> {
  if (installed.has(page)) return;
  installed.add(page);
  const channels = new Map<string, Parameters<IpcMainLike['handle']>[1]>();
  // The desktop app as the console of a remote node: the real RemoteHost reaches `serve`.
  const remote = new RemoteHost(parseNodeUrl(base), { backoff: { firstMs: 250, maxMs: 2000 }, heartbeatMs: 2000 });
  const host = new IpcHost(remote, () => undefined);
  registerCallChannel({ handle: (channel, listener) => channels.set(channel, listener) }, host, () => undefined);
  // The console's own frame, as Electron reports it for app://watchdesk.
  const frame = { senderFrame: { url: 'app://watchdesk/index.html' } };
  await page.exposeBinding('__ipcInvoke', (_source, channel: string, ...args: unknown[]) => channels.get(channel)?.(frame, ...args));

  // The stream over the node's WebSocket, onto the window's port, as main.ts wires it.
  let stop: (() => void) | null = null;
  await page.exposeBinding('__ipcSend', async (_source, channel: string) => {
    if (channel === STREAM_STOP) { stop?.(); stop = null; return; }
    if (channel !== STREAM_START) return;
    stop?.();
    if (!host.sessionToken) return;
    await page.evaluate((c) => { (window as unknown as { __streamPort: MessagePort | null }).__streamPort = (window as unknown as { __ipcDeliver: (c: string, p: boolean, a: unknown[]) => MessagePort | null }).__ipcDeliver(c, true, []); }, STREAM_PORT);
    stop = remoteStreamToPort(remote, () => host.sessionToken, {
      postMessage: (m) => { void page.evaluate((message) => (window as unknown as { __streamPort: MessagePort | null }).__streamPort?.postMessage(message), m).catch(() => undefined); },
    });
  });
  page.on('close', () => { stop?.(); remote.close(); });
  await page.addInitScript({ content: await preloadBundle() });
}
