// What the desktop preload gets from 'electron', emulated in a plain page for the e2e's desktop
// shell: ipcRenderer's calls go to bindings the test process exposes (see desktop-shell.ts),
// which run the main process's real IPC host. The preload itself is the real one, bundled.
type Listener = (event: { ports: MessagePort[] }, ...args: unknown[]) => void;
interface Main {
  __ipcInvoke(channel: string, ...args: unknown[]): Promise<unknown>;
  __ipcSend(channel: string, ...args: unknown[]): Promise<void>;
  __ipcDeliver?: (channel: string, withPort: boolean, args: unknown[]) => MessagePort | null;
}
const main = window as unknown as Main & Record<string, unknown>;
const listeners = new Map<string, Set<Listener>>();

export const ipcRenderer = {
  invoke: (channel: string, ...args: unknown[]): Promise<unknown> => main.__ipcInvoke(channel, ...args),
  send: (channel: string, ...args: unknown[]): void => { void main.__ipcSend(channel, ...args); },
  on(channel: string, listener: Listener): void {
    if (!listeners.has(channel)) listeners.set(channel, new Set());
    listeners.get(channel)!.add(listener);
  },
  once(channel: string, listener: Listener): void {
    const once: Listener = (event, ...args) => { ipcRenderer.removeListener(channel, once); listener(event, ...args); };
    ipcRenderer.on(channel, once);
  },
  removeListener(channel: string, listener: Listener): void {
    listeners.get(channel)?.delete(listener);
  },
};

export const contextBridge = {
  exposeInMainWorld(key: string, api: unknown): void {
    main[key] = api;
  },
};

// Main → window: a message, with a fresh MessagePort when the main process hands one over (the stream).
main.__ipcDeliver = (channel, withPort, args) => {
  const pair = withPort ? new MessageChannel() : null;
  for (const l of [...(listeners.get(channel) ?? [])]) l({ ports: pair ? [pair.port2] : [] }, ...args);
  return pair ? pair.port1 : null;
};
