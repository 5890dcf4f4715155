import { z } from 'zod';
import { LoginSchema, MapLayoutSchema, type Bridge } from './bridge.js';

/**
 * The Bridge's request methods, one IPC channel each (`watchdesk:<method>`). `subscribe` is the
 * stream channel. The preload repeats this list (a sandboxed preload cannot import), and a test
 * holds the two, and the browser bridge, to the same surface.
 */
export const BRIDGE_METHODS = [
  'login', 'logout', 'currentSession', 'listDevices', 'ingestStats', 'listEvents', 'getDemo', 'setDemo',
  'listCameras', 'videoUrl', 'alarmAction', 'alarmActions', 'commandTables', 'assetCommand', 'assetCommands', 'series', 'alarmPeriods', 'listRules', 'mapLayout', 'saveMapLayout',
  'listTcpServers', 'haloStrings', 'listDeviceTypes', 'importDeviceType', 'createDevice',
  'listAlarms', 'listAudit', 'kpis', 'siteConnection', 'saveSiteConnection', 'siteLog',
  'saveRule', 'deleteRule', 'listAlarmDefinitions', 'saveAlarmDefinition',
] as const satisfies ReadonlyArray<Exclude<keyof Bridge, 'subscribe'>>;
export type BridgeMethod = (typeof BRIDGE_METHODS)[number];

const id = z.number().int().positive();
const params = z.record(z.string(), z.unknown());

/** Every payload is checked in the main process before it reaches the core. */
export const BRIDGE_ARGS: Record<BridgeMethod, z.ZodType<unknown[]>> = {
  login: z.tuple([LoginSchema]),
  logout: z.tuple([]),
  currentSession: z.tuple([]),
  listDevices: z.tuple([]),
  ingestStats: z.tuple([]),
  listEvents: z.tuple([z.object({ from: z.number().optional(), to: z.number().optional(), deviceId: id.optional(), origin: z.string().max(16).optional(), limit: z.number().int().min(1).max(10_000).optional() }).strict()]),
  getDemo: z.tuple([]),
  setDemo: z.tuple([z.object({ enabled: z.boolean() }).strict()]),
  listCameras: z.tuple([]),
  videoUrl: z.tuple([id, z.enum(['stream', 'snapshot'])]),
  alarmAction: z.union([z.tuple([id, z.string().regex(/^[a-z-]{1,32}$/)]), z.tuple([id, z.string().regex(/^[a-z-]{1,32}$/), params])]),
  alarmActions: z.union([z.tuple([z.array(id).min(1).max(1000), z.string().regex(/^[a-z-]{1,32}$/)]), z.tuple([z.array(id).min(1).max(1000), z.string().regex(/^[a-z-]{1,32}$/), params])]),
  commandTables: z.tuple([]),
  series: z.tuple([id, z.string().min(1).max(64), z.number(), z.number(), z.number().int().min(2).max(10_000)]),
  alarmPeriods: z.tuple([id, z.number(), z.number()]),
  listRules: z.tuple([]),
  listTcpServers: z.tuple([]),
  haloStrings: z.tuple([id, z.string().min(1).max(48)]),
  listDeviceTypes: z.tuple([]),
  // The core validates the device type itself, naming each bad field.
  importDeviceType: z.tuple([z.record(z.string(), z.unknown())]),
  createDevice: z.tuple([z.object({ name: z.string().min(1).max(128), deviceId: z.string().min(1).max(128), typeId: z.string().min(1).max(48), serverId: id }).strict()]),
  listAlarms: z.tuple([z.object({ state: z.string().max(16).optional(), from: z.number().optional(), to: z.number().optional() }).strict()]),
  listAudit: z.tuple([z.object({ from: z.number().optional(), to: z.number().optional(), actor: z.string().max(64).optional(), action: z.string().max(64).optional(), limit: z.number().int().min(1).max(100_000).optional() }).strict()]),
  kpis: z.tuple([z.number(), z.number()]),
  siteConnection: z.tuple([]),
  saveSiteConnection: z.tuple([z.record(z.string(), z.unknown())]),
  siteLog: z.tuple([]),
  // Rules and definitions are validated by the core, which names each bad field.
  saveRule: z.tuple([z.record(z.string(), z.unknown()), z.enum(['create', 'replace'])]),
  deleteRule: z.tuple([z.string().min(1).max(64)]),
  listAlarmDefinitions: z.tuple([]),
  saveAlarmDefinition: z.tuple([z.record(z.string(), z.unknown()), z.enum(['create', 'replace'])]),
  mapLayout: z.tuple([]),
  saveMapLayout: z.tuple([MapLayoutSchema]),
  assetCommands: z.tuple([z.array(z.string().min(1).max(128)).min(1).max(1000), z.string().min(1).max(64), params, z.boolean()]),
  assetCommand: z.union([
    z.tuple([z.string().min(1).max(128), z.string().min(1).max(64)]),
    z.tuple([z.string().min(1).max(128), z.string().min(1).max(64), params]),
    z.tuple([z.string().min(1).max(128), z.string().min(1).max(64), params, z.boolean()]),
  ]),
};

/** The stream travels over its own MessagePort, handed to the window once. */
export const STREAM_PORT = 'watchdesk:stream-port';
export const STREAM_START = 'watchdesk:stream-start';
export const STREAM_STOP = 'watchdesk:stream-stop';
export const FOCUS_ALARM = 'watchdesk:focus-alarm';
export const channelOf = (method: BridgeMethod): string => `watchdesk:${method}`;

/** What travels back over IPC: errors as data, since thrown errors lose their fields crossing the bridge. */
export type BridgeReply = { ok: true; value: unknown } | { ok: false; status: number; message: string; details?: string[] };
