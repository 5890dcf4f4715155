import http from 'node:http';
import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WatchdeskApp } from '../electron/core/app.js';
import { allowedHostNames, hostAllowed, hostName } from '../electron/core/api/host-check.js';
import { startApp } from './support/app.js';

let app: WatchdeskApp | null = null;
afterEach(async () => { await app?.stop(); app = null; });

function get(port: number, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (c: Buffer) => { body += c.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('DNS rebinding: the API answers only to its own names', () => {
  it('reads the name out of a Host header', () => {
    expect(hostName('LOCALHOST:8080')).toBe('localhost');
    expect(hostName('[::1]:8080')).toBe('::1');
    expect(hostName('console.example')).toBe('console.example');
    expect(hostName(undefined)).toBeNull();
    const everywhere = allowedHostNames('0.0.0.0', [], { eth0: [{ address: '10.1.2.3' } as never] }, 'control-room');
    expect([...everywhere]).toEqual(expect.arrayContaining(['localhost', '127.0.0.1', '::1', '10.1.2.3', 'control-room']));
    expect(hostAllowed('10.1.2.3:8080', everywhere)).toBe(true);
    expect(hostAllowed('attacker.example', everywhere)).toBe(false);
  });

  it('refuses another name with 421, on the API, the console and the stream', async () => {
    const started = await startApp({ allowedHosts: ['watchdesk.site.example'] });
    app = started.app;
    const port = started.ready.port;
    const refused = await get(port, '/api/v1/health', `rebound.attacker.example:${port}`);
    expect(refused.status).toBe(421);
    expect(JSON.parse(refused.body).error.code).toBe('misdirected');
    expect((await get(port, '/', 'rebound.attacker.example')).status).toBe(421);
    for (const host of [`127.0.0.1:${port}`, `localhost:${port}`, 'watchdesk.site.example', `[::1]:${port}`]) {
      expect((await get(port, '/api/v1/health', host)).status, host).toBe(200);
    }
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/v1/stream?token=${started.api.token}`, { headers: { host: 'rebound.attacker.example' } });
    const status = await new Promise<number>((resolve) => ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0)));
    expect(status).toBe(421);
  });
});

describe('an aborted upload', () => {
  it('logs one line at most, never a stack', async () => {
    const lines: string[] = [];
    const { WatchdeskApp } = await import('../electron/core/app.js');
    const { tempDir, PASSWORD } = await import('./support/app.js');
    app = new WatchdeskApp({ dataDir: tempDir(), rendererDir: '/nonexistent', port: 0, tcpPort: 0, collectorPort: 0, adminPassword: PASSWORD, demo: false }, (m) => lines.push(m));
    const ready = await app.start();
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve) => {
        const s = net.connect(ready.port, '127.0.0.1', () => {
          s.write(`POST /api/v1/rules HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"id":`);
          setTimeout(() => { s.destroy(); resolve(); }, 50);
        });
      });
    }
    // The server is still there for everyone else.
    expect((await fetch(`${ready.url}api/v1/health`)).status).toBe(200);
    expect(lines.filter((l) => /\n\s+at /.test(l))).toEqual([]);
    expect(lines.length).toBeLessThanOrEqual(3);
  });
});
