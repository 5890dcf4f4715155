import { z } from 'zod';

export const INCIDENT_ENTRY_KINDS = ['opened', 'alarm', 'event', 'snapshot', 'note', 'owner', 'closed', 'reopened'] as const;
export type IncidentEntryKind = (typeof INCIDENT_ENTRY_KINDS)[number];

/** One line of an incident's timeline: who did what, when. */
export interface IncidentEntry {
  id: number;
  t: number;
  actor: string;
  kind: IncidentEntryKind;
  /** As the operator reads it: "Door Forced Open on Door 12 (unacknowledged)", a note's text. */
  text: string;
  alarmId?: number;
  eventId?: number;
  /** A camera snapshot kept in the data folder: which camera, and its size. */
  snapshot?: { camera: string; bytes: number };
}

export interface IncidentView {
  id: number;
  title: string;
  state: 'open' | 'closed';
  owner: string;
  openedBy: string;
  openedAt: number;
  closedAt: number | null;
  closedBy: string | null;
  updatedAt: number;
  alarmIds: number[];
  eventIds: number[];
  /** Oldest first. */
  entries: IncidentEntry[];
}

export type IncidentSummary = Omit<IncidentView, 'entries'> & { entryCount: number; snapshots: number };

const ids = (what: string) => z.array(z.number().int().positive()).min(1, `give at least one ${what} id`).max(500);

export const OpenIncidentSchema = z.object({
  title: z.string().trim().max(200).default(''),
  /** One alarm, or a flood group's members. */
  alarmIds: ids('alarm'),
  note: z.string().trim().max(4000).default(''),
});
export const AttachAlarmsSchema = z.object({ alarmIds: ids('alarm') });
export const AttachEventsSchema = z.object({ eventIds: ids('event') });
export const SnapshotRequestSchema = z.object({
  /** A video camera of the console (the proxy's snapshot) … */
  cameraId: z.number().int().positive().optional(),
  /** … or a camera asset of the security system. */
  assetId: z.string().min(1).max(128).optional(),
}).refine((s) => (s.cameraId === undefined) !== (s.assetId === undefined), { message: 'give either cameraId or assetId', path: ['cameraId'] });
export const NoteSchema = z.object({ text: z.string().trim().min(1, 'a note needs text').max(4000) });
export const OwnerSchema = z.object({ owner: z.string().min(1).max(64) });
export const CloseSchema = z.object({ note: z.string().trim().max(4000).default('') });
