import http from 'node:http';
import https from 'node:https';
import { randomBytes } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { CameraConfigSchema, type CameraConfig, type CameraView } from '../../../shared/domain.js';
import { parseOrThrow } from '../config.js';
import { ApiError, notFound } from '../errors.js';
import type { Store, StoredCamera } from '../store/store.js';
import { TargetPolicy, TargetRefused } from '../net/target-policy.js';
import { SecretBox } from '../secrets/secret-box.js';
import { MjpegUpstream, UNREACHABLE, basicAuth, isJpeg } from './mjpeg-upstream.js';

const TICKET_TTL_MS = 60_000;
const MAX_SNAPSHOT = 8 * 1024 * 1024;

/**
 * Cameras and their proxied video. Camera credentials never leave the core: viewers hold a
 * console session, or a single-use ticket for an <img> tag that cannot send headers.
 */
export class CameraService {
  private readonly cameras = new Map<number, StoredCamera>();
  private readonly upstreams = new Map<number, MjpegUpstream>();
  private readonly tickets = new Map<string, { cameraId: number; expires: number }>();

  constructor(
    private readonly store: Store,
    private readonly onChange: () => void = () => undefined,
    private readonly policy = new TargetPolicy(true),
    /** The admin's log: why a camera is unreachable, which operators are not told. */
    private readonly log: (message: string) => void = () => undefined,
    /** Seals passwords at rest; without one (unit use) they are stored as given. */
    private readonly secrets?: SecretBox,
  ) {
    for (const c of store.listCameras()) {
      const stored = c.config.password;
      // A password an older build left in plaintext is sealed now.
      if (stored && secrets && !SecretBox.isSealed(stored)) store.updateCamera(c.id, this.sealed(c.config));
      const password = secrets ? secrets.openOr(stored, undefined, log, `camera ${c.id} (${c.config.name}) password`) : stored;
      this.cameras.set(c.id, { ...c, config: { ...c.config, password } });
    }
  }

  /** The config as written to the store: the password sealed. */
  private sealed(config: CameraConfig): CameraConfig {
    return config.password && this.secrets && !SecretBox.isSealed(config.password) ? { ...config, password: this.secrets.seal(config.password) } : config;
  }

  private source(c: StoredCamera): { url: string; username: string; password: string } {
    return { url: c.config.mjpegUrl, username: c.config.username, password: c.config.password ?? '' };
  }

  private upstream(c: StoredCamera): MjpegUpstream {
    let u = this.upstreams.get(c.id);
    if (!u) {
      u = new MjpegUpstream(this.source(c), { policy: this.policy, onChange: this.onChange, log: (reason) => this.log(`camera ${c.id} (${c.config.name}): ${reason}`) });
      this.upstreams.set(c.id, u);
    }
    return u;
  }

  private view(c: StoredCamera): CameraView {
    const u = this.upstreams.get(c.id);
    const { config } = c;
    return {
      id: c.id, name: config.name, mjpegUrl: config.mjpegUrl, snapshotUrl: config.snapshotUrl, username: config.username,
      hasPassword: Boolean(config.password), location: config.location, demo: c.demo,
      state: u?.state ?? 'idle', error: u?.lastError ?? null, viewers: u?.viewerCount ?? 0,
    };
  }

  list(): CameraView[] {
    return [...this.cameras.values()].map((c) => this.view(c));
  }

  exists(id: number): boolean {
    return this.cameras.has(id);
  }

  private stored(id: number): StoredCamera {
    const c = this.cameras.get(id);
    if (!c) throw notFound(`camera ${id}`);
    return c;
  }

  get(id: number): CameraView {
    return this.view(this.stored(id));
  }

  /** Refuses a local target at once when it is written as one (an IP or localhost). */
  private checkTargets(config: CameraConfig): void {
    const details: string[] = [];
    for (const field of ['mjpegUrl', 'snapshotUrl'] as const) {
      if (!config[field]) continue;
      try {
        this.policy.checkLiteral(new URL(config[field]));
      } catch (err) {
        if (err instanceof TargetRefused) details.push(`${field}: ${err.message}; local targets are allowed only when an admin allows them`);
      }
    }
    if (details.length > 0) throw new ApiError(400, 'invalid', `Camera is invalid: ${details.join('; ')}`, details);
  }

  create(input: unknown, actor: string, demo = false): CameraView {
    const config = parseOrThrow(CameraConfigSchema, input, 'Camera');
    this.checkTargets(config);
    const created = { ...this.store.createCamera(this.sealed(config), demo), config };
    this.cameras.set(created.id, created);
    if (!demo) this.store.audit({ actor, action: 'camera.create', target: `camera:${created.id}`, after: this.view(created) });
    this.onChange();
    return this.view(created);
  }

  update(id: number, input: unknown, actor: string): CameraView {
    const before = this.stored(id);
    const parsed = parseOrThrow(CameraConfigSchema, input, 'Camera');
    const config: CameraConfig = { ...parsed, password: parsed.password ?? before.config.password };
    this.checkTargets(config);
    this.store.updateCamera(id, this.sealed(config));
    const after: StoredCamera = { ...before, config };
    this.cameras.set(id, after);
    this.upstreams.get(id)?.reconfigure(this.source(after));
    this.store.audit({ actor, action: 'camera.update', target: `camera:${id}`, before: this.view(before), after: this.view(after) });
    this.onChange();
    return this.view(after);
  }

  delete(id: number, actor: string): void {
    const before = this.stored(id);
    this.upstreams.get(id)?.close();
    this.upstreams.delete(id);
    this.store.deleteCamera(id);
    this.cameras.delete(id);
    if (!before.demo) this.store.audit({ actor, action: 'camera.delete', target: `camera:${id}`, before: this.view(before) });
    this.onChange();
  }

  /** A single-use pass for one stream or snapshot request, valid for a minute. */
  ticket(id: number): { ticket: string; expiresAt: number } {
    this.stored(id);
    const now = Date.now();
    for (const [k, v] of this.tickets) if (v.expires <= now) this.tickets.delete(k);
    const ticket = randomBytes(18).toString('base64url');
    const expiresAt = now + TICKET_TTL_MS;
    this.tickets.set(ticket, { cameraId: id, expires: expiresAt });
    return { ticket, expiresAt };
  }

  useTicket(id: number, ticket: string | null): boolean {
    if (!ticket) return false;
    const t = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    return t !== undefined && t.cameraId === id && t.expires > Date.now();
  }

  stream(id: number, res: ServerResponse): void {
    const c = this.stored(id);
    if (!c.config.mjpegUrl) throw new ApiError(404, 'no_stream', `camera ${id} has no MJPEG URL`);
    this.upstream(c).addViewer(res);
  }

  /** The snapshot URL's image, else the last frame of a live stream. */
  async snapshot(id: number): Promise<Buffer> {
    const c = this.stored(id);
    if (!c.config.snapshotUrl) {
      const last = this.upstreams.get(id)?.lastFrame;
      if (last) return last;
      throw new ApiError(404, 'no_snapshot', `camera ${id} has no snapshot URL and no live stream`);
    }
    const url = new URL(c.config.snapshotUrl);
    const unreachable = (reason: string): ApiError => {
      this.log(`camera ${id} (${c.config.name}) snapshot: ${reason}`);
      return new ApiError(502, 'unreachable', UNREACHABLE);
    };
    let guard: ReturnType<TargetPolicy['requestOptions']>;
    try {
      guard = this.policy.requestOptions(url);
    } catch (err) {
      throw unreachable(err instanceof Error ? `refused: ${err.message}` : String(err));
    }
    return new Promise((resolve, reject) => {
      const req = (url.protocol === 'https:' ? https : http).get(url, { headers: basicAuth({ ...this.source(c), url: c.config.snapshotUrl }), timeout: 5000, ...guard }, (res) => {
        if (res.statusCode !== 200 && res.statusCode !== 206) {
          res.resume();
          reject(unreachable(`the camera answered HTTP ${res.statusCode}`));
          return;
        }
        const parts: Buffer[] = [];
        let size = 0;
        res.on('data', (d: Buffer) => { size += d.length; if (size > MAX_SNAPSHOT) req.destroy(new Error('snapshot larger than 8 MiB')); else parts.push(d); });
        res.on('end', () => {
          const image = Buffer.concat(parts);
          // Only a picture leaves the proxy: anything else (a JSON API, a page) is refused.
          if (isJpeg(image)) resolve(image);
          else reject(unreachable(`the snapshot is not a JPEG (${String(res.headers['content-type'] ?? 'no content type')})`));
        });
        res.on('error', (err) => reject(unreachable(err.message)));
      });
      req.on('timeout', () => req.destroy(new Error('no answer within 5 s')));
      req.on('error', (err) => reject(unreachable(err instanceof TargetRefused ? `refused: ${err.message}` : `the camera could not be reached: ${err.message}`)));
    });
  }

  close(): void {
    for (const u of this.upstreams.values()) u.close();
    this.upstreams.clear();
  }
}
