import { useMemo, useState } from 'react';
import type { OperatorView } from '../../../../shared/api/views.js';
import { useConsole } from '../../store/console-store.js';
import { t } from '../../i18n/strings.js';

/** The site's areas as Assets shows them, and the HALOs' locations: what an operator can be given. */
export function useSiteAreas(): string[] {
  const assets = useConsole((s) => s.assets);
  const devices = useConsole((s) => s.devices);
  return useMemo(() => [...new Set([...Object.values(assets).map((a) => a.area), ...Object.values(devices).map((d) => d.location)].filter(Boolean))].sort((x, y) => x.localeCompare(y)), [assets, devices]);
}

export const areasText = (areas: readonly string[]): string => (areas.length ? areas.join(', ') : 'All areas');

/** An admin picks the areas an operator watches; none ticked: every area. */
export function OperatorAreasForm({ operator, siteAreas, onDone }: { operator: OperatorView; siteAreas: readonly string[]; onDone: (areas: string[] | null) => void }) {
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set(operator.areas));
  // An area given before and not reported now (the site away) stays on offer.
  const offered = [...new Set([...siteAreas, ...operator.areas])].sort((x, y) => x.localeCompare(y));
  const toggle = (area: string, on: boolean): void => setPicked((p) => { const n = new Set(p); if (on) n.add(area); else n.delete(area); return n; });
  return (
    <form className="operator-areas" data-testid={`areas-form-${operator.username}`} onSubmit={(e) => { e.preventDefault(); onDone([...picked]); }}>
      <fieldset>
        <legend>{t('accounts.areasWatched', { user: operator.username })} <span className="muted">{t('accounts.noneTickedAllAreas')}</span></legend>
        {offered.length === 0 && <span className="muted">{t('accounts.theSiteReportsNo')}</span>}
        {offered.map((area) => (
          <label key={area}><input type="checkbox" data-testid={`area-${area}`} checked={picked.has(area)} onChange={(e) => toggle(area, e.target.checked)} /> {area}</label>
        ))}
      </fieldset>
      <button type="submit" data-testid="areas-save">{t('accounts.saveAreas')}</button>
      <button type="button" onClick={() => onDone(null)}>{t('accounts.cancel')}</button>
    </form>
  );
}
