import net from 'node:net';
import type { IngestCounters, TcpServer } from '../../../shared/domain.js';
import { Framer } from './framer.js';

export type FrameSink = (serverId: number, frame: string) => void;

/**
 * One IIoT-style TCP server: many HALO devices, one port, each on its own connection. Bad
 * input only ever costs the connection that sent it.
 */
export class TcpIngestServer {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
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
  }

  private accept(socket: net.Socket): void {
    if (this.sockets.size >= this.config.maxConnections) {
      this.counters.connectionsRejected++;
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    socket.setNoDelay(true);
    socket.setTimeout(this.config.idleTimeoutS * 1000);
    const framer = new Framer(this.config.delimiter, this.config.maxFrameBytes);
    const serverId = this.config.id;
    const onFrame = (frame: string): void => this.sink(serverId, frame);
    socket.on('data', (chunk: Buffer) => {
      if (!framer.push(chunk, onFrame)) {
        this.counters.oversized++;
        socket.destroy();
      }
    });
    socket.on('timeout', () => {
      this.counters.idleClosed++;
      socket.destroy();
    });
    // A reset or a half-closed peer is normal life for sensors; never let it reach the process.
    socket.on('error', () => undefined);
    socket.on('end', () => socket.end());
    socket.on('close', () => this.sockets.delete(socket));
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (server?.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
    this.port = null;
  }
}
