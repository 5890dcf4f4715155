import { createRoot } from 'react-dom/client';
import { StrictMode } from 'react';
import { App } from './app.js';
import { HttpBridge } from './bridge/http-bridge.js';
import { ipcBridge } from './bridge/ipc-bridge.js';
import { ErrorBoundary } from './error-boundary.js';

const root = document.getElementById('root');
if (!root) throw new Error('the page has no #root element');
// The same console in both shells: IPC in the desktop app, HTTP and WebSocket in a browser.
const bridge = ipcBridge() ?? new HttpBridge();
createRoot(root).render(
  <StrictMode>
    <ErrorBoundary>
      <App bridge={bridge} />
    </ErrorBoundary>
  </StrictMode>,
);
