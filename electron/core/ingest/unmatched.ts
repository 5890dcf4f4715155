import type { UnmatchedId } from '../../../shared/domain.js';

/**
 * Device ids that arrived but match no device: how an installer finds a typo in a HALO name.
 * Bounded, so a flood of random ids cannot grow memory; the least recently seen id goes first.
 */
export class UnmatchedIds {
  private readonly ids = new Map<string, UnmatchedId>();

  constructor(private readonly limit = 500) {}

  record(serverId: number, deviceId: string, frame: string, now: number): void {
    const key = `${serverId}\u0000${deviceId}`;
    const entry = this.ids.get(key);
    if (entry) {
      entry.count++;
      entry.lastSeen = now;
      entry.sample = frame.slice(0, 200);
      this.ids.delete(key);
      this.ids.set(key, entry);
      return;
    }
    if (this.ids.size >= this.limit) {
      const oldest = this.ids.keys().next().value;
      if (oldest !== undefined) this.ids.delete(oldest);
    }
    this.ids.set(key, { deviceId, serverId, count: 1, lastSeen: now, sample: frame.slice(0, 200) });
  }

  forget(serverId: number, deviceId: string): void {
    this.ids.delete(`${serverId}\u0000${deviceId}`);
  }

  list(): UnmatchedId[] {
    return [...this.ids.values()].sort((a, b) => b.lastSeen - a.lastSeen);
  }
}
