import type { PortState } from '../../shared/bridge-channels.js';
import type { RemoteHost } from './remote-host.js';

/** What the stream is handed to: Electron's MessagePortMain in the app, a page's port in the e2e harness. */
export interface PortLike {
  postMessage(message: unknown): void;
}

/**
 * One window's stream from a remote node, onto the port the window reads: the messages, and the
 * stream's state, so a lost node shows as the console's "closed"/"connecting" and an ended
 * session as "Signed out: …". The token is read in main at each (re)connect and never posted.
 */
export function remoteStreamToPort(remote: RemoteHost, token: () => string | null, port: PortLike): () => void {
  return remote.stream(token, (message) => port.postMessage(message), (state, reason) => {
    port.postMessage({ type: 'stream-state', state, ...(reason ? { reason } : {}) } satisfies PortState);
  });
}
