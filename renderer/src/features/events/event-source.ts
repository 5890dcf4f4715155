import type { DeviceStatus, EventRecord } from '../../../../shared/domain.js';
import type { AssetView } from '../../../../shared/site/views.js';
import type { MarkerKey } from '../../store/console-store.js';

/**
 * The map marker an event came from. Sensor and rule events carry their device; site events
 * carry the asset id in their arguments; an HTTP generic event only names its `source`, which
 * an integrator usually sets to the device's id or name, or to an asset's name.
 */
export function eventMarker(e: EventRecord, devices: Record<number, DeviceStatus>, assets: Record<string, AssetView>): MarkerKey | null {
  if (e.deviceId !== null && devices[e.deviceId]) return `device:${e.deviceId}`;
  const assetId = e.args.assetId;
  if (assetId && assets[assetId]) return `asset:${assetId}`;
  const source = e.source.trim().toLowerCase();
  if (!source) return null;
  for (const d of Object.values(devices)) {
    if (d.deviceId.toLowerCase() === source || d.name.toLowerCase() === source) return `device:${d.id}`;
  }
  for (const a of Object.values(assets)) {
    if (a.name.toLowerCase() === source || a.id.toLowerCase() === source) return `asset:${a.id}`;
  }
  return null;
}
