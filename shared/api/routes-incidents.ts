import { z } from 'zod';
import { AttachAlarmsSchema, AttachEventsSchema, CloseSchema, NoteSchema, OpenIncidentSchema, OwnerSchema, SnapshotRequestSchema, type IncidentSummary, type IncidentView } from '../incidents/model.js';
import { IdParams, route, typed } from './define.js';

const Ticket = z.object({ ticket: z.string().max(64).optional() });
const Incident = typed<IncidentView>('Incident');

/** Incidents: alarms, events, snapshots and notes gathered with an owner and a timeline; the PDF report. */
export const incidentRoutes = {
  'incidents.list': route({ method: 'GET', path: '/incidents', role: 'operator', summary: 'Incidents, newest change first; open ones by default.', query: z.object({ state: z.enum(['open', 'closed', 'all']).default('open') }), reply: typed<IncidentSummary[]>('IncidentList') }),
  'incidents.open': route({ method: 'POST', path: '/incidents', role: 'operator', status: 201, label: 'Incident', summary: 'Open an incident from one alarm or several (a flood group); the operator owns it.', body: OpenIncidentSchema, reply: Incident }),
  'incidents.get': route({ method: 'GET', path: '/incidents/{id}', role: 'operator', summary: 'One incident with its timeline.', params: IdParams, reply: Incident }),
  'incidents.alarms': route({ method: 'POST', path: '/incidents/{id}/alarms', role: 'operator', label: 'Alarms', summary: 'Attach alarms.', params: IdParams, body: AttachAlarmsSchema, reply: Incident }),
  'incidents.events': route({ method: 'POST', path: '/incidents/{id}/events', role: 'operator', label: 'Events', summary: 'Attach events.', params: IdParams, body: AttachEventsSchema, reply: Incident }),
  'incidents.snapshot': route({ method: 'POST', path: '/incidents/{id}/snapshots', role: 'operator', status: 201, label: 'Snapshot', summary: "Take a camera's snapshot now (a console camera through the video proxy, or a camera asset) and keep it with the incident.", params: IdParams, body: SnapshotRequestSchema, reply: Incident }),
  'incidents.snapshotImage': route({ method: 'GET', path: '/incidents/{id}/snapshots/{entry}', role: null, kind: 'binary', summary: 'A kept snapshot (JPEG); a session or ?ticket=.', params: IdParams.extend({ entry: z.coerce.number().int().positive() }), query: Ticket, reply: z.string().meta({ description: 'image/jpeg' }) }),
  'incidents.note': route({ method: 'POST', path: '/incidents/{id}/notes', role: 'operator', label: 'Note', summary: 'Add a note to the timeline.', params: IdParams, body: NoteSchema, reply: Incident }),
  'incidents.owner': route({ method: 'PUT', path: '/incidents/{id}/owner', role: 'operator', label: 'Owner', summary: 'Hand the incident to another operator.', params: IdParams, body: OwnerSchema, reply: Incident }),
  'incidents.close': route({ method: 'POST', path: '/incidents/{id}/close', role: 'operator', label: 'Close', summary: 'Close the incident, with a closing note.', params: IdParams, body: CloseSchema, reply: Incident }),
  'incidents.reopen': route({ method: 'POST', path: '/incidents/{id}/reopen', role: 'supervisor', summary: 'Reopen a closed incident (supervisor).', params: IdParams, reply: Incident }),
  'incidents.ticket': route({ method: 'POST', path: '/incidents/{id}/ticket', role: 'operator', status: 201, summary: "A single-use ticket for the incident's report or a snapshot with ?ticket=.", params: IdParams, reply: z.object({ ticket: z.string(), expiresAt: z.number() }) }),
  'incidents.report': route({ method: 'GET', path: '/incidents/{id}/report', role: null, kind: 'binary', summary: 'The incident report as a PDF: timeline, alarms with their checklists, snapshots, the sensor chart around each alarm, who did what (itself audited); a session or ?ticket=.', params: IdParams, query: Ticket, reply: z.string().meta({ description: 'application/pdf attachment' }) }),
} as const;
