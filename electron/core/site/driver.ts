import { z } from 'zod';
import type { AssetType } from '../../../shared/site/asset-model.js';
import type { Monitor } from '../../../shared/site/workflows.js';

const ipv4 = z.string().trim().refine((s) => {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^\d{1,3}$/.test(p) && Number(p) <= 255);
}, 'must be an IPv4 address such as 10.0.0.5, each part 0–255');

/** The seed's communication settings: the primary directory server and the integration account. */
export const ConnectionSettingsSchema = z.object({
  driver: z.enum(['simulated']).default('simulated'),
  directoryServer: ipv4,
  username: z.string().trim().min(1, 'is required').max(128),
  /** Write-only; omitted on update keeps the stored one. */
  password: z.string().min(1, 'is required').max(256).optional(),
  dataServerPort: z.number().int().min(1, 'must be 1–65535').max(65535, 'must be 1–65535').default(9010),
  /** The simulated site only: whether it lives (access, forced doors, analytics) on its own. */
  activity: z.boolean().default(true),
});
export type ConnectionSettings = z.infer<typeof ConnectionSettingsSchema>;

const hostName = z.string().trim().min(1, 'is required').max(253).regex(/^[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?$/, 'must be an IPv4 address or a host name such as cam-12.site.local');

/**
 * One ONVIF device (a camera or an encoder): where it answers and the account Watchdesk uses.
 * The password is the only secret, kept in its own field (`password`) so storage can wrap it.
 */
export const OnvifSettingsSchema = z.object({
  driver: z.literal('onvif'),
  address: hostName,
  port: z.number().int().min(1, 'must be 1–65535').max(65535, 'must be 1–65535').default(80),
  username: z.string().trim().min(1, 'is required').max(128),
  /** Write-only; omitted on update keeps the stored one. */
  password: z.string().min(1, 'is required').max(256).optional(),
  /** The camera assets' name; the device's own (manufacturer and model) when absent. */
  name: z.string().trim().min(1).max(128).optional(),
  area: z.string().trim().min(1).max(128).default('Cameras'),
}).strict();
export type OnvifSettings = z.infer<typeof OnvifSettingsSchema>;

/** What a connection is configured with: the simulated site's settings or an ONVIF device's. */
export type DriverSettings = ConnectionSettings | OnvifSettings;

export interface AssetSnapshot {
  id: string;
  type: AssetType;
  name: string;
  area: string;
  states: string[];
  attributes: Record<string, unknown>;
}

export type DriverUpdate =
  | { kind: 'state'; assetId: string; states: string[]; attributes?: Record<string, unknown> }
  | { kind: 'communication'; ok: boolean; reason: string }
  | { kind: 'access'; assetId: string; doorId: string | null; granted: boolean; cardholder: string; at: number }
  | { kind: 'analytic'; assetId: string; name: string; at: number }
  | { kind: 'role'; states: string[]; detail: string }
  | { kind: 'monitor'; monitor: Monitor };

export interface CommandTarget {
  /** Absent: a system (site) command. */
  assetId?: string;
  command: string;
  params: Record<string, unknown>;
}

/**
 * What Watchdesk needs of a security system. The simulated site implements it; a Genetec Web
 * SDK client or an ONVIF driver would implement the same (see docs/site-drivers.md).
 */
export interface SiteDriver {
  readonly kind: string;
  connect(settings: DriverSettings): Promise<void>;
  disconnect(): Promise<void>;
  discover(): Promise<{ assets: AssetSnapshot[]; monitors: Monitor[] }>;
  subscribe(listener: (update: DriverUpdate) => void): void;
  /** Resolves when the site accepted the command; rejects with the site's reason. */
  execute(target: CommandTarget): Promise<void>;
  /** Optional: presets the operator saves or removes on a camera (SetPreset, RemovePreset). */
  setPreset?(assetId: string, name: string, token?: string): Promise<{ token: string }>;
  removePreset?(assetId: string, token: string): Promise<void>;
  /** Optional: one JPEG from the camera, fetched by the core with the camera's credentials. */
  snapshot?(assetId: string): Promise<Buffer>;
  /** Optional: where the camera's MJPEG stream is, with its credentials (the core proxies it). */
  stream?(assetId: string): { url: string; username: string; password: string };
}

export interface LogEntry {
  t: number;
  level: 'info' | 'warning' | 'error';
  source: 'driver' | 'runtime';
  message: string;
}

/** The seed's Debug Tools: driver and runtime messages, the newest 2,000 kept. */
export class DriverLog {
  private readonly entries: LogEntry[] = [];
  /** Every warning and error since start, also those no longer kept: faults are counted. */
  readonly counts = { warning: 0, error: 0 };

  constructor(private readonly limit = 2000) {}

  add(level: LogEntry['level'], source: LogEntry['source'], message: string): void {
    if (level !== 'info') this.counts[level]++;
    this.entries.push({ t: Date.now(), level, source, message });
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
  }

  list(limit = 500): LogEntry[] {
    return this.entries.slice(-limit).reverse();
  }
}
