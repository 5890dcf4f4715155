import { z } from 'zod';

/** Messages in the admin's words: Settings shows them beside the field as they type. */
const days = (fallback: number) => z.number().int('a whole number of days').min(1, 'at least 1 day').max(100 * 365, 'at most 36500 days (100 years)').default(fallback);

/** How long each class of history is kept, in days. Audit: null keeps it forever. */
export const RetentionSchema = z.object({
  rawSamplesDays: days(30),
  /** The 1-minute rollups (min, max, mean, count, last per device and data point). */
  rollupsDays: days(2 * 365),
  eventsDays: days(365),
  /** Alarm history; command outcomes are audit entries and follow the audit's retention. */
  alarmHistoryDays: days(2 * 365),
  /** At least 30 days: the audit trail is what an inspector asks for. */
  auditDays: z.number().int('a whole number of days').min(30, 'at least 30 days, or empty to keep it forever').max(100 * 365, 'at most 36500 days (100 years)').nullable().default(null),
}).strict();
export type Retention = z.infer<typeof RetentionSchema>;

/** A change: only the classes given. */
export const RetentionChangeSchema = RetentionSchema.partial().strict();

export const BackupSettingsSchema = z.object({
  /** 0: no scheduled backups (POST /api/v1/backups still takes one). */
  everyHours: z.number().min(0, '0 (only on demand) or more').max(24 * 31, 'at most 744 hours (31 days)').default(24),
  /** The newest this many backups are kept; older ones are deleted after each backup. */
  keep: z.number().int('a whole number').min(1, 'at least 1').max(1000, 'at most 1000').default(7),
  /** Where backups go; null: the server's default (`--backup-dir`, or `backups` in the data folder). */
  folder: z.string().max(1024).regex(/^(\/|[A-Za-z]:[\\/])/, 'must be a full path (/srv/backups, D:\\Backups)').nullable().default(null),
}).strict();
export type BackupSettings = z.infer<typeof BackupSettingsSchema>;
export const BackupSettingsChangeSchema = BackupSettingsSchema.partial().strict();

export interface HousekeepingReport {
  at: number;
  ms: number;
  /** Rows (pages for vacuum) removed, per class. */
  deleted: Record<string, number>;
  maxSliceMs: number;
  medianSliceMs: number;
  /** CPU time: what the slicing controls; wall time also holds I/O waits and a busy machine. */
  medianSliceCpuMs: number;
  slices: number;
  auditExport: string | null;
  error: string | null;
}

export interface BackupView {
  file: string;
  bytes: number;
  at: number;
}

/** The data folder's disk as the disk guard sees it, and what it did about it. */
export interface DiskView {
  state: 'ok' | 'low' | 'critical';
  /** Null until the first check, or when the folder cannot be read (`error` says why). */
  freeBytes: number | null;
  warnBytes: number;
  criticalBytes: number;
  error: string | null;
  /** Frames not stored because the disk was below the critical level. */
  refusedFrames: number;
  /** Frames and events dropped because writes kept failing and the memory bound was reached. */
  droppedFrames: number;
  droppedEvents: number;
  /** Raw sample rows the guard deleted (oldest first) to make room, since the server started. */
  prunedChunks: number;
  writeError: string | null;
  pendingFrames: number;
}
