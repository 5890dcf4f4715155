import type { StreamMessage } from '../../../shared/bridge.js';

/** Camera links are fetched, not streamed: the stream says when to fetch them again. */
export interface CameraLinkSlice {
  /** Grows when links changed, or when a (re)connect may have missed a change. */
  cameraLinksRevision: number;
  /** source (device:N, asset:ID, area:NAME) → its cameras (camera:N, asset:ID). */
  cameraLinks: Readonly<Record<string, readonly string[]>>;
}

export const initialCameraLinks: CameraLinkSlice = { cameraLinksRevision: 0, cameraLinks: {} };

export function reduceCameraLinks(s: CameraLinkSlice, m: StreamMessage): Partial<CameraLinkSlice> {
  if (m.type === 'snapshot' || m.cameraLinks) return { cameraLinksRevision: s.cameraLinksRevision + 1 };
  return {};
}
