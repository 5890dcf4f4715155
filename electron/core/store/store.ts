import type { DeviceType } from '../../../shared/halo/device-type.js';
import type { CameraConfig, Device, DeviceConfig, EventRecord, InvalidReading, LatestValue, TcpServer, TcpServerConfig } from '../../../shared/domain.js';
import type { AuditEntryView, Role } from '../../../shared/bridge.js';
import type { Columns } from '../../../shared/lttb.js';
import type { CommandStore } from './command-store.js';
import type { ConnectionStore } from './connection-store.js';
import type { ConditionStore } from './condition-store.js';

export interface OperatorRecord {
  id: number;
  username: string;
  role: Role;
  passwordHash: string;
  disabled: boolean;
}

export interface ChunkWrite {
  device: number;
  points: readonly string[];
  times: number[];
  values: number[];
}

export interface LatestWrite {
  device: number;
  lastSeen: number;
  latest: Record<string, LatestValue>;
  invalid: Record<string, InvalidReading>;
}

export interface Batch {
  chunks: ChunkWrite[];
  events: EventRecord[];
  latest: LatestWrite[];
}

export interface EventFilter {
  from?: number;
  to?: number;
  device?: number;
  origin?: string;
  /** Case-sensitive "contains", as Nx filters generic events. */
  source?: string;
  caption?: string;
  /** Contained in the name or the description. */
  text?: string;
  limit: number;
}

export interface IntegrationAccount {
  id: number;
  username: string;
  passwordHash: string;
  ha1Md5: string;
  ha1Sha256: string;
  createdAt: number;
}

/** An audit entry as stored and as the API returns it. */
export type AuditRecord = AuditEntryView;

export interface AuditFilter {
  from?: number;
  to?: number;
  actor?: string;
  action?: string;
  limit: number;
}

export type { AuditVerdict } from '../../../shared/api/views.js';
import type { AuditVerdict } from '../../../shared/api/views.js';

export interface AlarmHistoryRow {
  alarm: number;
  t: number;
  action: string;
  actor: string;
  state: string;
  /** Why the system took the step, when it was not the condition or an operator: "rule deleted", … */
  reason?: string;
}

export interface AuditEntry {
  actor: string;
  action: string;
  target: string;
  before?: unknown;
  after?: unknown;
  reason?: string;
}

/**
 * Everything the core keeps durably. SQLite is the one backend today; PostgreSQL for larger
 * sites would implement this same interface.
 */
export interface Store {
  /** Rule conditions and site commands: see condition-store.ts and command-store.ts. */
  readonly conditions: ConditionStore;
  readonly commandLog: CommandStore;
  /** Security-system connections after the first: see connection-store.ts. */
  readonly siteConnections: ConnectionStore;
  close(): void;
  getSetting(key: string): string | undefined;
  setSetting(key: string, value: string): void;

  findOperator(username: string): OperatorRecord | undefined;
  createOperator(username: string, role: Role, passwordHash: string): OperatorRecord;
  countOperators(): number;

  listTcpServers(): TcpServer[];
  createTcpServer(config: TcpServerConfig): TcpServer;
  updateTcpServer(id: number, config: TcpServerConfig): void;
  deleteTcpServer(id: number): void;

  listDeviceTypes(): Array<{ type: DeviceType; builtIn: boolean }>;
  saveDeviceType(type: DeviceType, builtIn: boolean): void;
  deleteDeviceType(id: string): void;

  listDevices(): Device[];
  createDevice(config: DeviceConfig, demo: boolean): Device;
  updateDevice(id: number, config: DeviceConfig): void;
  /** Removes the device and its latest values at once; its samples go in slices in the background (housekeeping); its events stay in history. */
  deleteDevice(id: number): void;

  /** One transaction: samples, events and latest values become durable together. */
  writeBatch(batch: Batch): void;
  loadLatest(): LatestWrite[];
  /** A data point's samples in [from, to], oldest first, as columns: a million samples are two arrays, not a million tuples. */
  seriesColumns(device: number, point: string, from: number, to: number): Columns;
  nextEventId(): number;
  events(filter: EventFilter): EventRecord[];
  /** The newest set/reset events, oldest first: enough to rebuild what is active after a restart. */
  pairableEvents(limit: number): EventRecord[];

  listIntegrationAccounts(): IntegrationAccount[];
  createIntegrationAccount(account: Omit<IntegrationAccount, 'id' | 'createdAt'>): IntegrationAccount;
  /** Replace an account's stored Digest HA1 values (sealed at rest). */
  setIntegrationDigests(id: number, ha1Md5: string, ha1Sha256: string): void;
  deleteIntegrationAccount(id: number): void;

  listCameras(): StoredCamera[];
  createCamera(config: CameraConfig, demo: boolean): StoredCamera;
  updateCamera(id: number, config: CameraConfig): void;
  deleteCamera(id: number): void;

  audit(entry: AuditEntry): void;
  listAudit(filter: AuditFilter): AuditRecord[];
  verifyAudit(): AuditVerdict;

  listOperators(): OperatorRecord[];
  updateOperator(id: number, change: { role?: Role; disabled?: boolean; passwordHash?: string }): void;

  listAlarmDefinitions(): unknown[];
  saveAlarmDefinition(id: string, body: unknown): void;
  deleteAlarmDefinition(id: string): void;
  listRules(): Array<{ version: number; body: unknown }>;
  /** Saves a rule as its next version (or deletes it: body null) and keeps the version. */
  saveRule(id: string, body: unknown | null, actor: string): number;
  ruleVersions(id: string): Array<{ version: number; body: unknown; actor: string; at: number }>;
  listAlarms(): Array<{ id: number; body: unknown }>;
  /** Inserts when id is null; returns the id. */
  saveAlarm(id: number | null, body: unknown): number;
  /** The alarm as it is now and the step that got it there, in one transaction. */
  recordAlarm(id: number, body: unknown, history: AlarmHistoryRow): void;
  alarmHistory(from: number, to: number): AlarmHistoryRow[];
  /** One alarm's steps, oldest first. */
  alarmSteps(alarm: number): AlarmHistoryRow[];
}

export interface StoredCamera {
  id: number;
  config: CameraConfig;
  demo: boolean;
}
