// The desktop Bridge. esbuild bundles this file into one CommonJS preload (a sandboxed preload
// can require nothing but 'electron'), so it takes the route names from the table itself.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { CALL, FOCUS_ALARM, STREAM_PORT, STREAM_START, STREAM_STOP, type PortState, type WireReply } from '../shared/bridge-channels.js';
import { isRouteName } from '../shared/api/routes.js';
import type { Bridge, StreamMessage, StreamState } from '../shared/bridge.js';

type Port = { onmessage: ((e: { data: unknown }) => void) | null; start(): void; close(): void };

const call = (async (name: string, input?: unknown): Promise<unknown> => {
  // Names are checked here and again in the main process; the input is checked there.
  if (!isRouteName(name)) throw Object.assign(new Error(`unknown route ${String(name)}`), { status: 400, code: 'invalid', details: [] });
  const reply = (await ipcRenderer.invoke(CALL, name, input ?? {})) as WireReply;
  if (reply.ok) return reply.value;
  throw Object.assign(new Error(reply.message), { status: reply.status, code: reply.code, details: reply.details ?? [] });
}) as Bridge['call'];

const subscribe: Bridge['subscribe'] = (onMessage: (m: StreamMessage) => void, onState: (s: StreamState, reason?: string) => void) => {
  let port: Port | null = null;
  // The main process answers with a MessagePort that carries the batched stream.
  const onPort = (event: IpcRendererEvent): void => {
    port = (event.ports[0] as unknown as Port | undefined) ?? null;
    if (!port) return;
    port.onmessage = (e) => {
      const data = e.data as StreamMessage | PortState;
      if (data.type === 'stream-state') onState(data.state, data.reason);
      else onMessage(data);
    };
    port.start();
    onState('live');
  };
  ipcRenderer.once(STREAM_PORT, onPort);
  ipcRenderer.send(STREAM_START);
  onState('connecting');
  return () => {
    ipcRenderer.removeListener(STREAM_PORT, onPort);
    port?.close();
    ipcRenderer.send(STREAM_STOP);
    onState('closed');
  };
};

const bridge = {
  call,
  subscribe,
  // app://watchdesk in the app, whose protocol handler proxies video to the core.
  mediaBase: globalThis.location.origin,
  onFocusAlarm: (handler: (id: number) => void): void => {
    ipcRenderer.on(FOCUS_ALARM, (_e, id: number) => handler(id));
  },
} satisfies Bridge & { onFocusAlarm: unknown };

contextBridge.exposeInMainWorld('watchdesk', Object.freeze(bridge));
