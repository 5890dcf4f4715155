import type { EventRecord } from '../../../shared/domain.js';
import type { Batcher } from '../store/batcher.js';
import type { Publisher } from '../publisher.js';

export type NewEvent = Omit<EventRecord, 'id' | 'pairId' | 'metadata' | 'args'> & {
  args?: Record<string, string>;
  metadata?: Record<string, unknown> | null;
};

/**
 * Where every event goes, whatever its origin: an id, pairing of a reset with its set (so the
 * console knows what is active now), the batch for SQLite, and the live stream.
 */
export class EventSink {
  private readonly active = new Map<string, EventRecord>();
  /** Called after each event is recorded: the rules engine. */
  listener: ((event: EventRecord) => void) | null = null;

  constructor(
    private readonly nextId: () => number,
    private readonly batcher: Batcher,
    private readonly publisher: Publisher,
  ) {}

  /** A prolonged event is the same one while origin, device (or source) and name agree. */
  private static key(e: Pick<EventRecord, 'origin' | 'deviceId' | 'source' | 'name'>): string {
    return `${e.origin}\u0000${e.deviceId ?? `source:${e.source}`}\u0000${e.name}`;
  }

  /** Replays stored set/reset events after a restart. */
  restore(events: readonly EventRecord[]): void {
    for (const e of events) this.track(e);
  }

  private track(e: EventRecord): void {
    const key = EventSink.key(e);
    if (e.kind === 'set') this.active.set(key, e);
    else if (e.kind === 'reset') this.active.delete(key);
  }

  record(input: NewEvent): EventRecord {
    const pair = input.kind === 'reset' ? this.active.get(EventSink.key(input)) : undefined;
    // Spelled out: V8 takes a slow path (~4 µs) for a spread whose keys a literal overrides.
    const event: EventRecord = {
      id: this.nextId(), t: input.t, origin: input.origin, deviceId: input.deviceId, name: input.name, kind: input.kind,
      source: input.source, caption: input.caption, description: input.description,
      args: input.args ?? {}, metadata: input.metadata ?? null, pairId: pair?.id ?? null,
    };
    this.track(event);
    this.batcher.addEvent(event);
    this.publisher.event(event);
    this.listener?.(event);
    return event;
  }

  /** Set events not yet reset, newest first. */
  activeEvents(): EventRecord[] {
    return [...this.active.values()].sort((a, b) => b.t - a.t || b.id - a.id);
  }
}
