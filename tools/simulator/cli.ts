import { parseArgs } from 'node:util';
import { compileDeviceType } from '../../shared/halo/compile.js';
import { haloDeviceType } from '../../shared/halo/builtin.js';
import { generateHaloStrings } from '../../shared/halo/strings.js';
import { HaloFleet } from '../../electron/core/demo/halo-fleet.js';

/**
 * `npm run simulate -- --port 4100 --devices 20`: simulated HALO Smart Sensors over real TCP,
 * sending the strings the console's generator gives an installer.
 */
const { values } = parseArgs({
  options: {
    host: { type: 'string', default: '127.0.0.1' },
    port: { type: 'string', default: '4100' },
    devices: { type: 'string', default: '10' },
    interval: { type: 'string', default: '5', short: 'i' },
    'events-per-hour': { type: 'string', default: '20' },
    hold: { type: 'string', default: '30' },
    prefix: { type: 'string', default: 'SimHalo' },
    seed: { type: 'string', default: '1' },
    delimiter: { type: 'string', default: ';' },
    'device-id-regex': { type: 'string', default: 'DeviceId=(\\S+)' },
    duration: { type: 'string' },
    failover: { type: 'string', multiple: true },
    help: { type: 'boolean', short: 'h' },
  },
});

if (values.help) {
  process.stdout.write(`usage: npm run simulate -- [--host H] [--port N] [--devices N] [--interval S]
       [--events-per-hour N] [--hold S] [--prefix NAME] [--seed N] [--duration S]
       [--failover HOST:PORT ...]   (a site's other nodes: tried in turn after a lost connection)
Devices are named PREFIX001…; create them in the console, or turn on auto-create on the TCP server.
`);
  process.exit(0);
}

const num = (v: string | undefined, name: string): number => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) {
    process.stderr.write(`--${name} must be a non-negative number\n`);
    process.exit(2);
  }
  return n;
};

const count = num(values.devices, 'devices');
const failover = (values.failover ?? []).map((a) => {
  const m = /^(.+):(\d+)$/.exec(a);
  if (!m) {
    process.stderr.write(`--failover must be HOST:PORT, not "${a}"\n`);
    process.exit(2);
  }
  return { host: m[1]!, port: num(m[2], 'failover') };
});
const strings = generateHaloStrings(compileDeviceType(haloDeviceType()), values['device-id-regex']!, values.delimiter!);
const names = Array.from({ length: count }, (_, i) => `${values.prefix}${String(i + 1).padStart(3, '0')}`);
const fleet = new HaloFleet({
  host: values.host!, port: num(values.port, 'port'), names, failover,
  intervalMs: num(values.interval, 'interval') * 1000, eventsPerHour: num(values['events-per-hour'], 'events-per-hour'),
  holdMs: num(values.hold, 'hold') * 1000, strings, seed: num(values.seed, 'seed'),
});
fleet.start();
process.stderr.write(`simulating ${count} HALO devices (${names[0]}…) → ${values.host}:${values.port}, heartbeat every ${values.interval} s\n`);
const report = setInterval(() => process.stderr.write(`frames sent: ${fleet.framesSent}\n`), 10_000);
const stop = (): void => { clearInterval(report); fleet.stop(); process.exit(0); };
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
if (values.duration) setTimeout(stop, num(values.duration, 'duration') * 1000);
