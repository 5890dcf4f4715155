// A sandboxed preload must be CommonJS and cannot import other files: the channel list below
// repeats BRIDGE_METHODS (shared/bridge-channels.ts), and a test keeps them equal.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import electron = require('electron');

const { contextBridge, ipcRenderer } = electron;

const METHODS = [
  'login', 'logout', 'currentSession', 'listDevices', 'ingestStats', 'listEvents', 'getDemo', 'setDemo',
  'listCameras', 'videoUrl', 'alarmAction', 'commandTables', 'assetCommand', 'series', 'listRules',
] as const;

type Reply = { ok: true; value: unknown } | { ok: false; status: number; message: string };

const call = (method: string) => async (...args: unknown[]): Promise<unknown> => {
  const reply = (await ipcRenderer.invoke(`watchdesk:${method}`, args)) as Reply;
  if (reply.ok) return reply.value;
  throw Object.assign(new Error(reply.message), { status: reply.status });
};

const bridge: Record<string, unknown> = Object.fromEntries(METHODS.map((m) => [m, call(m)]));
bridge.subscribe = (onMessage: (m: unknown) => void, onState: (s: string) => void): (() => void) => {
  const listener = (_e: unknown, message: unknown): void => onMessage(message);
  ipcRenderer.on('watchdesk:stream', listener);
  ipcRenderer.send('watchdesk:stream-start');
  onState('live');
  return () => {
    ipcRenderer.removeListener('watchdesk:stream', listener);
    ipcRenderer.send('watchdesk:stream-stop');
  };
};
bridge.onFocusAlarm = (handler: (id: number) => void): void => {
  ipcRenderer.on('watchdesk:focus-alarm', (_e, id: number) => handler(id));
};

contextBridge.exposeInMainWorld('watchdesk', Object.freeze(bridge));
