import type { IngestCounters, TcpServer } from '../../../shared/domain.js';
import { TcpIngestServer, type FrameSink } from './tcp-server.js';

/** The running TCP servers, started, restarted and stopped as their configuration changes. */
export class TcpServerManager {
  private readonly running = new Map<number, TcpIngestServer>();

  constructor(private readonly sink: FrameSink, private readonly counters: IngestCounters) {}

  async apply(config: TcpServer): Promise<TcpIngestServer> {
    await this.remove(config.id);
    const server = new TcpIngestServer(config, this.sink, this.counters);
    this.running.set(config.id, server);
    if (config.enabled) await server.start();
    return server;
  }

  async remove(id: number): Promise<void> {
    const server = this.running.get(id);
    this.running.delete(id);
    await server?.stop();
  }

  get(id: number): TcpIngestServer | undefined {
    return this.running.get(id);
  }

  all(): TcpIngestServer[] {
    return [...this.running.values()];
  }

  get connections(): number {
    let n = 0;
    for (const s of this.running.values()) n += s.connections;
    return n;
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.running.values()].map((s) => s.stop()));
    this.running.clear();
  }
}
