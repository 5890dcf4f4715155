import net from 'node:net';
import { renderHaloTemplate, type HaloStrings } from '../../../shared/halo/strings.js';
import { INCIDENT_NAMES, SimulatedHalo, type IncidentName } from '../../../shared/halo/simulated-sensor.js';
import { seededRandom } from '../../../shared/random.js';

export interface FleetOptions {
  host: string;
  port: number;
  /**
   * More addresses of the same site (its other nodes): after a lost connection a HALO tries the
   * next one, as a HALO behind a virtual IP or DNS failover reaches whichever node answers.
   */
  failover?: Array<{ host: string; port: number }>;
  names: string[];
  intervalMs: number;
  /** Incidents (Set, then Reset after the hold) per device per hour. */
  eventsPerHour: number;
  holdMs: number;
  strings: Pick<HaloStrings, 'heartbeat' | 'set' | 'reset'>;
  seed: number;
  log?: (message: string) => void;
}

interface Member {
  halo: SimulatedHalo;
  values: Record<string, string>;
  socket: net.Socket | null;
  timer: NodeJS.Timeout | null;
  backoffMs: number;
  sent: number;
  /** Which of the site's addresses it uses now. */
  target: number;
}

/**
 * Simulated HALO devices over real TCP, one connection each, sending exactly the strings an
 * installer would type. Used by `npm run simulate` and by the console's demo site.
 */
export class HaloFleet {
  private readonly members: Member[];
  private readonly rand: () => number;
  private stopped = false;

  constructor(private readonly options: FleetOptions) {
    this.rand = seededRandom(options.seed ^ 0x9e3779b9);
    this.members = options.names.map((name, i) => ({ halo: new SimulatedHalo(name, options.seed + i * 7919), values: {}, socket: null, timer: null, backoffMs: 500, sent: 0, target: 0 }));
  }

  /** What a HALO's dashboard would show now: its last readings and the event it holds. */
  dashboard(name: string): { values: Record<string, string>; activeEvent: string | null } | null {
    const m = this.members.find((x) => x.halo.name === name);
    return m ? { values: m.values, activeEvent: m.halo.active?.name ?? null } : null;
  }

  /**
   * Runs a simulated HALO through [from, to) a sample every `stepMs`, and returns the samples:
   * its live heartbeats then carry on from where that past ended, without a jump.
   */
  pastSamples(name: string, from: number, to: number, stepMs: number): Array<{ t: number; values: Record<string, string> }> {
    const m = this.members.find((x) => x.halo.name === name);
    const out: Array<{ t: number; values: Record<string, string> }> = [];
    for (let t = from; m && t < to; t += stepMs) out.push({ t, values: m.halo.sample() });
    return out;
  }

  get names(): string[] {
    return this.members.map((m) => m.halo.name);
  }

  get framesSent(): number {
    return this.members.reduce((n, m) => n + m.sent, 0);
  }

  start(): void {
    this.members.forEach((m, i) => {
      // Stagger the first heartbeats so devices do not all report in the same millisecond.
      m.timer = setTimeout(() => this.connect(m), Math.floor((i / this.members.length) * this.options.intervalMs));
    });
  }

  private connect(m: Member): void {
    if (this.stopped) return;
    const targets = [{ host: this.options.host, port: this.options.port }, ...(this.options.failover ?? [])];
    const socket = net.connect(targets[m.target % targets.length]!);
    m.socket = socket;
    socket.setNoDelay(true);
    socket.on('connect', () => {
      m.backoffMs = 500;
      this.tick(m);
    });
    socket.on('error', () => undefined);
    socket.on('close', () => {
      if (m.timer) clearTimeout(m.timer);
      m.socket = null;
      if (this.stopped) return;
      if (this.options.failover?.length) m.target++;
      m.timer = setTimeout(() => this.connect(m), m.backoffMs);
      m.backoffMs = Math.min(m.backoffMs * 2, 30_000);
    });
  }

  private send(m: Member, template: string, vars: Record<string, string>, sensors: Record<string, string> = {}): void {
    const now = new Date();
    const text = renderHaloTemplate(template, {
      NAME: m.halo.name, IP: '127.0.0.1', MAC: '00:00:00:00:00:00', DATE: now.toISOString().slice(0, 10),
      TIME: now.toISOString().slice(11, 19), FWVER: '2.9.0', USER: '', PSWD: '', ...vars,
    }, sensors);
    m.socket?.write(text);
    m.sent++;
  }

  private tick(m: Member): void {
    if (this.stopped || !m.socket) return;
    const now = Date.now();
    const { strings } = this.options;
    const ended = m.halo.endIncidentIfDue(now);
    if (ended) this.send(m, strings.reset, { EID: ended.name, SOURCE: ended.source, VAL: ended.value, THR: '0' });
    const chance = (this.options.eventsPerHour * this.options.intervalMs) / 3_600_000;
    if (!m.halo.active && this.rand() < chance) {
      const name = INCIDENT_NAMES[Math.floor(this.rand() * INCIDENT_NAMES.length)]!;
      const started = m.halo.startIncident(name, now, this.options.holdMs);
      const values = m.halo.sample();
      m.values = values;
      if (started) this.send(m, strings.set, { EID: started.name, SOURCE: started.source, VAL: values[started.source] ?? '1', THR: '0' });
      this.send(m, strings.heartbeat, {}, values);
    } else {
      m.values = m.halo.sample();
      this.send(m, strings.heartbeat, {}, m.values);
    }
    m.timer = setTimeout(() => this.tick(m), this.options.intervalMs);
  }

  /**
   * Starts an incident on one HALO now (a drill): it sends the event's Set string and a heartbeat
   * with the readings the incident moves, as a real sensor would, and resets after the hold.
   */
  trigger(name: IncidentName, device: string): boolean {
    const m = this.members.find((x) => x.halo.name === device);
    if (!m?.socket || this.stopped) return false;
    const started = m.halo.startIncident(name, Date.now(), this.options.holdMs);
    if (!started) return false;
    m.values = m.halo.sample();
    this.send(m, this.options.strings.set, { EID: started.name, SOURCE: started.source, VAL: m.values[started.source] ?? '1', THR: '0' });
    this.send(m, this.options.strings.heartbeat, {}, m.values);
    return true;
  }

  stop(): void {
    this.stopped = true;
    for (const m of this.members) {
      if (m.timer) clearTimeout(m.timer);
      m.socket?.destroy();
      m.socket = null;
    }
  }
}
