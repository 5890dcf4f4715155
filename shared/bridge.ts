import type { CameraView, DeviceStatus, EventRecord, IngestStats } from './domain.js';
import type { AlarmView, Notification } from './alarms/definitions.js';
import type { AssetView, CommandView, SiteConnectionView } from './site/views.js';
import type { Monitor } from './site/workflows.js';
import type { RouteInput, RouteName, RouteReply, Routes } from './api/routes.js';
import type { DemoState, SessionInfo } from './api/views.js';

export { RoleSchema, type Role } from './api/define.js';
export { LoginSchema, type LoginRequest } from './api/schemas.js';
export type { AlarmActionOutcome, AuditEntryView, DemoState, SeriesReply, SessionInfo, TcpServerView as TcpServerInfo } from './api/views.js';

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
      /** Assets no longer reported: drop their tiles. */
      removedAssets?: string[];
      /** Commands that started or settled in the window. */
      commands?: CommandView[];
      /** The connection and monitors, when either changed. */
      site?: SiteConnectionView;
      monitors?: Monitor[];
      /** Maps created, edited or deleted in the window: refetch them. */
      maps?: number[];
      /** Incidents opened or changed in the window: refetch them. */
      incidents?: number[];
      /** Camera links changed in the window: refetch them. */
      cameraLinks?: true;
    };

export type StreamState = 'connecting' | 'live' | 'closed';

/** Routes that answer JSON: every one of them is reachable through the Bridge, in both shells. */
export type BridgeRoute = { [N in RouteName]: Routes[N] extends { kind: 'binary' | 'stream' | 'websocket' | 'upload' } ? never : N }[RouteName];
/** A login's token stays with the shell (the tab's storage, or Electron's main process): the renderer gets the session. */
export type BridgeReply<N extends BridgeRoute> = N extends 'sessions.create' ? SessionInfo : RouteReply<N>;
/** Input may be left out when the route needs none. */
export type BridgeArgs<N extends BridgeRoute> = object extends RouteInput<N> ? [input?: RouteInput<N>] : [input: RouteInput<N>];

/**
 * What the renderer may ask of the core: any route of the table by name, and the live stream.
 * The browser implements it over HTTP and WebSocket, the Electron preload over IPC; the
 * renderer never knows which.
 */
export interface Bridge {
  call<N extends BridgeRoute>(name: N, ...input: BridgeArgs<N>): Promise<BridgeReply<N>>;
  /** `reason` comes with a stream the core closed because its session ended. */
  subscribe(onMessage: (message: StreamMessage) => void, onState: (state: StreamState, reason?: string) => void): () => void;
  /** Where an <img> fetches video and snapshots: '' in a browser, `app://watchdesk` in the desktop app. */
  readonly mediaBase: string;
}
