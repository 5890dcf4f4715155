import type { StreamMessage } from '../../../shared/bridge.js';

/** Maps are fetched, not streamed whole: the stream says when to fetch them again. */
export interface MapSlice {
  /** Grows when maps changed, or when a (re)connect may have missed a change. */
  mapsRevision: number;
}

export const initialMaps: MapSlice = { mapsRevision: 0 };

export function reduceMaps(s: MapSlice, m: StreamMessage): Partial<MapSlice> {
  if (m.type === 'snapshot' || m.maps?.length) return { mapsRevision: s.mapsRevision + 1 };
  return {};
}
