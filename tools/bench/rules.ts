import WebSocket from 'ws';
import type { ServeHandle } from '../../e2e/support/serve-process.js';
import { connect, deviceName, heartbeat, paced } from './load.js';
import { percentile } from './stats.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- bench reads arbitrary JSON
type ApiCall = (method: string, path: string, body?: unknown) => Promise<any>;

const WATCHED = ['Noise', 'PM2.5', 'TVOC', 'CO2cal', 'C', 'RH', 'AQI', 'HI'];

/**
 * 1,000 rules over the heartbeat stream, as a site would have them: 990 per-room thresholds
 * (one device each) and 10 site-wide rules on the HALO type, none crossed, so every heartbeat
 * is evaluated against 11 rules and nothing else changes.
 */
export async function addThousandRules(_serve: ServeHandle, _token: string, call: ApiCall): Promise<void> {
  await call('POST', '/alarm-definitions', { id: 'BENCH', name: 'Bench threshold', priority: 100 });
  const devices = (await call('GET', '/devices')) as Array<{ id: number }>;
  const rules = [
    ...devices.slice(0, 990).map((d, i) => ({ id: `room-${d.id}`, name: `Room ${d.id}`, when: { type: 'data', deviceId: d.id, point: WATCHED[i % WATCHED.length], op: '>', value: 1e9 }, do: [{ type: 'trigger-alarm', alarmId: 'BENCH' }] })),
    ...WATCHED.concat(['PM10', 'NO2']).map((point) => ({ id: `site-${point.replace('.', '')}`, name: `Site ${point}`, when: { type: 'data', deviceTypeId: 'halo', point, op: '>', value: 1e9, deadband: 1 }, do: [{ type: 'trigger-alarm', alarmId: 'BENCH' }] })),
  ];
  const imported = (await call('POST', '/rules/import', rules)) as unknown[];
  if (imported.length !== 1000) throw new Error(`expected 1000 rules, got ${JSON.stringify(imported).slice(0, 200)}`);
}

/**
 * Sensor frame → alarm visible on the stream, at 1,000 heartbeats/s over 1,000 devices, of which
 * 10 a second cross the threshold (each device's next heartbeat clears it again). Every frame
 * is an alarm would be a permanent flood, which ISA-18.2 says no site should live in.
 */
export async function alarmLatency(serve: ServeHandle, token: string, call: ApiCall, seconds: number): Promise<{ p50: number; p99: number; samples: number }> {
  const DEVICES = 1000;
  await call('POST', '/alarm-definitions', { id: 'LOUD', name: 'Loud', priority: 10 });
  await call('POST', '/rules', { id: 'loud', name: 'Noise above 100', when: { type: 'data', deviceTypeId: 'halo', point: 'Noise', op: '>', value: 100 }, do: [{ type: 'trigger-alarm', alarmId: 'LOUD' }] });
  const sockets = await Promise.all(Array.from({ length: DEVICES }, () => connect(serve.tcpPort)));
  const frames = sockets.map((_, i) => heartbeat(i, 50));
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  const ws = new WebSocket(`${serve.url.replace('http', 'ws')}api/v1/stream?token=${token}`);
  ws.on('message', (data) => {
    const now = performance.now();
    const m = JSON.parse(String(data)) as { alarms?: Array<{ state: string; value: number; source: { name: string } }> };
    for (const a of m.alarms ?? []) {
      const key = `${a.source.name}:${a.value}`;
      const at = sentAt.get(key);
      if (at !== undefined && a.state === 'unack') { latencies.push(now - at); sentAt.delete(key); }
    }
  });
  await new Promise((r) => ws.once('open', r));
  await paced(seconds, 1000, (n) => {
    const i = n % DEVICES;
    const seq = n + 1;
    // One frame in a hundred is loud (traced by its value); the device's next one is quiet.
    const noise = seq % 100 === 0 ? 1000 + seq : 50;
    if (noise > 100) sentAt.set(`${deviceName(i)}:${noise}`, performance.now());
    sockets[i]!.write(frames[i]!.replace(/Noise=@[^@]*@/, `Noise=@${noise}@`));
  });
  await new Promise((r) => setTimeout(r, 500));
  ws.close();
  sockets.forEach((s) => s.destroy());
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), samples: latencies.length };
}
