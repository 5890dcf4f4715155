import { build } from 'esbuild';
import { routeNamesOnly } from '../../scripts/build-preload.mjs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import WebSocket from 'ws';
import { STREAM_PORT, STREAM_START, STREAM_STOP } from '../../shared/bridge-channels.js';
import { IpcHost, registerCallChannel, type IpcMainLike } from '../../electron/shell/ipc-host.js';
import type { InjectedCall, InjectedReply } from '../../electron/core/api/server.js';

/**
 * The desktop app's path, in Chromium: the real preload (bundled with an emulated 'electron'),
 * and the main process's real IPC host and call channel, here in the test process. Electron's
 * main runs each call in process; here the host's calls go to `serve` over loopback HTTP,
 * through the same server. The stream reaches the window over a MessagePort, as in the app.
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

function overHttp(base: string): (call: InjectedCall) => Promise<InjectedReply> {
  return async (call) => {
    const res = await fetch(`${base.replace(/\/$/, '')}${call.url}`, {
      method: call.method,
      headers: { ...(call.token ? { authorization: `Bearer ${call.token}` } : {}), ...(call.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
    });
    const text = await res.text();
    const json = (res.headers.get('content-type') ?? '').startsWith('application/json');
    return { status: res.status, body: text === '' ? undefined : json ? JSON.parse(text) as unknown : text, headers: Object.fromEntries(res.headers) };
  };
}

export function desktopShell(projectName: string): boolean {
  return projectName === 'desktop-ipc';
}

/** The main process's host; the stream below uses its session, as the app's in-process stream needs none. */
class ShellHost extends IpcHost {
  get session(): string | null {
    return this.token;
  }
}

export async function installDesktopShell(page: Page, base: string): Promise<void> {
  if (installed.has(page)) return;
  installed.add(page);
  const channels = new Map<string, Parameters<IpcMainLike['handle']>[1]>();
  const host = new ShellHost({ inject: overHttp(base) }, () => undefined);
  registerCallChannel({ handle: (channel, listener) => channels.set(channel, listener) }, host, () => undefined);
  // The console's own frame, as Electron reports it for app://watchdesk.
  const frame = { senderFrame: { url: 'app://watchdesk/index.html' } };
  await page.exposeBinding('__ipcInvoke', (_source, channel: string, ...args: unknown[]) => channels.get(channel)?.(frame, ...args));

  // In the app the stream comes from the core in process; here from its WebSocket.
  let socket: WebSocket | null = null;
  await page.exposeBinding('__ipcSend', async (_source, channel: string) => {
    if (channel === STREAM_STOP) { socket?.close(); socket = null; return; }
    if (channel !== STREAM_START) return;
    socket?.close();
    const token = host.session;
    if (!token) return;
    await page.evaluate((c) => { (window as unknown as { __streamPort: MessagePort | null }).__streamPort = (window as unknown as { __ipcDeliver: (c: string, p: boolean, a: unknown[]) => MessagePort | null }).__ipcDeliver(c, true, []); }, STREAM_PORT);
    const ws = new WebSocket(`${base.replace(/^http/, 'ws')}api/v1/stream?token=${encodeURIComponent(token)}`);
    socket = ws;
    ws.on('message', (data) => {
      void page.evaluate((m) => (window as unknown as { __streamPort: MessagePort | null }).__streamPort?.postMessage(JSON.parse(m)), String(data)).catch(() => undefined);
    });
    ws.on('error', () => undefined);
  });
  page.on('close', () => socket?.close());
  await page.addInitScript({ content: await preloadBundle() });
}
