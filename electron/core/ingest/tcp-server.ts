import net from 'node:net';
import type { IngestCounters, TcpServer } from '../../../shared/domain.js';
import { Framer } from './framer.js';

/** Handles one frame; true when it reached a device (a valid frame), false otherwise. `address`: the sender's. */
export type FrameSink = (serverId: number, frame: string, address?: string) => boolean | void;

interface Connection {
  address: string;
  openedAt: number;
  /** Last complete frame, or null before the first one. */
  lastFrameAt: number | null;
  /** Has sent a frame that reached a device: such a connection is never evicted for room. */
  valid: boolean;
}

/** How often deadlines are checked: one timer per server, not one per connection. */
const SWEEP_MS = 250;

/**
 * One IIoT-style TCP server: many HALO devices, one port, each on its own connection. Bad
 * input only ever costs the connection that sent it, and no one address can take the port:
 * a per-address cap, a deadline for the first complete frame, idle time counted in complete
 * frames (a byte now and then keeps nothing open), and at the global cap the oldest
 * connection that never sent a valid frame makes room for the new one.
 */
export class TcpIngestServer {
  private server: net.Server | null = null;
  /** In connection order, oldest first. */
  private readonly sockets = new Map<net.Socket, Connection>();
  private readonly perAddress = new Map<string, number>();
  private sweepTimer: NodeJS.Timeout | null = null;
  /** A clock updated by the sweep: frames are stamped without a system call each. */
  private now = Date.now();
  port: number | null = null;
  error: string | null = null;

  constructor(readonly config: TcpServer, private readonly sink: FrameSink, private readonly counters: IngestCounters) {}

  get connections(): number {
    return this.sockets.size;
  }

  get listening(): boolean {
    return this.server?.listening ?? false;
  }

  async start(): Promise<void> {
    const server = net.createServer((socket) => this.accept(socket));
    this.server = server;
    await new Promise<void>((resolve) => {
      server.once('error', (err) => {
        this.error = `cannot listen on ${this.config.host}:${this.config.port}: ${err.message}`;
        resolve();
      });
      server.listen({ host: this.config.host, port: this.config.port }, () => {
        const addr = server.address();
        this.port = typeof addr === 'object' && addr ? addr.port : null;
        this.error = null;
        resolve();
      });
    });
    server.on('error', (err) => { this.error = err.message; });
    this.sweepTimer = setInterval(() => this.sweep(), SWEEP_MS);
    this.sweepTimer.unref();
  }

  /** Room for one more connection from `address`: false when it must be refused. */
  private makeRoom(address: string): boolean {
    if ((this.perAddress.get(address) ?? 0) >= this.config.maxConnectionsPerAddress) return false;
    if (this.sockets.size < this.config.maxConnections) return true;
    for (const [socket, c] of this.sockets) {
      if (c.valid) continue;
      this.counters.connectionsEvicted++;
      this.forget(socket);
      socket.destroy();
      return true;
    }
    return false;
  }

  private forget(socket: net.Socket): void {
    const c = this.sockets.get(socket);
    if (!c) return;
    this.sockets.delete(socket);
    const n = (this.perAddress.get(c.address) ?? 1) - 1;
    if (n <= 0) this.perAddress.delete(c.address);
    else this.perAddress.set(c.address, n);
  }

  private accept(socket: net.Socket): void {
    const address = socket.remoteAddress ?? 'unknown';
    if (!this.makeRoom(address)) {
      this.counters.connectionsRejected++;
      socket.destroy();
      return;
    }
    const conn: Connection = { address, openedAt: this.now, lastFrameAt: null, valid: false };
    this.sockets.set(socket, conn);
    this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
    socket.setNoDelay(true);
    const framer = new Framer(this.config.delimiter, this.config.maxFrameBytes);
    const serverId = this.config.id;
    const onFrame = (frame: string): void => {
      conn.lastFrameAt = this.now;
      if (this.sink(serverId, frame, address) === true) conn.valid = true;
    };
    socket.on('data', (chunk: Buffer) => {
      if (!framer.push(chunk, onFrame)) {
        this.counters.oversized++;
        socket.destroy();
      }
    });
    // A reset or a half-closed peer is normal life for sensors; never let it reach the process.
    socket.on('error', () => undefined);
    socket.on('end', () => socket.end());
    socket.on('close', () => this.forget(socket));
  }

  /** Closes connections past their first-frame deadline or idle (in frames) for too long. */
  private sweep(now = Date.now()): void {
    this.now = now;
    const firstMs = this.config.firstFrameTimeoutS * 1000;
    const idleMs = this.config.idleTimeoutS * 1000;
    for (const [socket, c] of this.sockets) {
      const late = c.lastFrameAt === null ? now - c.openedAt > firstMs : now - c.lastFrameAt > idleMs;
      if (!late) continue;
      this.counters.idleClosed++;
      this.forget(socket);
      socket.destroy();
    }
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = null;
    for (const s of this.sockets.keys()) s.destroy();
    this.sockets.clear();
    this.perAddress.clear();
    if (server?.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    this.port = null;
  }
}
