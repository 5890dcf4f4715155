import { seededRandom } from '../../../shared/random.js';
import { ANALYTIC_EVENTS, relayout, type Monitor } from '../../../shared/site/workflows.js';
import type { AssetSnapshot, CommandTarget, DriverLog, DriverSettings, DriverUpdate, SiteDriver } from './driver.js';
import { PRESET_POSITIONS, PtzHead, renderView } from './simulated-camera.js';

interface Door { position: 'Secure' | 'Unsecure' | 'Forced Open' | 'Held Open'; locked: boolean; maintenance: boolean; openSince: number | null; closeAt: number | null }

const CARDHOLDERS = ['Avery Chen', 'Jordan Patel', 'Sam Okafor', 'Riley Novak', 'Morgan Silva', 'Casey Haddad', 'Quinn Larsen', 'Drew Mbeki'];
const AREAS = ['Floor 1 – East', 'Floor 1 – West', 'Floor 2 – East', 'Floor 2 – West', 'Floor 3', 'Parking'];
const PRESETS = [{ id: '1', name: 'Home' }, { id: '2', name: 'Entrance' }, { id: '3', name: 'Corridor' }, { id: '4', name: 'Parking' }];
const HELD_OPEN_MS = 15_000;

export interface SimulationSize {
  doors: number;
  cameras: number;
  inputs: number;
  outputs: number;
}

export const DEMO_SIZE: SimulationSize = { doors: 30, cameras: 20, inputs: 12, outputs: 8 };

/**
 * How often the site's background life raises an alarm, per hour for the whole site. With the
 * HALOs' share this keeps the demo under ISA-18.2's one alarm per 10 minutes per operator; a
 * flood is what a drill is for.
 */
export const SITE_ALARMS_PER_HOUR = { doorsForced: 1, inputTroubles: 0.75 };

/** A drill's evacuation: every door forced open within this long. */
export const EVACUATION_SPREAD_MS = 20_000;

/**
 * The built-in site: ~30 doors with their readers, ~20 PTZ cameras, inputs, outputs and two
 * monitors, living like a real site (seeded, so runs repeat). It answers commands after a
 * realistic delay, and can be told to lose communication, ignore or refuse commands.
 */
export class SimulatedSite implements SiteDriver {
  readonly kind = 'simulated';
  private listener: (u: DriverUpdate) => void = () => undefined;
  private readonly rand: () => number;
  private readonly doors = new Map<string, Door>();
  private readonly assets = new Map<string, AssetSnapshot>();
  /** Each camera's head: where it points now, for its picture. */
  private readonly heads = new Map<string, PtzHead>();
  private monitors: Monitor[] = [];
  private timer: NodeJS.Timeout | null = null;
  private connected = false;
  private communication = true;
  /** Commands to these assets are accepted and never carried out (a stuck lock). */
  readonly frozen = new Set<string>();
  /** Commands to these assets are refused with this reason. */
  readonly refusing = new Map<string, string>();

  constructor(private readonly log: DriverLog, private readonly size: SimulationSize = DEMO_SIZE, seed = 7, private readonly delayMs: [number, number] = [150, 600], private readonly clock: () => number = Date.now) {
    this.rand = seededRandom(seed);
    this.build();
  }

  private build(): void {
    const pad = (n: number): string => String(n).padStart(2, '0');
    for (let i = 1; i <= this.size.doors; i++) {
      const area = AREAS[(i - 1) % AREAS.length]!;
      this.doors.set(`door-${pad(i)}`, { position: 'Secure', locked: true, maintenance: false, openSince: null, closeAt: null });
      this.assets.set(`door-${pad(i)}`, { id: `door-${pad(i)}`, type: 'door', name: `Door ${pad(i)}`, area, states: ['Secure', 'Locked'], attributes: { readerId: `reader-${pad(i)}` } });
      this.assets.set(`reader-${pad(i)}`, { id: `reader-${pad(i)}`, type: 'reader', name: `Reader ${pad(i)}`, area, states: ['Card or Pin Mode'], attributes: { doorId: `door-${pad(i)}` } });
    }
    for (let i = 1; i <= this.size.cameras; i++) {
      this.assets.set(`camera-${pad(i)}`, {
        id: `camera-${pad(i)}`, type: 'camera', name: `Camera ${pad(i)}`, area: AREAS[(i - 1) % AREAS.length]!, states: ['Normal'],
        attributes: { presets: PRESETS, ptz: { preset: '1', moving: null, zooming: null, position: { x: 0, y: 0, zoom: 0 } }, aux: {}, bookmarks: 0, snapshot: true },
      });
      this.heads.set(`camera-${pad(i)}`, new PtzHead());
    }
    for (let i = 1; i <= this.size.inputs; i++) this.assets.set(`input-${pad(i)}`, { id: `input-${pad(i)}`, type: 'input', name: `Input ${pad(i)}`, area: AREAS[(i - 1) % AREAS.length]!, states: ['Secure'], attributes: {} });
    for (let i = 1; i <= this.size.outputs; i++) this.assets.set(`output-${pad(i)}`, { id: `output-${pad(i)}`, type: 'output', name: `Output ${pad(i)}`, area: AREAS[(i - 1) % AREAS.length]!, states: ['Secure'], attributes: {} });
    this.assets.set('role-directory', { id: 'role-directory', type: 'role', name: 'Directory', area: 'Server room', states: ['Normal'], attributes: {} });
    const blank = (tile: number) => ({ tile, cameraAssetId: null, mode: 'blank' as const, playbackAt: null });
    this.monitors = [{ id: 1, name: 'Video wall', columns: 2, rows: 2, tiles: [1, 2, 3, 4].map(blank) }, { id: 2, name: 'Desk', columns: 1, rows: 1, tiles: [blank(1)] }];
  }

  subscribe(listener: (u: DriverUpdate) => void): void {
    this.listener = listener;
  }

  async connect(settings: DriverSettings): Promise<void> {
    if (settings.driver === 'onvif') throw new Error('the simulated site cannot connect to an ONVIF device');
    if (!settings.password) throw new Error('the directory refused the login: no password');
    this.log.add('info', 'driver', `connecting to directory ${settings.directoryServer} (data server port ${settings.dataServerPort}) as ${settings.username}`);
    await new Promise((r) => setTimeout(r, 50));
    this.connected = true;
    this.communication = true;
    if (settings.activity) {
      this.timer = setInterval(() => this.live(), 1000);
      this.timer.unref();
    }
    this.log.add('info', 'driver', `connected; ${this.assets.size} assets`);
  }

  async disconnect(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.connected = false;
    this.log.add('info', 'driver', 'disconnected');
  }

  async discover(): Promise<{ assets: AssetSnapshot[]; monitors: Monitor[] }> {
    if (!this.connected) throw new Error('not connected');
    return { assets: [...this.assets.values()].map((a) => structuredClone(a)), monitors: structuredClone(this.monitors) };
  }

  /** The camera's picture where its head points now: a generated scene, so a preset run visibly moves it. */
  async snapshot(assetId: string): Promise<Buffer> {
    const head = this.heads.get(assetId);
    const camera = this.assets.get(assetId);
    if (!head || !camera) throw new Error(`${assetId} is not a camera`);
    if (!this.connected || !this.communication) throw new Error('no communication with the site');
    return renderView(camera.name, head.position());
  }

  /** Cuts or restores the link to the site, as a network fault would. */
  setCommunication(ok: boolean): void {
    this.communication = ok;
    this.log.add(ok ? 'info' : 'error', 'driver', ok ? 'communication restored' : 'communication lost with the directory server');
    this.listener({ kind: 'communication', ok, reason: ok ? '' : 'the directory server does not answer' });
    if (ok) for (const a of this.assets.values()) this.listener({ kind: 'state', assetId: a.id, states: [...a.states], attributes: a.attributes });
  }

  /** Makes an asset report these states, as if the hardware changed (tests, demos). */
  force(id: string, states: string[]): void {
    const a = this.assets.get(id);
    if (!a) throw new Error(`unknown asset ${id}`);
    const door = this.doors.get(id);
    if (door) {
      door.position = (states.find((x) => ['Secure', 'Unsecure', 'Forced Open', 'Held Open'].includes(x)) ?? door.position) as Door['position'];
      door.locked = states.includes('Locked') || (!states.includes('Unlocked') && door.locked);
      door.maintenance = states.includes('Maintenance Mode Active');
    } else {
      a.states = states;
    }
    this.report(id);
  }

  private report(id: string): void {
    const a = this.assets.get(id)!;
    const door = this.doors.get(id);
    if (door) a.states = [door.position, door.locked ? 'Locked' : 'Unlocked', ...(door.maintenance ? ['Maintenance Mode Active'] : [])];
    if (this.communication) this.listener({ kind: 'state', assetId: id, states: [...a.states], attributes: structuredClone(a.attributes) });
  }

  private pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.rand() * items.length)]!;
  }

  /**
   * An evacuation, as a fire alarm makes one: every door pushed open, one after another within
   * `spreadMs`; each reports Forced Open through the driver's ordinary path. Returns the doors.
   */
  evacuate(spreadMs = EVACUATION_SPREAD_MS): string[] {
    const ids = [...this.doors.keys()];
    ids.forEach((id, i) => {
      const t = setTimeout(() => {
        const d = this.doors.get(id);
        if (!d || !this.connected) return;
        d.position = 'Forced Open';
        d.openSince = this.clock();
        // The doors close again once people are out; the latched alarms stay for the operator.
        d.closeAt = d.openSince + 120_000;
        this.report(id);
      }, Math.round((i / ids.length) * spreadMs));
      t.unref();
    });
    return ids;
  }

  /** One second of site life: the timer calls it (tests, with a fake clock). */
  live(): void {
    if (!this.communication) return;
    const now = this.clock();
    const forced = SITE_ALARMS_PER_HOUR.doorsForced / 3600 / Math.max(1, this.size.doors);
    const trouble = SITE_ALARMS_PER_HOUR.inputTroubles / 3600 / Math.max(1, this.size.inputs);
    for (const [id, d] of this.doors) {
      if (d.closeAt !== null && now >= d.closeAt) { d.position = 'Secure'; d.openSince = null; d.closeAt = null; this.report(id); continue; }
      if (d.openSince !== null && d.position === 'Unsecure' && now - d.openSince > HELD_OPEN_MS) { d.position = 'Held Open'; d.closeAt = now + 10_000; this.report(id); continue; }
      if (d.position === 'Secure' && this.rand() < forced) {
        d.position = 'Forced Open';
        d.openSince = now;
        d.closeAt = now + 8000;
        this.report(id);
      } else if (d.position === 'Secure' && !d.locked && this.rand() < 0.05) {
        // Someone walks through a door left unlocked, and may leave it open.
        d.position = 'Unsecure';
        d.openSince = now;
        d.closeAt = this.rand() < 0.3 ? null : now + 5000;
        this.report(id);
      }
    }
    if (this.rand() < 0.4) {
      const reader = this.pick([...this.assets.values()].filter((a) => a.type === 'reader' && !a.states.includes('Disabled')));
      const doorId = String(reader.attributes.doorId);
      const granted = this.rand() < 0.85;
      this.listener({ kind: 'access', assetId: reader.id, doorId, granted, cardholder: this.pick(CARDHOLDERS), at: now });
      const door = this.doors.get(doorId);
      if (granted && door && door.position === 'Secure') { door.position = 'Unsecure'; door.openSince = now; door.closeAt = now + 4000; this.report(doorId); }
    }
    for (const input of [...this.assets.values()].filter((a) => a.type === 'input')) {
      if (input.states[0] === 'Secure' && this.rand() < trouble) { input.states = [this.pick(['Trouble Open', 'Trouble Short', 'Active'] as const)]; input.attributes.until = now + 20_000; this.report(input.id); }
      else if (input.states[0] !== 'Secure' && Number(input.attributes.until ?? 0) <= now) { input.states = ['Secure']; this.report(input.id); }
    }
    if (this.rand() < 0.15) {
      const cam = this.pick([...this.assets.values()].filter((a) => a.type === 'camera'));
      this.listener({ kind: 'analytic', assetId: cam.id, name: this.pick(ANALYTIC_EVENTS), at: now });
    }
  }

  async execute(target: CommandTarget): Promise<void> {
    if (!this.connected || !this.communication) throw new Error('no communication with the site');
    const refusal = target.assetId ? this.refusing.get(target.assetId) : undefined;
    if (refusal) throw new Error(refusal);
    const [lo, hi] = this.delayMs;
    await new Promise((r) => setTimeout(r, lo + this.rand() * (hi - lo)));
    if (!this.communication) throw new Error('no communication with the site');
    this.log.add('info', 'runtime', `${target.command} ${target.assetId ?? 'system'} ${JSON.stringify(target.params)}`);
    if (target.assetId && this.frozen.has(target.assetId)) return;
    if (!target.assetId) return this.system(target);
    const a = this.assets.get(target.assetId);
    if (!a) throw new Error(`unknown asset ${target.assetId}`);
    const door = this.doors.get(a.id);
    const ptz = a.attributes.ptz as { preset: string | null; moving: string | null; zooming: string | null; position: unknown } | undefined;
    const head = this.heads.get(a.id);
    const p = target.params;
    switch (target.command) {
      case 'lock': if (door) door.locked = true; break;
      case 'unlock': if (door) door.locked = false; break;
      case 'enable-maintenance': if (door) door.maintenance = true; break;
      case 'disable-maintenance': if (door) door.maintenance = false; break;
      case 'set-reader-mode': a.states = [`${String(p.mode)} Mode`]; break;
      case 'enable': a.states = ['Card or Pin Mode']; break;
      case 'disable': a.states = ['Disabled']; break;
      case 'activate': a.states = ['Active']; break;
      case 'deactivate': a.states = ['Secure']; break;
      case 'ptz-preset':
        if (!PRESETS.some((x) => x.id === String(p.presetId) || x.name === String(p.presetId))) throw new Error(`camera ${a.name} has no preset ${String(p.presetId)}`);
        if (ptz) { ptz.preset = String(p.presetId); ptz.moving = null; ptz.zooming = null; }
        head?.goTo(PRESET_POSITIONS[PRESETS.find((x) => x.id === String(p.presetId) || x.name === String(p.presetId))!.id]!);
        break;
      case 'pan-tilt': if (ptz) { ptz.moving = String(p.direction); ptz.preset = null; } head?.move(String(p.direction), Number(p.speed ?? 50)); break;
      case 'zoom': if (ptz) { ptz.zooming = String(p.direction); ptz.preset = null; } head?.zoom(String(p.direction), Number(p.speed ?? 50)); break;
      case 'stop-ptz': if (ptz) { ptz.moving = null; ptz.zooming = null; } head?.stop(); break;
      case 'aux-set': (a.attributes.aux as Record<string, boolean>)[String(p.auxId)] = true; break;
      case 'aux-clear': (a.attributes.aux as Record<string, boolean>)[String(p.auxId)] = false; break;
      case 'playback-bookmark': a.attributes.bookmarks = Number(a.attributes.bookmarks ?? 0) + 1; break;
      case 'trigger-output': break;
      default: throw new Error(`the site does not know the command ${target.command}`);
    }
    if (ptz && head) ptz.position = head.destination();
    this.report(a.id);
  }

  private system(target: CommandTarget): void {
    const p = target.params;
    const monitor = this.monitors.find((m) => m.id === Number(p.monitorId));
    const camera = p.cameraAssetId === undefined ? undefined : this.assets.get(String(p.cameraAssetId));
    if (p.cameraAssetId !== undefined && camera?.type !== 'camera') throw new Error(`${String(p.cameraAssetId)} is not a camera`);
    if (p.doorAssetId !== undefined && this.assets.get(String(p.doorAssetId))?.type !== 'door') throw new Error(`${String(p.doorAssetId)} is not a door`);
    if (p.monitorId !== undefined && !monitor) throw new Error(`monitor ${String(p.monitorId)} does not exist`);
    const setTile = (mode: 'live' | 'playback', at: number | null): void => {
      const tile = monitor!.tiles.find((t) => t.tile === Number(p.tile));
      if (!tile) throw new Error(`monitor ${monitor!.name} has no tile ${String(p.tile)} (${monitor!.columns}×${monitor!.rows})`);
      Object.assign(tile, { cameraAssetId: camera!.id, mode, playbackAt: at });
    };
    switch (target.command) {
      case 'callup-live': setTile('live', null); break;
      case 'callup-playback': setTile('playback', Number(p.dateTime) - Number(p.prePlaybackS) * 1000); break;
      case 'clear-monitor': for (const t of monitor!.tiles) Object.assign(t, { cameraAssetId: null, mode: 'blank', playbackAt: null }); break;
      case 'change-tile-layout': Object.assign(monitor!, relayout(monitor!, Number(p.columns), Number(p.rows))); break;
      case 'stop-playback': for (const m of this.monitors) for (const t of m.tiles) if (t.cameraAssetId === camera!.id && t.mode === 'playback') Object.assign(t, { mode: 'live', playbackAt: null }); break;
      case 'trigger-camera-preset':
        (camera!.attributes.ptz as { preset: string }).preset = String(p.presetId);
        this.heads.get(camera!.id)?.goTo(PRESET_POSITIONS[String(p.presetId)] ?? PRESET_POSITIONS['1']!);
        this.report(camera!.id);
        break;
      case 'create-playback-bookmark': camera!.attributes.bookmarks = Number(camera!.attributes.bookmarks ?? 0) + 1; this.report(camera!.id); break;
      default: break;
    }
    if (monitor) this.listener({ kind: 'monitor', monitor: structuredClone(monitor) });
  }
}
