import { z } from 'zod';
import { hasCredentials, NO_URL_CREDENTIALS } from './url.js';

export const TCP_DEFAULTS = {
  delimiter: ';',
  deviceIdRegex: 'DeviceId=(\\S+)',
  maxFrameBytes: 64 * 1024,
  maxConnections: 2000,
  maxConnectionsPerAddress: 256,
  firstFrameTimeoutS: 90,
  idleTimeoutS: 600,
} as const;

export const TcpServerConfigSchema = z.object({
  name: z.string().trim().min(1).max(64),
  host: z.string().min(1).max(255).default('127.0.0.1'),
  port: z.number().int().min(0).max(65535),
  delimiter: z.string().min(1).max(16).default(TCP_DEFAULTS.delimiter),
  deviceIdRegex: z.string().min(1).max(512).default(TCP_DEFAULTS.deviceIdRegex),
  autoCreateDevices: z.boolean().default(false),
  /** Device type given to devices created automatically. */
  defaultDeviceTypeId: z.string().min(1).default('halo'),
  maxFrameBytes: z.number().int().min(64).max(16 * 1024 * 1024).default(TCP_DEFAULTS.maxFrameBytes),
  maxConnections: z.number().int().min(1).max(100_000).default(TCP_DEFAULTS.maxConnections),
  /** One address may not take the whole port: a HALO elsewhere must still get in. */
  maxConnectionsPerAddress: z.number().int().min(1).max(100_000).default(TCP_DEFAULTS.maxConnectionsPerAddress),
  /** A connection must deliver its first complete frame within this time. */
  firstFrameTimeoutS: z.number().int().min(1).max(86_400).default(TCP_DEFAULTS.firstFrameTimeoutS),
  /** Closed when no complete frame arrives for this long (bytes alone do not count). */
  idleTimeoutS: z.number().int().min(1).max(86_400).default(TCP_DEFAULTS.idleTimeoutS),
  enabled: z.boolean().default(true),
  /** HALOs whose addresses share this IPv4 prefix sit on one network: ≥ 3 of them silent together are a network fault. */
  networkPrefix: z.number().int().min(8).max(32).default(24),
});
export type TcpServerConfig = z.infer<typeof TcpServerConfigSchema>;
export interface TcpServer extends TcpServerConfig {
  id: number;
}

export const DeviceConfigSchema = z.object({
  name: z.string().trim().min(1).max(128),
  /** What the HALO sends as %NAME%: the device-id regex's first group. */
  deviceId: z.string().min(1).max(128).regex(/^\S+$/, 'must not contain spaces'),
  typeId: z.string().min(1),
  serverId: z.number().int().positive(),
  /** Marked offline when silent this long; three 60 s heartbeats by default. */
  offlineAfterS: z.number().int().min(1).max(86_400).default(180),
  location: z.string().max(128).default(''),
  /** Cameras linked to this device, e.g. the HALO's own dashboard stream. */
  cameraIds: z.array(z.number().int().positive()).max(16).default([]),
});
export type DeviceConfig = z.infer<typeof DeviceConfigSchema>;
export interface Device extends DeviceConfig {
  id: number;
  demo: boolean;
}

const httpUrl = z.string().max(2048).refine((u) => {
  try {
    return ['http:', 'https:'].includes(new URL(u).protocol);
  } catch {
    return false;
  }
}, 'must be an http:// or https:// URL').refine((u) => !hasCredentials(u), NO_URL_CREDENTIALS);

export const CameraConfigSchema = z.object({
  name: z.string().trim().min(1).max(128),
  /** MJPEG stream, e.g. a HALO dashboard at http://HALO/api/gfx/stream.jpg. */
  mjpegUrl: httpUrl.or(z.literal('')).default(''),
  /** Still image, e.g. http://HALO/api/gfx/dashboardframe.jpg. */
  snapshotUrl: httpUrl.or(z.literal('')).default(''),
  username: z.string().max(128).default(''),
  /** Write-only: never returned by the API. Omitted on update: the stored one is kept. */
  password: z.string().max(256).optional(),
  location: z.string().max(128).default(''),
});
export type CameraConfig = z.infer<typeof CameraConfigSchema>;
/** As stored: the password sealed (AES-256-GCM), longer than the one typed. */
export const StoredCameraConfigSchema = CameraConfigSchema.extend({ password: z.string().max(1024).optional() });

export type VideoState = 'idle' | 'connecting' | 'live' | 'reconnecting' | 'unauthorised' | 'unreachable';

/** A camera as the console sees it: no password, the proxy's state instead. */
export interface CameraView {
  id: number;
  name: string;
  mjpegUrl: string;
  snapshotUrl: string;
  username: string;
  hasPassword: boolean;
  location: string;
  demo: boolean;
  state: VideoState;
  error: string | null;
  viewers: number;
}

export interface LatestValue {
  v: number;
  t: number;
}
export interface InvalidReading {
  raw: string;
  t: number;
}

export interface DeviceStatus extends Device {
  online: boolean;
  lastSeen: number | null;
  latest: Record<string, LatestValue>;
  /** Last value per point that was not a number, so a broken sensor stays visible. */
  invalid: Record<string, InvalidReading>;
  /** Set by a rule ("change the device's state"): its icon on the map. */
  customState: string | null;
}

export type EventOrigin = 'tcp' | 'http' | 'site' | 'rule' | 'system';

export interface EventRecord {
  id: number;
  t: number;
  origin: EventOrigin;
  deviceId: number | null;
  name: string;
  kind: 'set' | 'reset' | 'instant';
  source: string;
  caption: string;
  description: string;
  args: Record<string, string>;
  /** Generic-event metadata as sent (e.g. `{"cameraRefs":[…]}`), or null. */
  metadata: Record<string, unknown> | null;
  /** On a reset: the id of the set it ends, so the console knows what was active and for how long. */
  pairId: number | null;
}

export interface UnmatchedId {
  deviceId: string;
  serverId: number;
  count: number;
  lastSeen: number;
  sample: string;
}

export interface IngestCounters {
  frames: number;
  values: number;
  invalidValues: number;
  events: number;
  unmatched: number;
  rejected: number;
  oversized: number;
  connectionsRejected: number;
  /** Connections that never sent a device's frame, closed to make room at the cap. */
  connectionsEvicted: number;
  idleClosed: number;
  storedFrames: number;
  /**
   * Frames that reached a device but carried no value to store (an event frame, or every value
   * invalid): their events and latest state are kept, there is no sample. With `storedFrames`,
   * `rejected`, `unmatched`, `refusedFrames`, `droppedFrames` and the frames pending in the batch
   * window they add up to `frames`, which is how a lost frame would show.
   */
  framesWithoutValues: number;
  storedValues: number;
  storedEvents: number;
  /** Frames whose samples were not stored because the disk is critically full (latest values, events and alarms still are). */
  refusedFrames: number;
  /** Frames and events dropped because the database kept failing and the memory held for them was full. */
  droppedFrames: number;
  droppedEvents: number;
  /** Batch writes that failed (each retried after a back-off). */
  storeErrors: number;
}

export interface CollectorCounters {
  requests: number;
  accepted: number;
  errors: number;
  authFailures: number;
  rateLimited: number;
  oversized: number;
}

export function emptyCollectorCounters(): CollectorCounters {
  return { requests: 0, accepted: 0, errors: 0, authFailures: 0, rateLimited: 0, oversized: 0 };
}

export interface IngestStats extends IngestCounters {
  /** Data-rule conditions evaluated since start. */
  ruleEvaluations: number;
  collector: CollectorCounters & { port: number | null; error: string | null };
  connections: number;
  devicesOnline: number;
  devicesTotal: number;
  unmatchedIds: UnmatchedId[];
  servers: Array<{ id: number; name: string; port: number | null; listening: boolean; connections: number; error: string | null }>;
  /** The data folder's disk and the last failed write, so a full disk is never silent. */
  storage?: { disk: 'ok' | 'low' | 'critical'; freeBytes: number | null; writeError: string | null; pendingFrames: number };
  /** The server's event-loop delay since start (ms): how long work may wait behind background turns, queries and ingest. */
  eventLoop?: { p50Ms: number; p99Ms: number; maxMs: number } | null;
  at: number;
}

export function emptyCounters(): IngestCounters {
  return { frames: 0, values: 0, invalidValues: 0, events: 0, unmatched: 0, rejected: 0, oversized: 0, connectionsRejected: 0, connectionsEvicted: 0, idleClosed: 0, storedFrames: 0, framesWithoutValues: 0, storedValues: 0, storedEvents: 0, refusedFrames: 0, droppedFrames: 0, droppedEvents: 0, storeErrors: 0 };
}
