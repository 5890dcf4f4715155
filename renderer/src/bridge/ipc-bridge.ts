import type { Bridge } from '../../../shared/bridge.js';

/** What the desktop preload puts on `window.watchdesk`: the Bridge, over IPC. */
export type PreloadBridge = Bridge & { onFocusAlarm?: (handler: (id: number) => void) => void };

declare global {
  interface Window {
    watchdesk?: PreloadBridge;
  }
}

/** The desktop app's Bridge: the preload's as it is; the session stays in the main process. */
export function ipcBridge(): PreloadBridge | null {
  return typeof window !== 'undefined' && window.watchdesk ? window.watchdesk : null;
}
