// A sandboxed preload must be CommonJS, hence the require form.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import electron = require('electron');

// Until the desktop-shell issue adds the IPC Bridge, the renderer uses the core's HTTP API
// like any browser; the preload only tells it which shell it runs in.
electron.contextBridge.exposeInMainWorld('watchdeskShell', Object.freeze({ kind: 'electron' as const }));
