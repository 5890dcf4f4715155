import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { timingSafeEqual } from 'node:crypto';
import type { HaloFleet } from './halo-fleet.js';
import { renderDashboard } from './halo-dashboard.js';

export interface MjpegServerOptions {
  host: string;
  port: number;
  fps: number;
  /** Basic credentials, as a HALO set to "Basic Only" asks for; null: no authentication. */
  credentials: { username: string; password: string } | null;
  /** Answer 206 Partial Content, as some HALO firmware does. */
  partialContent?: boolean;
}

const BOUNDARY = 'haloframe';

/**
 * The simulated HALOs' dashboards over HTTP, at the paths a HALO serves them:
 * `/halo/{name}/api/gfx/stream.jpg` (MJPEG) and `/halo/{name}/api/gfx/dashboardframe.jpg`.
 */
export class MjpegServer {
  private readonly server: http.Server;
  private readonly frames = new Map<string, { at: number; jpeg: Buffer }>();
  activeStreams = 0;
  streamsOpened = 0;
  port: number | null = null;

  constructor(private readonly fleet: HaloFleet, private readonly options: MjpegServerOptions) {
    this.server = http.createServer((req, res) => this.handle(req, res));
  }

  async start(): Promise<number> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.options.port, this.options.host, () => resolve());
    });
    this.port = (this.server.address() as AddressInfo).port;
    return this.port;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => (this.server.listening ? this.server.close(() => resolve()) : resolve()));
  }

  url(name: string, kind: 'stream' | 'snapshot'): string {
    return `http://127.0.0.1:${this.port}/halo/${encodeURIComponent(name)}/api/gfx/${kind === 'stream' ? 'stream.jpg' : 'dashboardframe.jpg'}`;
  }

  private frame(name: string): Buffer | null {
    const now = Date.now();
    const cached = this.frames.get(name);
    if (cached && now - cached.at < 1000 / this.options.fps) return cached.jpeg;
    const board = this.fleet.dashboard(name);
    if (!board) return null;
    const jpeg = renderDashboard(name, board.values, board.activeEvent);
    this.frames.set(name, { at: now, jpeg });
    return jpeg;
  }

  private authorised(req: http.IncomingMessage): boolean {
    const creds = this.options.credentials;
    if (!creds) return true;
    const expected = Buffer.from(`Basic ${Buffer.from(`${creds.username}:${creds.password}`).toString('base64')}`);
    const given = Buffer.from(req.headers.authorization ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const m = /^\/halo\/([^/]+)\/api\/gfx\/(stream|dashboardframe)\.jpg$/.exec((req.url ?? '').split('?')[0] ?? '');
    if (!m) { res.writeHead(404).end(); return; }
    if (!this.authorised(req)) { res.writeHead(401, { 'www-authenticate': 'Basic realm="HALO"' }).end(); return; }
    const name = decodeURIComponent(m[1]!);
    const first = this.frame(name);
    if (!first) { res.writeHead(404).end(); return; }
    if (m[2] === 'dashboardframe') {
      res.writeHead(200, { 'content-type': 'image/jpeg', 'content-length': first.length }).end(first);
      return;
    }
    this.activeStreams++;
    this.streamsOpened++;
    res.writeHead(this.options.partialContent ? 206 : 200, { 'content-type': `multipart/x-mixed-replace; boundary=${BOUNDARY}`, 'cache-control': 'no-cache', connection: 'close' });
    const push = (jpeg: Buffer): void => {
      // A viewer that cannot keep up skips frames instead of growing our buffer.
      if (res.writableLength > 1024 * 1024) return;
      res.write(`--${BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`);
      res.write(jpeg);
      res.write('\r\n');
    };
    push(first);
    const timer = setInterval(() => { const f = this.frame(name); if (f) push(f); }, 1000 / this.options.fps);
    res.on('close', () => { clearInterval(timer); this.activeStreams--; });
  }
}
