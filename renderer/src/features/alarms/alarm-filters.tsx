import type { AlarmFilter } from './alarm-order.js';
import { t } from '../../i18n/strings.js';

/** Priority band, area, state and "mine": what the operator narrows the list to. */
export function AlarmFilters({ filter, areas, onChange }: { filter: AlarmFilter; areas: string[]; onChange: (f: AlarmFilter) => void }) {
  return (
    <div className="chart-controls alarm-filters" role="group" aria-label={t('alarms.alarmFilters')}>
      <select aria-label={t('alarms.priority')} data-testid="alarm-filter-priority" value={filter.band} onChange={(e) => onChange({ ...filter, band: e.target.value as AlarmFilter['band'] })}>
        <option value="all">{t('alarms.anyPriority')}</option><option value="critical">{t('alarms.critical150')}</option><option value="high">{t('alarms.high51150')}</option><option value="low">{t('alarms.low151')}</option>
      </select>
      <select aria-label={t('alarms.area')} data-testid="alarm-filter-area" value={filter.area} onChange={(e) => onChange({ ...filter, area: e.target.value })}>
        <option value="">{t('alarms.everyArea')}</option>{areas.map((a) => <option key={a} value={a}>{a}</option>)}
      </select>
      <select aria-label={t('alarms.state')} data-testid="alarm-filter-state" value={filter.state} onChange={(e) => onChange({ ...filter, state: e.target.value as AlarmFilter['state'] })}>
        <option value="all">{t('alarms.anyState')}</option><option value="unack">{t('alarms.unacknowledged')}</option><option value="ack">{t('alarms.acknowledged')}</option><option value="latched">{t('alarms.latched')}</option><option value="shelved">{t('alarms.shelved')}</option>
      </select>
      <label><input type="checkbox" data-testid="alarm-filter-mine" checked={filter.mine} onChange={(e) => onChange({ ...filter, mine: e.target.checked })} /> {t('alarms.mine')}</label>
    </div>
  );
}
