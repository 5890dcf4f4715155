import { createRoot } from 'react-dom/client';
import { StrictMode } from 'react';
import { App } from './app.js';
import { HttpBridge } from './bridge/http-bridge.js';

const root = document.getElementById('root');
if (!root) throw new Error('the page has no #root element');
createRoot(root).render(
  <StrictMode>
    <App bridge={new HttpBridge()} />
  </StrictMode>,
);
