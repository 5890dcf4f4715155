import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeSync, openSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type net from 'node:net';
import { WatchdeskApp } from '../electron/core/app.js';
import type { AppOptionsInput } from '../electron/core/app-options.js';
import { Api, PASSWORD, connect, tempDir, until } from './support/app.js';

const MiB = 1024 * 1024;
let mountPoint: string | null = null;

beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'watchdesk-small-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=32m', 'tmpfs', dir], { stdio: 'ignore' });
    mountPoint = dir;
  } catch {
    console.log('disk-full test skipped: mounting a tmpfs is not permitted here');
  }
});
afterAll(() => { if (mountPoint) execFileSync('umount', ['-l', mountPoint]); });

async function start(dataDir: string, logs: string[], over: Partial<AppOptionsInput>): Promise<{ app: WatchdeskApp; api: Api; tcpPort: number }> {
  const app = new WatchdeskApp({ dataDir, rendererDir: join(tmpdir(), 'none'), port: 0, tcpPort: 0, collectorPort: 0, adminPassword: PASSWORD, demo: false, diskCheckMs: 50, ...over }, (m) => logs.push(m));
  const ready = await app.start();
  const api = new Api(ready.url);
  await api.login('admin', PASSWORD);
  return { app, api, tcpPort: ready.tcpPort! };
}

/** Fills the file system with a filler file until it says ENOSPC. */
function fill(path: string): void {
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(64 * 1024, 1);
  try {
    for (;;) writeSync(fd, block);
  } catch {
    // ENOSPC: full.
  } finally {
    closeSync(fd);
  }
}

let seq = 0;
/** HALO heartbeats numbered in order, so every stored value can be checked afterwards. */
function heartbeats(s: net.Socket, n: number): void {
  let text = '';
  for (let i = 0; i < n; i++) text += `DeviceId=Lab Noise=@${seq++}@ Temp=@21@ Humidity=@40@ CO2=@600@;`;
  s.write(text);
}

describe('a full disk', () => {
  it('raises the alarm, refuses samples below critical, backs off on SQLITE_FULL, keeps serving, recovers, and loses nothing it stored', async () => {
    if (!mountPoint) return;
    const dataDir = join(mountPoint, 'data');
    const filler = join(mountPoint, 'filler');
    const logs: string[] = [];

    // 1. The guard: below 24 MiB free (of 32) an alarm, below 20 MiB no more samples.
    const one = await start(dataDir, logs, { diskWarnBytes: 24 * MiB, diskCriticalBytes: 20 * MiB });
    const device = (await one.api.post('/devices', { name: 'Lab', deviceId: 'Lab', typeId: 'halo', serverId: 1 })).body as { id: number };
    let s = await connect(one.tcpPort);
    await until('samples refused', async () => {
      heartbeats(s, 500);
      return (await one.api.get('/ingest/stats')).body;
    }, (st) => st.refusedFrames > 0, 60_000);
    expect((await one.api.get('/ingest/stats')).body.storage).toMatchObject({ disk: 'critical', freeBytes: expect.any(Number) });
    const alarm = (await one.api.get('/alarms')).body.find((a: { definitionId: string }) => a.definitionId === 'system-disk-low');
    expect(alarm).toMatchObject({ priority: 1, state: 'unack', source: { kind: 'system' } });
    expect((await one.api.post(`/alarms/${alarm.id}/acknowledge`, { comment: 'ordering a disk' })).status).toBe(200);
    expect((await one.api.get('/audit?action=alarm.acknowledge')).body[0]).toMatchObject({ target: `alarm:${alarm.id}` });
    s.destroy();
    await one.app.stop();
    const storedOne = one.app.counters.storedFrames;
    expect(storedOne).toBeGreaterThan(1000);

    // 2. No guard, and the disk really full: SQLITE_FULL.
    const two = await start(dataDir, logs, { diskWarnBytes: 0, diskCriticalBytes: 0 });
    s = await connect(two.tcpPort);
    fill(filler);
    const before = (await two.api.get('/ingest/stats')).body;
    for (let i = 0; i < 50; i++) {
      heartbeats(s, 500);
      const t0 = performance.now();
      expect((await two.api.get('/ingest/stats')).status).toBe(200);
      expect(performance.now() - t0).toBeLessThan(1000);
    }
    const full = await until('frames seen', async () => (await two.api.get('/ingest/stats')).body, (st) => st.frames >= before.frames + 25_000);
    // Backing off: a handful of attempts, not one per frame; memory bounded, the rest counted.
    expect(full.storeErrors).toBeGreaterThan(0);
    expect(full.storeErrors).toBeLessThan(40);
    expect(full.droppedFrames).toBeGreaterThan(0);
    expect(full.storage).toMatchObject({ writeError: expect.stringMatching(/full/) });
    expect(two.app.batcher.pendingFrames).toBeLessThanOrEqual(20_000);
    expect((await two.api.get('/health')).status).toBe(200);

    // Space returns: it recovers by itself.
    rmSync(filler);
    await until('recovered', async () => (await two.api.get('/ingest/stats')).body, (st) => two.app.batcher.pendingFrames === 0 && st.storedFrames > full.storedFrames, 20_000);
    expect(logs.some((l) => l.includes('database writes work again'))).toBe(true);

    // Full again, then a stop: the log says what could not be stored.
    fill(filler);
    const recovered = (await two.api.get('/ingest/stats')).body;
    await until('writes failing again', async () => {
      heartbeats(s, 200);
      return (await two.api.get('/ingest/stats')).body;
    }, (st) => st.storeErrors > recovered.storeErrors, 30_000);
    s.destroy();
    await two.app.stop();
    console.log(logs.filter((l) => /stopping:|disk|database/.test(l)).join('\n'));
    expect(logs.find((l) => l.startsWith('stopping:'))).toMatch(/^stopping: \d+ frames and \d+ events could not be stored/);
    const storedTwo = two.app.counters.storedFrames;
    rmSync(filler);

    // 3. Restart: every value stored is there, in order, and the database is sound.
    const three = await start(dataDir, logs, {});
    try {
      const series = (await three.api.get(`/devices/${device.id}/series?point=Noise&from=0&maxPoints=10000`)).body;
      expect(series.total).toBe(storedOne + storedTwo);
      const db = new Database(join(dataDir, 'watchdesk.db'), { readonly: true });
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      db.close();
    } finally {
      await three.app.stop();
    }
  }, 120_000);

  it('refuses a backup that would fill the disk, with the reason and a system alarm', async () => {
    if (!mountPoint) return;
    const logs: string[] = [];
    const { app, api } = await start(tempDir(), logs, { backupDir: join(mountPoint, 'backups') });
    try {
      const r = await api.post('/backups', {});
      expect(r.status).toBe(500);
      expect(r.body.error.message).toMatch(/not enough free space/);
      expect((await api.get('/backups')).body.backups).toEqual([]);
      const alarm = (await api.get('/alarms')).body.find((a: { definitionId: string }) => a.definitionId === 'system-backup-failed');
      expect(alarm).toMatchObject({ state: 'unack', source: { name: expect.stringMatching(/not enough free space/) } });
    } finally {
      await app.stop();
    }
  });
});
