import { shell } from './shell.js';
import { app } from './app.js';
import { accounts } from './accounts.js';
import { assets } from './assets.js';
import { charts } from './charts.js';
import { dashboard } from './dashboard.js';
import { incidents } from './incidents.js';
import { ingest } from './ingest.js';
import { integration } from './integration.js';
import { login } from './login.js';
import { map } from './map.js';
import { rules } from './rules.js';
import { settings } from './settings.js';
import { storage } from './storage.js';
import { video } from './video.js';
import { events } from './events.js';
import { help } from './help.js';
import { reports } from './reports.js';
import { alarms } from './alarms.js';

/**
 * The English catalogue, the one every other language falls back to: one file per feature, so a file
 * stays readable and two people adding words to two features do not collide.
 */
export const en = {
  ...shell,
  ...app,
  ...accounts,
  ...assets,
  ...charts,
  ...dashboard,
  ...incidents,
  ...ingest,
  ...integration,
  ...login,
  ...map,
  ...rules,
  ...settings,
  ...storage,
  ...video,
  ...events,
  ...help,
  ...reports,
  ...alarms,
} as const;
