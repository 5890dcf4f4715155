import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { WatchdeskApp } from '../../electron/core/app.js';
import { SimulatedSite } from '../../electron/core/site/simulated-site.js';
import { percentile } from './stats.js';

const SETTINGS = { driver: 'simulated', directoryServer: '10.0.0.5', username: 'bench', password: 'bench', activity: false };

async function withSite<T>(size: ConstructorParameters<typeof SimulatedSite>[1], delay: [number, number], fn: (app: WatchdeskApp) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'watchdesk-site-bench-'));
  const app = new WatchdeskApp({ dataDir: dir, rendererDir: dir, port: 0, tcpPort: 0, collectorPort: 0, adminPassword: 'bench-password', demo: false }, () => undefined, (log) => new SimulatedSite(log, size, 7, delay));
  await app.start();
  await app.site.configure(SETTINGS, 'bench');
  try {
    return await fn(app);
  } finally {
    await app.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Command round trip: from the request to the state that confirms it, one command at a time. */
export async function commandRoundTrip(count: number): Promise<{ coreP50: number; coreP99: number; siteP50: number; siteP99: number }> {
  const run = (delay: [number, number]) => withSite({ doors: 30, cameras: 20, inputs: 12, outputs: 8 }, delay, async (app) => {
    const times: number[] = [];
    const who = { username: 'bench', role: 'admin' as const };
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      const [c] = app.site.command([`door-${String((i % 30) + 1).padStart(2, '0')}`], i % 60 < 30 ? 'unlock' : 'lock', {}, who, true);
      for (;;) {
        const now = app.site.commands.get(c!.id)!;
        if (now.status !== 'pending') break;
        await new Promise((r) => setImmediate(r));
      }
      times.push(performance.now() - started);
    }
    return times;
  });
  // The core's own cost (a site that answers at once), then with the simulated site's realistic delays.
  const core = await run([0, 0]);
  const site = await run([150, 600]);
  return { coreP50: percentile(core, 50), coreP99: percentile(core, 99), siteP50: percentile(site, 50), siteP99: percentile(site, 99) };
}

/** 10,000 assets with 100 state changes a second: does the core keep up, and what does it cost? */
export async function bigSite(seconds: number): Promise<{ assets: number; changesPerS: number; applied: number; sent: number; loopP99Ms: number; cpuPercent: number }> {
  return withSite({ doors: 2500, cameras: 2000, inputs: 2000, outputs: 1000 }, [0, 0], async (app) => {
    const sim = app.site.simulated!;
    const total = app.site.assets.ids().length;
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const cpu0 = process.cpuUsage();
    const started = performance.now();
    let sent = 0;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        for (let k = 0; k < 10; k++) {
          const i = (sent % 2000) + 1;
          sim.force(`input-${String(i).padStart(2, '0')}`, [sent % 4000 < 2000 ? 'Active' : 'Secure']);
          sent++;
        }
        if (performance.now() - started >= seconds * 1000) { clearInterval(timer); resolve(); }
      }, 100);
    });
    const elapsed = (performance.now() - started) / 1000;
    const cpu = process.cpuUsage(cpu0);
    loop.disable();
    const applied = app.site.assets.all().filter((a) => a.type === 'input' && a.states[0] === 'Active').length;
    return { assets: total, changesPerS: sent / elapsed, applied, sent, loopP99Ms: loop.percentile(99) / 1e6, cpuPercent: ((cpu.user + cpu.system) / 1000 / (elapsed * 1000)) * 100 };
  });
}
