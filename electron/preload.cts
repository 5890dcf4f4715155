// A sandboxed preload must be CommonJS and cannot import other files: the channel list below
// repeats BRIDGE_METHODS (shared/bridge-channels.ts), and a test keeps them equal.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import electron = require('electron');

import type { Bridge, StreamMessage, StreamState } from '../shared/bridge.js' with { 'resolution-mode': 'import' };

const { contextBridge, ipcRenderer } = electron;

const METHODS = [
  'login', 'logout', 'currentSession', 'listDevices', 'ingestStats', 'listEvents', 'getDemo', 'setDemo',
  'listCameras', 'videoUrl', 'alarmAction', 'alarmActions', 'commandTables', 'assetCommand', 'assetCommands', 'series', 'alarmPeriods', 'listRules', 'mapLayout', 'saveMapLayout',
  'listTcpServers', 'haloStrings', 'listDeviceTypes', 'importDeviceType', 'createDevice',
  'listAlarms', 'listAudit', 'kpis', 'siteConnection', 'saveSiteConnection', 'siteLog',
  'saveRule', 'deleteRule', 'listAlarmDefinitions', 'saveAlarmDefinition',
] as const satisfies ReadonlyArray<Exclude<keyof Bridge, 'subscribe'>>;

type Reply = { ok: true; value: unknown } | { ok: false; status: number; message: string; details?: string[] };
type Port = { onmessage: ((e: { data: unknown }) => void) | null; start(): void; close(): void };

const call = (method: string) => async (...args: unknown[]): Promise<unknown> => {
  const reply = (await ipcRenderer.invoke(`watchdesk:${method}`, args)) as Reply;
  if (reply.ok) return reply.value;
  throw Object.assign(new Error(reply.message), { status: reply.status, details: reply.details ?? [] });
};

const bridge: Record<string, unknown> = Object.fromEntries(METHODS.map((m) => [m, call(m)]));
bridge.subscribe = ((onMessage: (m: StreamMessage) => void, onState: (s: StreamState) => void): (() => void) => {
  let port: Port | null = null;
  // The main process answers with a MessagePort that carries the batched stream.
  const onPort = (event: { ports: readonly Port[] }): void => {
    port = event.ports[0] ?? null;
    if (!port) return;
    port.onmessage = (e) => onMessage(e.data as StreamMessage);
    port.start();
    onState('live');
  };
  ipcRenderer.once('watchdesk:stream-port', onPort as unknown as (event: unknown) => void);
  ipcRenderer.send('watchdesk:stream-start');
  onState('connecting');
  return () => {
    ipcRenderer.removeListener('watchdesk:stream-port', onPort as unknown as (event: unknown) => void);
    port?.close();
    ipcRenderer.send('watchdesk:stream-stop');
    onState('closed');
  };
}) satisfies Bridge['subscribe'];
bridge.onFocusAlarm = (handler: (id: number) => void): void => {
  ipcRenderer.on('watchdesk:focus-alarm', (_e, id: number) => handler(id));
};

contextBridge.exposeInMainWorld('watchdesk', Object.freeze(bridge));
