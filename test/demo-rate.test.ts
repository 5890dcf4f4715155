import net from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEMO_SIZE, SimulatedSite } from '../electron/core/site/simulated-site.js';
import { DriverLog, type DriverUpdate } from '../electron/core/site/driver.js';
import { DEFAULT_STATUS_TABLES } from '../shared/site/tables.js';
import { HaloFleet } from '../electron/core/demo/halo-fleet.js';
import { DEMO_DEVICES, DEMO_HALO_EVENTS_PER_HOUR } from '../electron/core/demo/demo-site.js';

const HOUR = 3_600_000;
const DAY_H = 24;
/** ISA-18.2: at most one alarm per 10 minutes per operator, so six an hour. */
const ISA_PER_HOUR = 6;

/** Alarms the simulated site raises in `hours` of its life, on a fake clock: each new state the status table says alarms. */
function siteAlarms(hours: number, seed: number): number {
  let now = Date.UTC(2026, 10, 30, 8);
  const site = new SimulatedSite(new DriverLog(), DEMO_SIZE, seed, [0, 0], () => now);
  const states = new Map<string, string[]>();
  let raised = 0;
  site.subscribe((u: DriverUpdate) => {
    if (u.kind !== 'state') return;
    const type = u.assetId.replace(/-\d+$/, '') as keyof typeof DEFAULT_STATUS_TABLES;
    const before = states.get(u.assetId) ?? [];
    for (const s of u.states) if (!before.includes(s) && DEFAULT_STATUS_TABLES[type]?.[s]?.raisesAlarm) raised++;
    states.set(u.assetId, u.states);
  });
  for (let s = 0; s < hours * 3600; s++, now += 1000) site.live();
  return raised;
}

/**
 * Incidents the demo's HALOs start in `hours`, counted as the Set strings a TCP server receives:
 * the real fleet on real sockets, with its timers and clock faked so a day passes in seconds. A
 * heartbeat a minute keeps the traffic small; the fleet's chance per heartbeat scales with it.
 */
async function haloIncidents(hours: number): Promise<number> {
  let sets = 0;
  const server = net.createServer((s) => s.on('data', (d) => { sets += (d.toString().match(/INCIDENT/g) ?? []).length; }));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  const tick = () => new Promise((r) => setImmediate(r));
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  const fleet = new HaloFleet({
    host: '127.0.0.1', port, names: DEMO_DEVICES.map(([id]) => id), intervalMs: 60_000, eventsPerHour: DEMO_HALO_EVENTS_PER_HOUR,
    holdMs: 30_000, strings: { heartbeat: 'HB\n', set: 'INCIDENT\n', reset: 'OVER\n' }, seed: 2026,
  });
  try {
    fleet.start();
    vi.advanceTimersByTime(60_000);
    for (let i = 0; i < 200 && fleet.framesSent < DEMO_DEVICES.length; i++) await tick();
    expect(fleet.framesSent).toBe(DEMO_DEVICES.length);
    for (let h = 0; h < hours; h++) { vi.advanceTimersByTime(HOUR); await tick(); }
    const sent = fleet.framesSent;
    for (let i = 0; i < 2000; i++) await tick();
    expect(sent).toBeGreaterThan(DEMO_DEVICES.length * 60 * hours);
    return sets;
  } finally {
    fleet.stop();
    vi.useRealTimers();
    await new Promise((r) => server.close(r));
  }
}

afterEach(() => vi.useRealTimers());

describe('the demo meets the ISA-18.2 target', () => {
  it('a day of the simulated site and the demo HALOs raises fewer than one alarm per 10 minutes', async () => {
    const site = [1, 2, 3].map((seed) => siteAlarms(DAY_H, seed));
    const halo = await haloIncidents(DAY_H);
    const perHour = (site.reduce((a, b) => a + b, 0) / site.length + halo) / DAY_H;
    // Measured, not assumed: say it in the test output too.
    console.log(`demo background alarms: site ${site.join('/')} per day (3 seeds), HALOs ${halo} per day → ${perHour.toFixed(2)} per hour, ${(perHour / 6).toFixed(2)} per 10 min`);
    expect(perHour).toBeLessThanOrEqual(ISA_PER_HOUR);
    // The site still lives: a few doors forced and inputs in trouble over a day.
    expect(Math.min(...site)).toBeGreaterThan(0);
  }, 120_000);
});
