import type { StreamMessage } from '../../../shared/bridge.js';

/** Incidents are fetched, not streamed whole: the stream says when to fetch them again. */
export interface IncidentSlice {
  /** Grows when an incident opened or changed, or when a (re)connect may have missed a change. */
  incidentsRevision: number;
}

export const initialIncidents: IncidentSlice = { incidentsRevision: 0 };

export function reduceIncidents(s: IncidentSlice, m: StreamMessage): Partial<IncidentSlice> {
  if (m.type === 'snapshot' || m.incidents?.length) return { incidentsRevision: s.incidentsRevision + 1 };
  return {};
}
