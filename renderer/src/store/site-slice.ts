import type { StreamMessage } from '../../../shared/bridge.js';
import type { CameraView } from '../../../shared/domain.js';
import type { AssetView, CommandView, SiteConnectionView } from '../../../shared/site/views.js';
import type { Monitor } from '../../../shared/site/workflows.js';

/** The security system: assets, their commands in flight, the connection, monitors and video. */
export interface SiteSlice {
  assets: Record<string, AssetView>;
  commands: Record<number, CommandView>;
  site: SiteConnectionView | null;
  monitors: Monitor[];
  cameras: CameraView[];
}

export const initialSite: SiteSlice = { assets: {}, commands: {}, site: null, monitors: [], cameras: [] };

export function reduceSite(s: SiteSlice, m: StreamMessage): Partial<SiteSlice> {
  if (m.type === 'snapshot') return { assets: Object.fromEntries(m.assets.map((a) => [a.id, a])), site: m.site, monitors: m.monitors, cameras: m.cameras };
  const out: Partial<SiteSlice> = {};
  if (m.assets?.length || m.removedAssets?.length) {
    const assets = { ...s.assets };
    for (const a of m.assets ?? []) assets[a.id] = a;
    for (const id of m.removedAssets ?? []) delete assets[id];
    out.assets = assets;
  }
  if (m.commands?.length) {
    const commands = { ...s.commands };
    for (const c of m.commands) commands[c.id] = c;
    out.commands = commands;
  }
  if (m.site) out.site = m.site;
  if (m.monitors) out.monitors = m.monitors;
  if (m.cameras) out.cameras = m.cameras;
  return out;
}
