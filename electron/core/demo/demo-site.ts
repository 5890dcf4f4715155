import type { ConfigService } from '../config.js';
import type { DeviceRegistry } from '../devices.js';
import { HALO_TYPE_ID } from '../../../shared/halo/builtin.js';
import { HaloFleet } from './halo-fleet.js';

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
  serverId: () => number | null;
  tcpTarget: () => { host: string; port: number } | null;
  intervalMs: number;
  log: (message: string) => void;
}

/**
 * The built-in demo: simulated HALOs over real sockets into the console's own TCP server,
 * registered as ordinary devices marked demo, so everything downstream is the real path.
 */
export class DemoSite {
  private fleet: HaloFleet | null = null;

  constructor(private readonly deps: DemoDeps) {}

  get running(): boolean {
    return this.fleet !== null;
  }

  start(): void {
    if (this.fleet) return;
    const serverId = this.deps.serverId();
    const target = this.deps.tcpTarget();
    if (serverId === null || !target) {
      this.deps.log('demo site not started: the HALO TCP server is not listening');
      return;
    }
    for (const [deviceId, name, location] of DEMO_DEVICES) {
      if (!this.deps.registry.find(serverId, deviceId)) {
        this.deps.config.createDevice({ name, deviceId, typeId: HALO_TYPE_ID, serverId, location, offlineAfterS: 30 }, 'demo', true);
      }
    }
    const strings = this.deps.config.haloStrings(serverId, HALO_TYPE_ID);
    this.fleet = new HaloFleet({
      host: target.host === '0.0.0.0' || target.host === '::' ? '127.0.0.1' : target.host, port: target.port,
      names: DEMO_DEVICES.map(([id]) => id), intervalMs: this.deps.intervalMs, eventsPerHour: 40, holdMs: 30_000, strings, seed: 2026,
    });
    this.fleet.start();
  }

  /** Stops the simulated HALOs; switching the demo off also removes its devices and their data. */
  stop(removeDevices: boolean): void {
    this.fleet?.stop();
    this.fleet = null;
    if (!removeDevices) return;
    for (const d of this.deps.registry.all()) {
      if (d.status.demo) this.deps.config.deleteDevice(d.status.id, 'demo');
    }
  }
}
