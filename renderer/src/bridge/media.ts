import type { Bridge, SessionInfo } from '../../../shared/bridge.js';

/** A URL an <img> can show: the core's proxied stream or snapshot, with a single-use ticket. */
export async function videoUrl(bridge: Bridge, cameraId: number, kind: 'stream' | 'snapshot'): Promise<string> {
  const { ticket } = await bridge.call('cameras.ticket', { params: { id: cameraId } });
  return `${bridge.mediaBase}/api/v1/cameras/${cameraId}/${kind}?ticket=${encodeURIComponent(ticket)}`;
}

/** A URL an <img> can show for a camera asset's snapshot or MJPEG stream (ONVIF), with a single-use ticket. */
export async function assetSnapshotUrl(bridge: Bridge, assetId: string, kind: 'snapshot' | 'stream' = 'snapshot'): Promise<string> {
  const { ticket } = await bridge.call('assets.snapshotTicket', { params: { id: assetId } });
  return `${bridge.mediaBase}/api/v1/assets/${encodeURIComponent(assetId)}/${kind}?ticket=${encodeURIComponent(ticket)}`;
}

/** The session this console has, or null when it must log in. */
export function currentSession(bridge: Bridge): Promise<SessionInfo | null> {
  return bridge.call('sessions.current').catch(() => null);
}
