import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WatchdeskApp } from '../electron/core/app.js';
import { HaloFleet } from '../electron/core/demo/halo-fleet.js';
import { MjpegServer } from '../electron/core/demo/mjpeg-server.js';
import { headlessKeyProvider, safeStorageKeyProvider } from '../electron/core/secrets/key-providers.js';
import { SecretBox } from '../electron/core/secrets/secret-box.js';
import { startApp, tempDir, type Api } from './support/app.js';
import { digestHeader } from './support/digest-client.js';
import { ha1 } from '../electron/core/collector/digest.js';

// Issue 12, item 10: secrets at rest are sealed, the data folder is owner-only.

const CAM_PASSWORD = 'cam-secret-5f1c9';
const SITE_PASSWORD = 'site-secret-77ab2';
let app: WatchdeskApp | null = null;
let sim: MjpegServer | null = null;
afterEach(async () => {
  await app?.stop();
  app = null;
  await sim?.stop();
  sim = null;
});

let collector = '';
async function start(dataDir: string): Promise<Api> {
  const started = await startApp({ dataDir, allowLocalTargets: true });
  app = started.app;
  collector = `http://127.0.0.1:${started.ready.collectorPort}`;
  return started.api;
}

/** A generic event sent with Digest SHA-256, answering the collector's own challenge. */
async function digestEvent(username: string, password: string): Promise<number> {
  const uri = '/api/createEvent?caption=DigestAtRest';
  const first = await fetch(`${collector}${uri}`);
  await first.text();
  const challenge = (first.headers.get('www-authenticate') ?? '').split(/,\s*(?=Digest|Basic)/).find((c) => c.includes('algorithm=SHA-256'))!;
  const res = await fetch(`${collector}${uri}`, { headers: { authorization: digestHeader(challenge, 'GET', uri, username, password, { qop: true }) } });
  await res.text();
  return res.status;
}

async function stop(): Promise<void> {
  await app!.stop();
  app = null;
}

async function camera(): Promise<MjpegServer> {
  const fleet = new HaloFleet({ host: '127.0.0.1', port: 1, names: ['Gym'], intervalMs: 60_000, eventsPerHour: 0, holdMs: 30_000, strings: { heartbeat: '', set: '', reset: '' }, seed: 1 });
  sim = new MjpegServer(fleet, { host: '127.0.0.1', port: 0, fps: 5, credentials: { username: 'halo', password: CAM_PASSWORD } });
  await sim.start();
  return sim;
}

async function snapshotStatus(api: Api, id: number): Promise<number> {
  return (await fetch(`${api.base}api/v1/cameras/${id}/snapshot`, { headers: { authorization: `Bearer ${api.token}` } })).status;
}

/** Every byte of the database, its WAL included. */
function databaseBytes(dataDir: string): string {
  return ['watchdesk.db', 'watchdesk.db-wal'].map((f) => join(dataDir, f)).filter(existsSync).map((f) => readFileSync(f).toString('latin1')).join('');
}

const mode = (path: string): number => statSync(path).mode & 0o777;

describe('secrets at rest', () => {
  it('creates the data folder 0700 and the database files and key 0600', async () => {
    const dataDir = join(tempDir(), 'data');
    await start(dataDir);
    expect(mode(dataDir)).toBe(0o700);
    for (const f of ['watchdesk.db', 'watchdesk.db-wal', 'watchdesk.db-shm', 'secret.key']) {
      expect(existsSync(join(dataDir, f)), f).toBe(true);
      expect(mode(join(dataDir, f)), f).toBe(0o600);
    }
  });

  it('tightens a data folder an older build left open', async () => {
    const dataDir = join(tempDir(), 'data');
    mkdirSync(dataDir, { mode: 0o755 });
    await start(dataDir);
    expect(mode(dataDir)).toBe(0o700);
  });

  it('seals camera and site passwords with AES-256-GCM, and they work after a restart', async () => {
    const dataDir = join(tempDir(), 'data');
    const cam = await camera();
    let api = await start(dataDir);
    const created = (await api.post('/cameras', { name: 'Gym', snapshotUrl: cam.url('Gym', 'snapshot'), username: 'halo', password: CAM_PASSWORD })).body;
    expect(await snapshotStatus(api, created.id)).toBe(200);
    expect((await api.request('PUT', '/site/connection', { directoryServer: '10.0.0.5', username: 'watchdesk', password: SITE_PASSWORD })).status).toBe(200);
    await stop();
    const bytes = databaseBytes(dataDir);
    expect(bytes).not.toContain(CAM_PASSWORD);
    expect(bytes).not.toContain(SITE_PASSWORD);
    const db = new Database(join(dataDir, 'watchdesk.db'), { readonly: true });
    expect(JSON.parse((db.prepare('SELECT config FROM cameras').get() as { config: string }).config).password).toMatch(/^enc:v1:/);
    expect(JSON.parse((db.prepare("SELECT value FROM settings WHERE key = 'siteConnection'").get() as { value: string }).value).password).toMatch(/^enc:v1:/);
    db.close();
    // The site password opens again (read before start: a start without the demo forgets the site).
    const reopened = new WatchdeskApp({ dataDir, rendererDir: dataDir, demo: false }, () => undefined);
    expect(reopened.site.connection().settings).toMatchObject({ username: 'watchdesk', hasPassword: true });
    reopened.store.close();
    api = await start(dataDir);
    expect(await snapshotStatus(api, created.id)).toBe(200);
  });

  it('seals plaintext secrets an older build stored, on start', async () => {
    const dataDir = join(tempDir(), 'data');
    const cam = await camera();
    let api = await start(dataDir);
    const created = (await api.post('/cameras', { name: 'Gym', snapshotUrl: cam.url('Gym', 'snapshot'), username: 'halo', password: 'placeholder' })).body;
    expect((await api.request('PUT', '/site/connection', { directoryServer: '10.0.0.5', username: 'watchdesk', password: 'placeholder' })).status).toBe(200);
    await stop();
    const db = new Database(join(dataDir, 'watchdesk.db'));
    const config = JSON.parse((db.prepare('SELECT config FROM cameras').get() as { config: string }).config);
    db.prepare('UPDATE cameras SET config = ?').run(JSON.stringify({ ...config, password: CAM_PASSWORD }));
    const site = JSON.parse((db.prepare("SELECT value FROM settings WHERE key = 'siteConnection'").get() as { value: string }).value);
    db.prepare("UPDATE settings SET value = ? WHERE key = 'siteConnection'").run(JSON.stringify({ ...site, password: SITE_PASSWORD }));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    api = await start(dataDir);
    expect(await snapshotStatus(api, created.id)).toBe(200);
    await stop();
    const check = new Database(join(dataDir, 'watchdesk.db'));
    check.pragma('wal_checkpoint(TRUNCATE)');
    check.exec('VACUUM');
    check.close();
    const bytes = databaseBytes(dataDir);
    expect(bytes).not.toContain(CAM_PASSWORD);
    expect(bytes).not.toContain(SITE_PASSWORD);
  });

  it('seals integration accounts\' Digest HA1 values (password-equivalent), and Digest still works after a restart', async () => {
    const dataDir = join(tempDir(), 'data');
    let api = await start(dataDir);
    expect((await api.post('/integration-accounts', { username: 'halo', password: 'halo-secret-9' })).status).toBe(201);
    expect(await digestEvent('halo', 'halo-secret-9')).toBe(200);
    await stop();
    const plainSha = ha1('SHA-256', 'halo', 'halo-secret-9');
    const plainMd5 = ha1('MD5', 'halo', 'halo-secret-9');
    expect(databaseBytes(dataDir)).not.toContain(plainSha);
    expect(databaseBytes(dataDir)).not.toContain(plainMd5);
    // An older build left them in plaintext: the next start seals them, and Digest keeps working.
    const db = new Database(join(dataDir, 'watchdesk.db'));
    db.prepare('UPDATE integration_accounts SET ha1_md5 = ?, ha1_sha256 = ?').run(plainMd5, plainSha);
    db.close();
    api = await start(dataDir);
    expect(await digestEvent('halo', 'halo-secret-9')).toBe(200);
    expect(await digestEvent('halo', 'wrong-secret')).toBe(401);
    await stop();
    const check = new Database(join(dataDir, 'watchdesk.db'), { readonly: true });
    const row = check.prepare('SELECT ha1_md5, ha1_sha256 FROM integration_accounts').get() as { ha1_md5: string; ha1_sha256: string };
    check.close();
    expect(row.ha1_md5).toMatch(/^enc:v1:/);
    expect(row.ha1_sha256).toMatch(/^enc:v1:/);
  });

  it('takes the key from WATCHDESK_SECRET_KEY, or from the OS keychain in the desktop app', () => {
    const dir = tempDir();
    const hex = 'ab'.repeat(32);
    const fromEnv = new SecretBox(headlessKeyProvider(dir, { WATCHDESK_SECRET_KEY: hex }));
    const sealed = fromEnv.seal('x');
    expect(new SecretBox({ source: 'test', key: () => Buffer.from(hex, 'hex') }).open(sealed)).toBe('x');
    expect(existsSync(join(dir, 'secret.key'))).toBe(false);
    // A stand-in for Electron's safeStorage: the key file on disk is sealed by it, not plain.
    const keychain = { isEncryptionAvailable: () => true, encryptString: (s: string) => Buffer.from(`sealed:${Buffer.from(s).toString('hex')}`), decryptString: (b: Buffer) => Buffer.from(b.toString().slice(7), 'hex').toString() };
    const desktop = safeStorageKeyProvider(dir, keychain, {});
    const box = new SecretBox(desktop);
    expect(new SecretBox(safeStorageKeyProvider(dir, keychain, {})).open(box.seal('y'))).toBe('y');
    expect(readFileSync(join(dir, 'secret.key.safe')).toString()).toMatch(/^sealed:/);
    expect(mode(join(dir, 'secret.key.safe'))).toBe(0o600);
    expect(() => new SecretBox(headlessKeyProvider(tempDir())).open(sealed)).toThrow(/secret key is not the one/);
  });
});
