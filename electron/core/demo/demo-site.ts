import type { ConfigService } from '../config.js';
import type { DeviceRegistry } from '../devices.js';
import type { CameraService } from '../video/cameras.js';
import type { SiteService } from '../site/site-service.js';
import { randomBytes } from 'node:crypto';
import { MjpegServer } from './mjpeg-server.js';
import type { TargetPolicy } from '../net/target-policy.js';
import { HALO_TYPE_ID } from '../../../shared/halo/builtin.js';
import { HaloFleet } from './halo-fleet.js';
import type { IncidentName } from '../../../shared/halo/simulated-sensor.js';

/** The demo rooms: names an installer would give HALOs in a school. */
export const DEMO_DEVICES: ReadonlyArray<readonly [deviceId: string, name: string, location: string]> = [
  ['Bath2F', 'Bathroom 2F', 'Floor 2, east wing'], ['Bath1F', 'Bathroom 1F', 'Floor 1, east wing'],
  ['Locker1', 'Locker room', 'Floor 1, gym'], ['Gym', 'Gymnasium', 'Floor 1, gym'],
  ['Library', 'Library', 'Floor 2, west wing'], ['Cafeteria', 'Cafeteria', 'Floor 1, centre'],
  ['Nurse', 'Nurse office', 'Floor 1, admin'], ['Stair3', 'Stairwell 3', 'Floor 3, north'],
];

export interface DemoDeps {
  config: ConfigService;
  registry: DeviceRegistry;
  cameras: CameraService;
  site: SiteService;
  serverId: () => number | null;
  tcpTarget: () => { host: string; port: number } | null;
  intervalMs: number;
  log: (message: string) => void;
  /** The demo's own camera server is a local target by design: exempt while it runs. */
  targets?: TargetPolicy;
  /** Stores a simulated device's past hour, so its charts have a history from the first look. */
  history?: (deviceDbId: number, samples: ReadonlyArray<{ t: number; values: Record<string, string> }>) => void;
}

/**
 * Incidents per HALO per hour in the background: with the site's own share (simulated-site.ts)
 * the demo stays under ISA-18.2's one alarm per 10 minutes; the Drill menu makes the floods.
 */
export const DEMO_HALO_EVENTS_PER_HOUR = 0.2;

/** The demo's backfilled history: an hour, a sample every 30 s. */
const HISTORY_MS = 3_600_000;
const HISTORY_STEP_MS = 30_000;


/**
 * The built-in demo: simulated HALOs over real sockets into the console's own TCP server,
 * registered as ordinary devices marked demo, so everything downstream is the real path.
 */
export class DemoSite {
  private fleet: HaloFleet | null = null;
  private video: MjpegServer | null = null;
  private videoOrigin: string | null = null;

  constructor(private readonly deps: DemoDeps) {}

  get running(): boolean {
    return this.fleet !== null;
  }

  async start(): Promise<void> {
    if (this.fleet) return;
    const serverId = this.deps.serverId();
    const target = this.deps.tcpTarget();
    if (serverId === null || !target) {
      this.deps.log('demo site not started: the HALO TCP server is not listening');
      return;
    }
    const strings = this.deps.config.haloStrings(serverId, HALO_TYPE_ID);
    const fleet = new HaloFleet({
      host: target.host === '0.0.0.0' || target.host === '::' ? '127.0.0.1' : target.host, port: target.port,
      names: DEMO_DEVICES.map(([id]) => id), intervalMs: this.deps.intervalMs, eventsPerHour: DEMO_HALO_EVENTS_PER_HOUR, holdMs: 30_000, strings, seed: 2026,
    });
    this.fleet = fleet;
    // Each simulated HALO shows its dashboard over MJPEG, behind Basic auth as a real one is.
    const credentials = { username: 'demo', password: randomBytes(12).toString('base64url') };
    this.video = new MjpegServer(fleet, { host: '127.0.0.1', port: 0, fps: 4, credentials });
    await this.video.start();
    this.videoOrigin = `127.0.0.1:${this.video.port}`;
    this.deps.targets?.exempt(this.videoOrigin);
    const existing = new Map(this.deps.cameras.list().filter((c) => c.demo).map((c) => [c.name, c]));
    for (const c of existing.values()) this.deps.cameras.delete(c.id, 'demo');
    for (const [deviceId, name, location] of DEMO_DEVICES) {
      const camera = this.deps.cameras.create({
        name: `${name} dashboard`, mjpegUrl: this.video.url(deviceId, 'stream'), snapshotUrl: this.video.url(deviceId, 'snapshot'),
        username: credentials.username, password: credentials.password, location,
      }, 'demo', true);
      const device = this.deps.registry.find(serverId, deviceId);
      const config = { name, deviceId, typeId: HALO_TYPE_ID, serverId, location, offlineAfterS: 30, cameraIds: [camera.id] };
      const id = device ? device.status.id : this.deps.config.createDevice(config, 'demo', true).id;
      if (device) this.deps.config.updateDevice(id, config, 'demo');
      const now = Date.now();
      this.deps.history?.(id, fleet.pastSamples(deviceId, now - HISTORY_MS, now, HISTORY_STEP_MS));
    }
    fleet.start();
    // The simulated security system: doors, readers, cameras, inputs and outputs that live.
    const connection = this.deps.site.connection();
    if (!connection.settings) await this.deps.site.configure({ driver: 'simulated', directoryServer: '127.0.0.1', username: 'watchdesk', password: 'demo', activity: true }, 'demo');
    else await this.deps.site.connect();
  }

  /** A drill's incident on one demo HALO, through its real TCP connection; false when it cannot start now. */
  trigger(name: IncidentName, device: string): boolean {
    return this.fleet?.trigger(name, device) ?? false;
  }

  /** Stops the simulated HALOs; switching the demo off also removes its devices and their data. */
  async stop(removeDevices: boolean): Promise<void> {
    this.fleet?.stop();
    this.fleet = null;
    await this.video?.stop();
    this.video = null;
    if (this.videoOrigin) this.deps.targets?.unexempt(this.videoOrigin);
    this.videoOrigin = null;
    if (!removeDevices) return;
    for (const d of this.deps.registry.all()) {
      if (d.status.demo) this.deps.config.deleteDevice(d.status.id, 'demo');
    }
    for (const c of this.deps.cameras.list()) if (c.demo) this.deps.cameras.delete(c.id, 'demo');
    await this.deps.site.forgetDemo();
  }
}
