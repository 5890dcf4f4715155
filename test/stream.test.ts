import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WatchdeskApp } from '../electron/core/app.js';
import { connect, startApp, until } from './support/app.js';

let app: WatchdeskApp | null = null;
afterEach(async () => { await app?.stop(); app = null; });

interface Delta { type: string; devices?: unknown[]; alarms?: Array<{ name: string; state: string }>; receivedAt: number }

describe('alarms first on the stream', () => {
  it('sends an alarm well inside the values window, while values keep at most 10 flushes a second', async () => {
    const started = await startApp();
    app = started.app;
    const { api, ready } = started;
    expect((await api.post('/alarm-definitions', { id: 'NOISE', name: 'NOISE', priority: 10 })).status).toBe(201);
    expect((await api.post('/rules', { id: 'noise', name: 'Noise above 60', when: { type: 'data', deviceTypeId: 'halo', point: 'Noise', op: '>', value: 60 }, do: [{ type: 'trigger-alarm', alarmId: 'NOISE' }] })).status).toBe(201);
    await api.post('/devices', { name: 'Bath', deviceId: 'Bath', typeId: 'halo', serverId: 1 });
    const messages: Delta[] = [];
    const ws = new WebSocket(`${ready.url.replace('http', 'ws')}api/v1/stream?token=${api.token}`);
    ws.on('message', (data) => messages.push({ ...(JSON.parse(String(data)) as Omit<Delta, 'receivedAt'>), receivedAt: performance.now() }));
    await until('snapshot', () => messages.length, (n) => n > 0);
    const socket = await connect(ready.tcpPort!);

    const latencies: number[] = [];
    for (let i = 0; i < 10; i++) {
      const value = i % 2 === 0 ? 70 : 50;
      const expected = i % 2 === 0 ? 'unack' : 'rtn-unack';
      const from = messages.length;
      const sentAt = performance.now();
      socket.write(`DeviceId=Bath Noise=@${value}@;`);
      const got = await until(`alarm ${expected}`, () => messages.slice(from).find((m) => m.alarms?.some((a) => a.name === 'NOISE' && a.state === expected)), (m) => m !== undefined);
      latencies.push(got!.receivedAt - sentAt);
    }
    latencies.sort((a, b) => a - b);
    console.log(`frame → alarm on the stream, ms: ${latencies.map((l) => l.toFixed(1)).join(" ")}`);
    // The values window is 100 ms: before, an alarm waited for it (0–100 ms, half of it on average).
    expect(latencies[4]).toBeLessThan(30);
    expect(latencies[8]).toBeLessThan(60);

    // Values: a frame every 20 ms for a second still makes at most ~10 messages with devices.
    const from = messages.length;
    const start = performance.now();
    let n = 0;
    await until('a second of frames', () => {
      socket.write(`DeviceId=Bath Noise=@${n++ % 2 === 0 ? 61 : 59}@;`);
      return performance.now() - start;
    }, (ms) => ms >= 1000, 5000);
    const withValues = messages.slice(from).filter((m) => m.receivedAt - start <= 1000 && (m.devices?.length ?? 0) > 0);
    expect(withValues.length).toBeGreaterThan(3);
    expect(withValues.length).toBeLessThanOrEqual(11);
    ws.close();
    socket.destroy();
  });
});
