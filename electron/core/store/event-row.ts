import type { EventRecord } from '../../../shared/domain.js';

/** An event as both stores keep it: one row, its args and metadata as JSON text. */
export interface EventRow {
  id: number; t: number; origin: string; device: number | null; name: string; kind: string;
  source: string; caption: string; description: string; args: string; metadata: string | null; pair_id: number | null;
}

export function toEvent(r: EventRow): EventRecord {
  return {
    id: r.id, t: r.t, origin: r.origin as EventRecord['origin'], deviceId: r.device, name: r.name,
    kind: r.kind as EventRecord['kind'], source: r.source, caption: r.caption, description: r.description,
    args: JSON.parse(r.args) as Record<string, string>,
    metadata: r.metadata === null ? null : (JSON.parse(r.metadata) as Record<string, unknown>),
    pairId: r.pair_id,
  };
}
