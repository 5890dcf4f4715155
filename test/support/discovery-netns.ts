/**
 * Run by onvif-discovery.test.ts inside a network namespace of its own (`unshare -n`, loopback
 * only): a console, two emulated cameras answering WS-Discovery, one of them already added.
 * Prints one line of JSON: what the probe found.
 */
import { OnvifEmulator } from './onvif-emulator.js';
import { startApp } from './app.js';

const { app, api } = await startApp();
const added = new OnvifEmulator({ model: 'PTZ-2000' });
const fresh = new OnvifEmulator({ manufacturer: 'Acme Vision', model: 'Dome 9' });
for (const e of [added, fresh]) { await e.start(); await e.discoverable(); }
await api.post('/connections', { driver: 'onvif', address: '127.0.0.1', port: added.port, username: added.username, password: added.password });
const started = Date.now();
const r = await api.post('/connections/discover', {});
const ms = Date.now() - started;
process.stdout.write(`${JSON.stringify({ added: added.port, fresh: fresh.port, status: r.status, body: r.body, ms })}\n`);
await app.stop();
for (const e of [added, fresh]) await e.stop();
process.exit(0);
