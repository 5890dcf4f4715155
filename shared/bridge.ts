import { z } from 'zod';
import type { CameraView, DeviceStatus, EventRecord, IngestStats } from './domain.js';
import type { AlarmView, Notification } from './alarms/definitions.js';
import type { AssetView, CommandView, SiteConnectionView } from './site/views.js';
import type { Monitor } from './site/workflows.js';
import type { CommandTables } from './site/tables.js';
import type { Rule } from './rules/schema.js';
import type { DeviceType } from './halo/device-type.js';
import type { AlarmKpis } from './alarms/kpis.js';
import type { AlarmDefinition } from './alarms/definitions.js';
import type { AlarmPeriod } from './alarms/periods.js';

export const RoleSchema = z.enum(['operator', 'supervisor', 'admin']);
export type Role = z.infer<typeof RoleSchema>;

export const LoginSchema = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(1024),
});
export type LoginRequest = z.infer<typeof LoginSchema>;

export interface SeriesReply {
  point: string;
  unit: string;
  from: number;
  to: number;
  total: number;
  samples: Array<[number, number]>;
}

/** Where markers sit on the floor plans: key `device:<id>` or `asset:<id>`, x/y in plan units. */
export const MapLayoutSchema = z.object({
  positions: z.record(z.string().max(160), z.object({ plan: z.number().int().min(1).max(20), x: z.number().min(0).max(1000), y: z.number().min(0).max(600) })).refine((p) => Object.keys(p).length <= 20_000, 'at most 20,000 markers'),
});
export type MapLayout = z.infer<typeof MapLayoutSchema>;

export interface AuditEntryView {
  id: number;
  t: number;
  actor: string;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
  reason: string;
  hash: string;
}

export interface TcpServerInfo {
  id: number;
  name: string;
  host: string;
  port: number;
  boundPort: number | null;
  listening: boolean;
  connections: number;
  delimiter: string;
  deviceIdRegex: string;
  autoCreateDevices: boolean;
  error: string | null;
}

export interface SessionInfo {
  username: string;
  role: Role;
  expiresAt: number;
}

export interface DemoState {
  enabled: boolean;
}

export type StreamMessage =
  | { type: 'snapshot'; at: number; devices: DeviceStatus[]; stats: IngestStats; demo: DemoState; cameras: CameraView[]; alarms: AlarmView[]; assets: AssetView[]; site: SiteConnectionView; monitors: Monitor[] }
  | {
      type: 'delta';
      seq: number;
      at: number;
      devices: DeviceStatus[];
      removedDevices: number[];
      events: EventRecord[];
      /** Events left out of this delta because the window overflowed; refetch history if > 0. */
      eventsDropped: number;
      stats?: IngestStats;
      demo?: DemoState;
      /** Every camera, when any camera or its video state changed. */
      cameras?: CameraView[];
      /** Alarms that changed in the window, each once, as they are now. */
      alarms?: AlarmView[];
      /** Notifications, spoken phrases and sounds for operators; `to` limits one to an operator. */
      notifications?: Notification[];
      /** Assets whose state changed, each once. */
      assets?: AssetView[];
      /** Commands that started or settled in the window. */
      commands?: CommandView[];
      /** The connection and monitors, when either changed. */
      site?: SiteConnectionView;
      monitors?: Monitor[];
    };

export type AlarmActionOutcome = { id: number; ok: true; alarm: AlarmView } | { id: number; ok: false; error: string };

export type StreamState = 'connecting' | 'live' | 'closed';

export interface EventQuery {
  from?: number;
  to?: number;
  deviceId?: number;
  origin?: string;
  limit?: number;
}

/**
 * What the renderer may ask of the core. The browser implements it over HTTP and WebSocket,
 * the Electron preload over IPC; the renderer never knows which.
 */
export interface Bridge {
  login(request: LoginRequest): Promise<SessionInfo>;
  logout(): Promise<void>;
  currentSession(): Promise<SessionInfo | null>;
  listDevices(): Promise<DeviceStatus[]>;
  /** A data point's history, downsampled on the server to at most `maxPoints` (the chart's width). */
  series(deviceId: number, point: string, from: number, to: number, maxPoints: number): Promise<SeriesReply>;
  /** When the device's alarms stood within [from, to], for shading on its chart. */
  alarmPeriods(deviceId: number, from: number, to: number): Promise<AlarmPeriod[]>;
  /** The rules, for thresholds drawn on charts. */
  listRules(): Promise<Array<{ rule: Rule; version?: number; warnings?: string[]; stats?: { fired: number; errors: number; lastError: string | null } }>>;
  saveRule(rule: unknown, mode: 'create' | 'replace'): Promise<{ rule: Rule; warnings: string[] }>;
  deleteRule(id: string): Promise<void>;
  listAlarmDefinitions(): Promise<AlarmDefinition[]>;
  saveAlarmDefinition(definition: unknown, mode: 'create' | 'replace'): Promise<AlarmDefinition>;
  listTcpServers(): Promise<TcpServerInfo[]>;
  /** The exact Heartbeat, Set and Reset strings to type into a HALO for a server and device type. */
  haloStrings(serverId: number, typeId: string): Promise<{ heartbeat: string; set: string; reset: string; warnings: string[] }>;
  listDeviceTypes(): Promise<Array<{ type: DeviceType; builtIn: boolean; collisions: Array<{ event: string; dataPoint: string; message: string }> }>>;
  importDeviceType(type: unknown): Promise<{ type: DeviceType; collisions: Array<{ event: string; dataPoint: string; message: string }> }>;
  createDevice(config: { name: string; deviceId: string; typeId: string; serverId: number }): Promise<DeviceStatus>;
  listAlarms(query: { state?: string; from?: number; to?: number }): Promise<AlarmView[]>;
  listAudit(query: { from?: number; to?: number; actor?: string; action?: string; limit?: number }): Promise<AuditEntryView[]>;
  kpis(from: number, to: number): Promise<AlarmKpis>;
  siteConnection(): Promise<SiteConnectionView>;
  /** Field errors come back named ("directoryServer: must be an IPv4 address …"). */
  saveSiteConnection(settings: Record<string, unknown>): Promise<SiteConnectionView>;
  siteLog(): Promise<Array<{ t: number; level: string; source: string; message: string }>>;
  mapLayout(): Promise<MapLayout>;
  saveMapLayout(layout: MapLayout): Promise<MapLayout>;
  ingestStats(): Promise<IngestStats>;
  listEvents(query: EventQuery): Promise<EventRecord[]>;
  getDemo(): Promise<DemoState>;
  setDemo(state: DemoState): Promise<DemoState>;
  listCameras(): Promise<CameraView[]>;
  /** Runs an asset command; pending until the site confirms it (the stream reports the outcome). */
  commandTables(): Promise<CommandTables>;
  assetCommand(assetId: string, command: string, params?: Record<string, unknown>, confirmed?: boolean): Promise<CommandView>;
  /** One command to a multi-selection; the core refuses cameras and checks every asset before starting any. */
  assetCommands(assetIds: string[], command: string, params: Record<string, unknown>, confirmed: boolean): Promise<CommandView[]>;
  /** An alarm action (`acknowledge`, `shelve`, `unshelve`, `reset`, `investigate`, …) with its body. */
  alarmAction(id: number, action: string, body?: Record<string, unknown>): Promise<AlarmView>;
  /** The same action on a selection; each alarm answers for itself. */
  alarmActions(ids: number[], action: string, body?: Record<string, unknown>): Promise<AlarmActionOutcome[]>;
  /** A URL an <img> can show: the core's proxied stream (or snapshot), with a single-use ticket. */
  videoUrl(cameraId: number, kind: 'stream' | 'snapshot'): Promise<string>;
  subscribe(onMessage: (message: StreamMessage) => void, onState: (state: StreamState) => void): () => void;
}
