import type { DeviceStatus } from '../../../shared/domain.js';
import type { AssetView } from '../../../shared/site/views.js';
import { areaSource, assetSource, deviceSource } from '../../../shared/video/camera-links.js';

/** "Floor 2, east wing" → the site area that holds it ("Floor 2 – East"), when one does. */
function areaOf(location: string, areas: string[]): string | undefined {
  const floor = /floor\s*(\d+)/i.exec(location)?.[1];
  const side = /east/i.test(location) ? 'east' : /west/i.test(location) ? 'west' : '';
  const onFloor = areas.filter((a) => floor !== undefined && a.toLowerCase().startsWith(`floor ${floor}`));
  return onFloor.find((a) => side && a.toLowerCase().includes(side)) ?? onFloor[0];
}

/**
 * The demo's camera links, as an integrator would set them up: each door to a PTZ camera of
 * its area, each area to its cameras, each HALO to a camera of its floor.
 */
export function demoCameraLinks(devices: DeviceStatus[], assets: AssetView[]): Array<{ source: string; cameras: string[] }> {
  const cameras = assets.filter((a) => a.type === 'camera' && a.connection === 'site');
  if (!cameras.length) return [];
  const byArea = new Map<string, AssetView[]>();
  for (const c of cameras) byArea.set(c.area, [...(byArea.get(c.area) ?? []), c]);
  const links: Array<{ source: string; cameras: string[] }> = [];
  for (const [area, list] of byArea) links.push({ source: areaSource(area), cameras: list.slice(0, 2).map((c) => assetSource(c.id)) });
  let n = 0;
  for (const door of assets.filter((a) => a.type === 'door' && a.connection === 'site')) {
    const list = byArea.get(door.area);
    if (list?.length) links.push({ source: assetSource(door.id), cameras: [assetSource(list[n++ % list.length]!.id)] });
  }
  const areas = [...byArea.keys()];
  for (const d of devices.filter((x) => x.demo)) {
    const area = areaOf(d.location ?? '', areas);
    const camera = area ? byArea.get(area)![0] : undefined;
    if (camera) links.push({ source: deviceSource(d.id), cameras: [assetSource(camera.id)] });
  }
  return links;
}
