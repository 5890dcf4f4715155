import type { SiteMap } from '../../../../shared/maps/model.js';
import type { Rollup } from '../../../../shared/maps/rollup.js';
import { priorityBand } from '../alarms/priority.js';
import { pathTo, siblingsOf } from './map-geometry.js';
import { t } from '../../i18n/strings.js';

interface MapNavProps {
  maps: readonly SiteMap[];
  map: SiteMap;
  rollup: ReadonlyMap<number, Rollup>;
  /** Alarms standing on maps not in view. */
  elsewhere: Rollup;
  onOpen: (id: number) => void;
}

const band = (r: Rollup | undefined): string => (r?.worst != null ? ` rollup-${priorityBand(r.worst)}` : '');

/** Where this map sits (site › building › floor), its sibling maps (the floors), and alarms out of view. */
export function MapNav({ maps, map, rollup, elsewhere, onOpen }: MapNavProps) {
  const path = pathTo(maps, map.id);
  // Top-level maps are siblings too: the selector is how an operator reaches another site.
  const floors = siblingsOf(maps, map);
  return (
    <div className="map-nav">
      <nav aria-label={t('map.mapPath')} className="map-breadcrumb" data-testid="map-breadcrumb">
        {path.map((m, i) => (
          <span key={m.id}>
            {i > 0 && <span className="muted"> › </span>}
            {m.id === map.id ? <strong data-testid="map-current">{m.name}</strong> : <button className="link" data-testid={`map-crumb-${m.id}`} onClick={() => onOpen(m.id)}>{m.name}</button>}
          </span>
        ))}
      </nav>
      {floors.length > 1 && (
        <div className="map-floors" role="group" aria-label={t('map.floors')} data-testid="map-floors">
          {floors.map((f) => {
            const r = rollup.get(f.id);
            return (
              <button key={f.id} aria-pressed={f.id === map.id} data-testid={`map-floor-${f.id}`} className={`map-floor${band(r)}`} onClick={() => onOpen(f.id)}>
                {f.name}{r && r.count > 0 ? ` ⚠ ${r.count}` : ''}
              </button>
            );
          })}
        </div>
      )}
      {elsewhere.count > 0 && (
        <span className={`map-elsewhere${band(elsewhere)}`} data-testid="map-elsewhere" title={t('map.alarmsStandingOnMaps')}>
          ⚠ {t('map.onOtherMaps', { n: elsewhere.count })}
        </span>
      )}
    </div>
  );
}
