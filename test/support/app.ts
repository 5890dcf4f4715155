import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import { WatchdeskApp, type ReadyInfo } from '../../electron/core/app.js';
import type { AppOptionsInput } from '../../electron/core/app-options.js';

export const PASSWORD = 'test-password-1';

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'watchdesk-test-'));
}

export async function startApp(overrides: Partial<AppOptionsInput> = {}, log: (message: string) => void = () => undefined): Promise<{ app: WatchdeskApp; ready: ReadyInfo; api: Api }> {
  const app = new WatchdeskApp({
    dataDir: tempDir(), rendererDir: join(tmpdir(), 'no-renderer'), port: 0, tcpPort: 0, collectorPort: 0,
    adminPassword: PASSWORD, demo: false, ...overrides,
  }, log);
  const ready = await app.start();
  const api = new Api(ready.url);
  await api.login('admin', PASSWORD);
  return { app, ready, api };
}

export interface ApiReply {
  status: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests read arbitrary JSON
  body: any;
}

/** A tiny client for the JSON API. */
export class Api {
  token: string | null = null;
  constructor(readonly base: string) {}

  async request(method: string, path: string, body?: unknown, token = this.token): Promise<ApiReply> {
    const res = await fetch(`${this.base}api/v1${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  }

  async login(username: string, password: string): Promise<void> {
    const r = await this.request('POST', '/sessions', { username, password }, null);
    if (r.status !== 201) throw new Error(`login failed: ${JSON.stringify(r.body)}`);
    this.token = r.body.token;
  }

  get = (path: string): Promise<ApiReply> => this.request('GET', path);
  post = (path: string, body: unknown): Promise<ApiReply> => this.request('POST', path, body);
}

export function connect(port: number): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port }, () => resolve(s));
    s.on('error', reject);
  });
}

export function closed(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    if (socket.destroyed) resolve();
    else socket.once('close', () => resolve());
  });
}

/** Polls until `check` holds; bounded in time, never a bare sleep. */
export async function until<T>(what: string, fn: () => Promise<T> | T, check: (v: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T = await fn();
  while (!check(last)) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last value ${JSON.stringify(last)?.slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, 20));
    last = await fn();
  }
  return last;
}
