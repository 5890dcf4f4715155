import { z } from 'zod';
import { BackupSettingsChangeSchema, RetentionChangeSchema, type BackupSettings, type BackupView, type DiskView, type HousekeepingReport, type Retention } from '../storage/settings.js';
import { checkedByCore, route, typed } from './define.js';

/** Keeping the data folder for years: retention of each class of history, and backups. */
export const storageRoutes = {
  'retention.get': route({ method: 'GET', path: '/retention', role: 'admin', summary: 'How long each class of history is kept, and the last housekeeping run.', reply: typed<Retention & { housekeeping: HousekeepingReport | null }>('Retention') }),
  'retention.set': route({ method: 'PUT', path: '/retention', role: 'admin', summary: 'Change how long classes of history are kept (audited).', body: checkedByCore(RetentionChangeSchema), reply: typed<Retention>('Retention') }),
  'backups.list': route({ method: 'GET', path: '/backups', role: 'admin', summary: 'Backups with their sizes and times, the folder and the schedule.', reply: typed<{ folder: string; settings: BackupSettings; lastError: string | null; backups: BackupView[] }>('Backups') }),
  'backups.take': route({ method: 'POST', path: '/backups', role: 'admin', status: 201, summary: 'Take an online backup now (audited).', reply: z.object({ file: z.string(), bytes: z.number(), at: z.number() }) }),
  'backups.settings': route({ method: 'PUT', path: '/backups/settings', role: 'admin', summary: 'How often backups are taken and how many are kept (audited).', body: checkedByCore(BackupSettingsChangeSchema), reply: typed<BackupSettings>('BackupSettings') }),
  'storage.disk': route({ method: 'GET', path: '/storage/disk', role: 'admin', summary: 'Free space in the data folder, the disk guard\'s thresholds, and what it refused or deleted.', reply: typed<DiskView>('DiskView') }),
} as const;
