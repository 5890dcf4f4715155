import { z } from 'zod';

/**
 * What a camera is linked to: a device (`device:12`), a site asset such as a door
 * (`asset:door-01`) or an area (`area:Floor 1 – East`). A linked camera is a video camera
 * (`camera:3`) or a camera asset of the site (`asset:camera-03`).
 */
export const LinkSourceSchema = z.string().max(200).regex(/^(device:\d{1,9}|asset:\S.{0,150}|area:\S.{0,150})$/, 'a link source is device:N, asset:ID or area:NAME');
export const CameraRefSchema = z.string().max(160).regex(/^(camera:\d{1,9}|asset:\S.{0,150})$/, 'a camera is camera:N or asset:ID');

/** A source has at most this many cameras: more would not fit a popup or an alarm's detail. */
export const MAX_LINKED_CAMERAS = 8;

export const CameraLinkSchema = z.object({
  source: LinkSourceSchema,
  cameras: z.array(CameraRefSchema).max(MAX_LINKED_CAMERAS),
}).strict();

export interface CameraLink {
  source: string;
  cameras: string[];
  updatedBy: string;
  updatedAt: number;
}

export const deviceSource = (id: number): string => `device:${id}`;
export const assetSource = (id: string): string => `asset:${id}`;
export const areaSource = (name: string): string => `area:${name}`;

/**
 * The cameras to show for something, in order: its own links, then its area's, without
 * repeats. A device's own `cameraIds` come first (they were there before links).
 */
export function camerasFor(links: ReadonlyMap<string, readonly string[]>, own: string, area: string | null, deviceCameraIds: readonly number[] = []): string[] {
  const all = [...deviceCameraIds.map((id) => `camera:${id}`), ...(links.get(own) ?? []), ...(area ? links.get(areaSource(area)) ?? [] : [])];
  return [...new Set(all)];
}
