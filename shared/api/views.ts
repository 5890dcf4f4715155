import type { Role } from './define.js';
import type { AlarmView } from '../alarms/definitions.js';
import type { TcpServer } from '../domain.js';
import type { DeviceType } from '../halo/device-type.js';
import type { Collision } from '../halo/collisions.js';
import type { Rule } from '../rules/schema.js';

/** Reply shapes that are not domain objects of their own: what the API shows of its resources. */
export interface SessionInfo {
  username: string;
  role: Role;
  expiresAt: number;
}

export interface TcpServerView extends TcpServer {
  boundPort: number | null;
  listening: boolean;
  connections: number;
  error: string | null;
}

export interface DeviceTypeView {
  type: DeviceType;
  builtIn: boolean;
  collisions: Collision[];
}

export interface RuleStats {
  fired: number;
  errors: number;
  lastError: string | null;
  lastFiredAt: number | null;
}

export interface RuleView {
  rule: Rule;
  version: number;
  /** Links left empty or pointing nowhere: the rule runs, but those actions fail. */
  warnings: string[];
  stats: RuleStats;
}

export interface AuditVerdict {
  ok: boolean;
  checked: number;
  /** The first entry that does not match the chain, and why. */
  broken: { id: number; reason: string } | null;
}

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

export interface OperatorView {
  id: number;
  username: string;
  role: Role;
  disabled: boolean;
  /** The areas they watch; empty: every area. */
  areas: string[];
}

export interface IntegrationAccountView {
  id: number;
  username: string;
  right: 'generate-events';
  createdAt: number;
}

export interface SiteLogEntry {
  t: number;
  level: 'info' | 'warning' | 'error';
  source: 'driver' | 'runtime';
  message: string;
}

/** One step of an alarm's life; `reason` says why the system took it (a rule deleted, a restart), "" otherwise. */
export interface AlarmStep {
  alarm: number;
  t: number;
  action: string;
  actor: string;
  state: string;
  reason: string;
}

export interface DemoState {
  enabled: boolean;
}

/** Raw samples, or 1-minute or 1-hour rollups when one chart point covers that much time. */
export type SeriesResolution = 'raw' | '1m' | '1h';

export interface SeriesData {
  resolution: SeriesResolution;
  /** Stored samples in the range (with rollups: the sum of their counts). */
  total: number;
  /** [t, value]; with rollups, the mean of each bucket. */
  samples: Array<[number, number]>;
  /** With rollups only: each bucket's lowest and highest value, beside `samples`, for a band. */
  min?: number[];
  max?: number[];
}

export interface SeriesReply extends SeriesData {
  point: string;
  unit: string;
  from: number;
  to: number;
}

export type AlarmActionOutcome = { id: number; ok: true; alarm: AlarmView } | { id: number; ok: false; error: string };
