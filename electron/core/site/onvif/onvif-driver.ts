import type { Monitor } from '../../../../shared/site/workflows.js';
import type { AssetSnapshot, CommandTarget, DriverLog, DriverSettings, DriverUpdate, OnvifSettings, SiteDriver } from '../driver.js';
import { BoundedAgent, call, makeCam, xmlText, type Cam } from './onvif-client.js';
import { mapNotification, type OnvifNotification } from './onvif-events.js';
import { fetchSnapshot } from './onvif-snapshot.js';

interface Position { x: number; y: number; zoom: number }
interface Preset { id: string; name: string; position: Position | null }
interface Camera {
  id: string;
  name: string;
  profileToken: string;
  sourceTokens: string[];
  hasPtz: boolean;
  presets: Preset[];
  snapshotUri: string | null;
  /** An MJPEG stream over HTTP, where a JPEG profile offers one. */
  mjpegUri: string | null;
  ptz: { preset: string | null; moving: string | null; zooming: string | null; position: Position | null };
  aux: Record<string, boolean>;
  /** A preset (or home) on its way: confirmed when the reported position reaches it. */
  heading: { preset: string; position: Position } | null;
  /** The camera answers GetStatus with a fault: commands are confirmed by their SOAP success. */
  noStatus: boolean;
}

/** The camera answered, with a SOAP fault: it is there, it just does not do this. */
const isFault = (err: unknown): boolean => /SOAP Fault/.test((err as Error).message) && !/^NotAuthorized/.test((err as Error).message);

export interface OnvifTimings {
  /** How often a PTZ camera's position is read (and a fixed camera is checked). */
  pollMs: number;
  /** The first wait before reconnecting after communication is lost; it doubles up to maxBackoffMs. */
  backoffMs: number;
  maxBackoffMs: number;
}

const DEFAULT_TIMINGS: OnvifTimings = { pollMs: 500, backoffMs: 500, maxBackoffMs: 15_000 };
const NEAR = 0.02;
const DIRECTIONS: Record<string, [number, number]> = {
  up: [0, 1], down: [0, -1], left: [-1, 0], right: [1, 0], 'up-left': [-1, 1], 'up-right': [1, 1], 'down-left': [-1, -1], 'down-right': [1, -1],
};
/** Aux ids onto ONVIF auxiliary commands; others become tt:AuxN. */
const AUX: Record<number, string> = { 1: 'tt:Wiper', 2: 'tt:IRLamp', 3: 'tt:Washingprocedure' };

type Raw = Record<string, unknown>;
const num = (v: unknown): number => (typeof v === 'number' ? v : Number(v ?? 0));
const asArray = <T>(v: T | T[] | undefined): T[] => (Array.isArray(v) ? v : v === undefined ? [] : [v]);

function presetPosition(p: Raw): Position | null {
  const pos = p.PTZPosition as Raw | undefined;
  if (!pos) return null;
  const pt = (pos.panTilt as Raw | undefined)?.$ as Raw | undefined;
  const z = (pos.zoom as Raw | undefined)?.$ as Raw | undefined;
  return { x: num(pt?.x), y: num(pt?.y), zoom: num(z?.x) };
}

const near = (a: Position, b: Position): boolean => Math.abs(a.x - b.x) <= NEAR && Math.abs(a.y - b.y) <= NEAR && Math.abs(a.zoom - b.zoom) <= NEAR;

/**
 * An ONVIF device (Profile S/T) behind the SiteDriver interface, through the `onvif` package:
 * each video source is a Camera asset; PTZ presets, moves, zoom, home and auxiliary commands;
 * a PullPoint subscription turns motion, tamper, line and field events into analytic events;
 * the position is read back to confirm presets; communication is watched, and lost and
 * restored by itself with backoff.
 */
export class OnvifDriver implements SiteDriver {
  readonly kind = 'onvif';
  private listener: (u: DriverUpdate) => void = () => undefined;
  private settings: OnvifSettings | null = null;
  private agent = new BoundedAgent();
  private cam: Cam | null = null;
  private cameras: Camera[] = [];
  private running = false;
  private communication = true;
  private pollTimer: NodeJS.Timeout | null = null;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private backoff: number;
  private polling = false;
  private subscriptionExpires = 0;
  private subscriptionLifeMs = 60_000;
  private generation = 0;

  constructor(private readonly log: DriverLog, private readonly timings: OnvifTimings = DEFAULT_TIMINGS) {
    this.backoff = timings.backoffMs;
  }

  private get where(): string {
    return this.settings ? `${this.settings.address}:${this.settings.port}` : 'the camera';
  }

  private call<T>(method: string, ...args: unknown[]): Promise<T> {
    if (!this.cam) return Promise.reject(new Error('not connected'));
    return call<T>(this.cam, method, args, this.where);
  }

  subscribe(listener: (u: DriverUpdate) => void): void {
    this.listener = listener;
  }

  async connect(settings: DriverSettings): Promise<void> {
    if (settings.driver !== 'onvif') throw new Error('the ONVIF driver needs ONVIF settings');
    this.settings = settings;
    this.running = true;
    this.log.add('info', 'driver', `connecting to ONVIF device ${this.where} as ${settings.username}`);
    await this.handshake();
    this.communication = true;
    this.startLoops();
  }

  /** Reads the device: time, services, identity, media profiles, presets and snapshot URIs. */
  private async handshake(): Promise<void> {
    const s = this.settings!;
    this.agent.cutAll();
    this.agent = new BoundedAgent();
    this.cam = makeCam({ hostname: s.address, port: s.port, username: s.username, password: s.password ?? '' }, this.agent);
    await this.call('getSystemDateAndTime');
    await this.call('getCapabilities');
    const info = await this.call<Raw>('getDeviceInformation');
    const profiles = asArray(await this.call<Raw[]>('getProfiles'));
    const hasPtzService = Boolean(this.cam.uri?.ptz);
    const deviceName = s.name ?? ([info.manufacturer, info.model].filter(Boolean).join(' ') || `ONVIF ${this.where}`);
    // One Camera asset per video source, through its first profile.
    const bySource = new Map<string, Raw>();
    const jpegBySource = new Map<string, Raw>();
    for (const p of profiles) {
      const vsc = p.videoSourceConfiguration as Raw | undefined;
      const source = String(vsc?.sourceToken ?? (p.$ as Raw | undefined)?.token ?? '');
      if (vsc && !bySource.has(source)) bySource.set(source, p);
      const encoding = String((p.videoEncoderConfiguration as Raw | undefined)?.encoding ?? '');
      if (vsc && encoding.toUpperCase() === 'JPEG' && !jpegBySource.has(source)) jpegBySource.set(source, p);
    }
    if (bySource.size === 0) throw new Error(`the device at ${this.where} has no video profile`);
    const previous = new Map(this.cameras.map((c) => [c.id, c]));
    const cameras: Camera[] = [];
    let i = 0;
    for (const [source, p] of bySource) {
      i++;
      const profileToken = String((p.$ as Raw).token);
      const vsc = p.videoSourceConfiguration as Raw;
      const hasPtz = hasPtzService && Boolean(p.PTZConfiguration);
      const id = `camera-${i}`;
      const presets = hasPtz ? await this.readPresets(profileToken) : [];
      let snapshotUri: string | null = null;
      try {
        snapshotUri = String((await this.call<Raw>('getSnapshotUri', { profileToken })).uri ?? '') || null;
      } catch (err) {
        this.log.add('warning', 'driver', `no snapshot URI for ${profileToken}: ${(err as Error).message}`);
      }
      const mjpegUri = jpegBySource.has(source) ? await this.mjpegUri(String((jpegBySource.get(source)!.$ as Raw).token)) : null;
      const prev = previous.get(id);
      cameras.push({
        id, name: bySource.size > 1 ? `${deviceName} (${i})` : deviceName, profileToken, sourceTokens: [source, String((vsc.$ as Raw | undefined)?.token ?? '')],
        hasPtz, presets, snapshotUri, mjpegUri, ptz: prev?.ptz ?? { preset: null, moving: null, zooming: null, position: null }, aux: prev?.aux ?? {}, heading: null, noStatus: prev?.noStatus ?? false,
      });
    }
    this.cameras = cameras;
    this.info = { manufacturer: String(info.manufacturer ?? ''), model: String(info.model ?? ''), firmware: String(info.firmwareVersion ?? ''), serial: String(info.serialNumber ?? '') };
    this.log.add('info', 'driver', `${deviceName}: ${cameras.length} video source(s), PTZ ${hasPtzService ? 'yes' : 'no'}, ${cameras.reduce((n, c) => n + c.presets.length, 0)} preset(s)`);
  }

  private info = { manufacturer: '', model: '', firmware: '', serial: '' };

  /** GetStreamUri over HTTP for a JPEG profile: an MJPEG URL, or null (RTSP is not shown). */
  private async mjpegUri(profileToken: string): Promise<string | null> {
    try {
      const answer = await this.call<Raw>('getStreamUri', { protocol: 'HTTP', profileToken: xmlText(profileToken) });
      const uri = String(answer?.uri ?? '');
      return /^https?:\/\//.test(uri) ? uri : null;
    } catch (err) {
      this.log.add('warning', 'driver', `no MJPEG stream for ${profileToken}: ${(err as Error).message}`);
      return null;
    }
  }

  private async readPresets(profileToken: string): Promise<Preset[]> {
    const byName = await this.call<Record<string, Raw>>('getPresets', { profileToken: xmlText(profileToken) });
    return Object.values(byName ?? {}).map((p) => ({ id: String((p.$ as Raw).token), name: String(p.name ?? (p.$ as Raw).token), position: presetPosition(p) }));
  }

  private snapshotOf(c: Camera): AssetSnapshot {
    return {
      id: c.id, type: 'camera', name: c.name, area: this.settings?.area ?? 'Cameras', states: ['Normal'],
      attributes: {
        presets: c.presets.map((p) => ({ id: p.id, name: p.name })),
        ptz: c.hasPtz ? { preset: c.ptz.preset, moving: c.ptz.moving, zooming: c.ptz.zooming, position: c.ptz.position } : null,
        aux: { ...c.aux }, bookmarks: 0, snapshot: c.snapshotUri !== null, mjpeg: c.mjpegUri !== null,
        device: { ...this.info, address: this.where, profile: c.profileToken },
      },
    };
  }

  private report(c: Camera): void {
    if (!this.communication) return;
    const s = this.snapshotOf(c);
    this.listener({ kind: 'state', assetId: s.id, states: s.states, attributes: s.attributes });
  }

  async discover(): Promise<{ assets: AssetSnapshot[]; monitors: Monitor[] }> {
    if (!this.cam) throw new Error('not connected');
    return { assets: this.cameras.map((c) => this.snapshotOf(c)), monitors: [] };
  }

  async disconnect(): Promise<void> {
    this.running = false;
    this.generation++;
    this.stopLoops();
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.agent.cutAll();
    this.cam = null;
    this.log.add('info', 'driver', 'disconnected');
  }

  private startLoops(): void {
    const gen = ++this.generation;
    this.pollTimer = setInterval(() => void this.poll(gen), this.timings.pollMs);
    this.pollTimer.unref();
    void this.pullLoop(gen);
  }

  private stopLoops(): void {
    if (this.pollTimer) clearInterval(this.pollTimer);
    this.pollTimer = null;
  }

  /** Reads PTZ positions (confirming presets on the way); a fixed camera is checked with the device time. */
  private async poll(gen: number): Promise<void> {
    // A slow camera: the next read waits for this one rather than piling up.
    if (this.polling) return;
    this.polling = true;
    try {
      const ptz = this.cameras.filter((c) => c.hasPtz && !c.noStatus);
      if (ptz.length === 0) await this.call('getSystemDateAndTime');
      for (const c of ptz) {
        let status: { position: Position; moveStatus?: Raw };
        try {
          status = await this.call<{ position: Position; moveStatus?: Raw }>('getStatus', { profileToken: xmlText(c.profileToken) });
        } catch (err) {
          if (!isFault(err)) throw err;
          c.noStatus = true;
          this.log.add('warning', 'driver', `${c.name} does not report its PTZ position (${(err as Error).message}): commands are confirmed by the camera's acceptance`);
          if (c.heading) { c.ptz.preset = c.heading.preset; c.heading = null; this.report(c); }
          continue;
        }
        if (gen !== this.generation) return;
        const pos = { x: num(status.position.x), y: num(status.position.y), zoom: num(status.position.zoom) };
        const moved = !c.ptz.position || !near(c.ptz.position, pos);
        c.ptz.position = pos;
        if (c.heading && near(pos, c.heading.position)) {
          c.ptz.preset = c.heading.preset;
          c.heading = null;
          this.report(c);
        } else if (moved) {
          this.report(c);
        }
      }
    } catch (err) {
      if (gen === this.generation) this.lost((err as Error).message);
    } finally {
      this.polling = false;
    }
  }

  /**
   * The PullPoint: created, pulled in a loop, renewed before it expires. A fault on a pull or a
   * renewal (an expired subscription) makes a new one; a camera that refuses subscriptions
   * has no events, and stays connected. A network failure is communication lost.
   */
  private async pullLoop(gen: number): Promise<void> {
    const live = (): boolean => gen === this.generation && this.running;
    while (live()) {
      try {
        await this.subscribeAndPull(gen);
      } catch (err) {
        if (!live()) return;
        if (!isFault(err)) { this.lost(`events: ${(err as Error).message}`); return; }
        this.log.add('warning', 'driver', `events: ${(err as Error).message}; subscribing again`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }

  private async subscribeAndPull(gen: number): Promise<void> {
    let created: Raw;
    try {
      created = await this.call<Raw>('createPullPointSubscription');
    } catch (err) {
      if (!isFault(err)) throw err;
      this.log.add('warning', 'driver', `events: the camera offers no PullPoint (${(err as Error).message}); no events from it`);
      await new Promise<void>((resolve) => { const t = setInterval(() => { if (gen !== this.generation || !this.running) { clearInterval(t); resolve(); } }, 500); t.unref(); });
      return;
    }
    this.subscriptionLifeMs = Math.max(1000, (created.terminationTime as Date).getTime() - (created.currentTime as Date).getTime());
    this.subscriptionExpires = Date.now() + this.subscriptionLifeMs;
    this.log.add('info', 'driver', `events: PullPoint subscription for ${Math.round(this.subscriptionLifeMs / 1000)} s`);
    while (gen === this.generation && this.running) {
      if (this.subscriptionExpires - Date.now() < Math.max(1000, this.subscriptionLifeMs / 3)) {
        const renewed = await this.call<Raw>('renew', {});
        this.subscriptionExpires = Date.now() + ((renewed.terminationTime as Date).getTime() - (renewed.currentTime as Date).getTime());
      }
      // The package asks for up to a minute's wait: the camera answers as soon as it has events.
      const pulled = await call<Raw>(this.cam!, 'pullMessages', [{ messageLimit: 10 }], this.where, 65_000);
      if (gen !== this.generation) return;
      for (const n of asArray(pulled?.notificationMessage as OnvifNotification | OnvifNotification[] | undefined)) this.onNotification(n);
    }
  }

  private onNotification(n: OnvifNotification): void {
    const e = mapNotification(n);
    if (!e) return;
    const camera = (e.source && this.cameras.find((c) => c.sourceTokens.includes(e.source!))) || this.cameras[0];
    if (!camera) return;
    this.log.add('info', 'driver', `event ${e.name} on ${camera.name}: ${e.detail}`);
    this.listener({ kind: 'analytic', assetId: camera.id, name: e.name, at: Date.now() });
  }

  /** Communication lost: loops stop, No Communication is reported, and reconnecting starts. */
  private lost(reason: string): void {
    if (!this.communication || !this.running) return;
    this.communication = false;
    this.generation++;
    this.stopLoops();
    this.agent.cutAll();
    this.log.add('error', 'driver', `communication lost: ${reason}`);
    this.listener({ kind: 'communication', ok: false, reason });
    this.backoff = this.timings.backoffMs;
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (!this.running) return;
    const wait = this.backoff;
    this.backoff = Math.min(this.backoff * 2, this.timings.maxBackoffMs);
    this.reconnectTimer = setTimeout(() => void this.tryReconnect(), wait);
    this.reconnectTimer.unref();
  }

  private async tryReconnect(): Promise<void> {
    this.reconnectTimer = null;
    if (!this.running) return;
    try {
      await this.handshake();
    } catch (err) {
      this.log.add('warning', 'driver', `reconnect failed: ${(err as Error).message}`);
      this.scheduleReconnect();
      return;
    }
    if (!this.running) return;
    this.communication = true;
    this.log.add('info', 'driver', 'communication restored');
    this.listener({ kind: 'communication', ok: true, reason: '' });
    for (const c of this.cameras) this.report(c);
    this.startLoops();
  }

  private camera(id: string): Camera {
    const c = this.cameras.find((x) => x.id === id);
    if (!c) throw new Error(`the device has no camera ${id}`);
    return c;
  }

  async execute(target: CommandTarget): Promise<void> {
    if (!this.running || !this.communication || !this.cam) throw new Error(`no communication with the camera at ${this.where}`);
    if (!target.assetId) throw new Error('an ONVIF device has no system commands');
    const c = this.camera(target.assetId);
    const p = target.params;
    const profileToken = xmlText(c.profileToken);
    this.log.add('info', 'runtime', `${target.command} ${c.name} ${JSON.stringify(p)}`);
    const speed = Math.max(1, Math.min(100, Number(p.speed ?? 50))) / 100;
    switch (target.command) {
      case 'ptz-preset': {
        const wanted = String(p.presetId);
        const preset = c.presets.find((x) => x.id === wanted);
        if (!preset && wanted.toLowerCase() === 'home') {
          await this.call('gotoHomePosition', { profileToken });
          const home = c.presets.find((x) => x.name.toLowerCase() === 'home')?.position;
          c.ptz.moving = null; c.ptz.zooming = null;
          if (home && !c.noStatus) { c.ptz.preset = null; c.heading = { preset: wanted, position: home }; } else { c.ptz.preset = wanted; this.report(c); }
          return;
        }
        if (!preset) throw new Error(`${c.name} has no preset ${wanted}`);
        await this.call('gotoPreset', { profileToken, preset: xmlText(preset.id) });
        c.ptz.moving = null; c.ptz.zooming = null;
        // Confirmed when the position the camera reports reaches the preset's; without one, by the SOAP success.
        if (preset.position && !c.noStatus && !(c.ptz.position && near(c.ptz.position, preset.position))) { c.ptz.preset = null; c.heading = { preset: preset.id, position: preset.position }; } else { c.ptz.preset = preset.id; this.report(c); }
        return;
      }
      case 'pan-tilt': {
        const [dx, dy] = DIRECTIONS[String(p.direction)] ?? [0, 0];
        await this.call('continuousMove', { profileToken, x: dx * speed, y: dy * speed, onlySendPanTilt: true });
        Object.assign(c.ptz, { moving: String(p.direction), preset: null });
        c.heading = null;
        this.report(c);
        return;
      }
      case 'zoom':
        await this.call('continuousMove', { profileToken, zoom: (p.direction === 'in' ? 1 : -1) * speed, onlySendZoom: true });
        Object.assign(c.ptz, { zooming: String(p.direction), preset: null });
        c.heading = null;
        this.report(c);
        return;
      case 'stop-ptz':
        await this.call('stop', { profileToken, panTilt: true, zoom: true });
        Object.assign(c.ptz, { moving: null, zooming: null });
        this.report(c);
        return;
      case 'aux-set':
      case 'aux-clear': {
        const n = Number(p.auxId);
        const data = `${AUX[n] ?? `tt:Aux${n}`}|${target.command === 'aux-set' ? 'On' : 'Off'}`;
        await this.call(c.hasPtz ? 'ptzSendAuxiliaryCommand' : 'sendAuxiliaryCommand', c.hasPtz ? { profileToken, data: xmlText(data) } : { data: xmlText(data) });
        c.aux[String(n)] = target.command === 'aux-set';
        this.report(c);
        return;
      }
      default:
        throw new Error(`an ONVIF camera cannot run ${target.command}`);
    }
  }

  async setPreset(assetId: string, name: string, token?: string): Promise<{ token: string }> {
    const c = this.camera(assetId);
    if (!this.communication) throw new Error(`no communication with the camera at ${this.where}`);
    const answer = await this.call<Raw[]>('setPreset', { profileToken: xmlText(c.profileToken), presetName: xmlText(name), ...(token ? { presetToken: xmlText(token) } : {}) });
    const saved = String((asArray(answer)[0]?.setPresetResponse as Raw[] | undefined)?.[0]?.presetToken ?? token ?? '');
    c.presets = await this.readPresets(c.profileToken);
    this.report(c);
    return { token: saved || (c.presets.find((x) => x.name === name)?.id ?? '') };
  }

  async removePreset(assetId: string, token: string): Promise<void> {
    const c = this.camera(assetId);
    if (!this.communication) throw new Error(`no communication with the camera at ${this.where}`);
    await this.call('removePreset', { profileToken: xmlText(c.profileToken), presetToken: xmlText(token) });
    c.presets = await this.readPresets(c.profileToken);
    this.report(c);
  }

  stream(assetId: string): { url: string; username: string; password: string } {
    const c = this.camera(assetId);
    if (!c.mjpegUri) throw new Error(`${c.name} offers no MJPEG stream`);
    return { url: c.mjpegUri, username: this.settings!.username, password: this.settings!.password ?? '' };
  }

  async snapshot(assetId: string): Promise<Buffer> {
    const c = this.camera(assetId);
    if (!c.snapshotUri) throw new Error(`${c.name} offers no snapshot URI`);
    return fetchSnapshot(c.snapshotUri, this.settings!.username, this.settings!.password ?? '');
  }
}
