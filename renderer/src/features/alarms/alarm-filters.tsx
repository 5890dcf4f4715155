import type { AlarmFilter } from './alarm-order.js';

/** Priority band, area, state and "mine": what the operator narrows the list to. */
export function AlarmFilters({ filter, areas, onChange }: { filter: AlarmFilter; areas: string[]; onChange: (f: AlarmFilter) => void }) {
  return (
    <div className="chart-controls alarm-filters" role="group" aria-label="Alarm filters">
      <select aria-label="Priority" data-testid="alarm-filter-priority" value={filter.band} onChange={(e) => onChange({ ...filter, band: e.target.value as AlarmFilter['band'] })}>
        <option value="all">Any priority</option><option value="critical">Critical (1–50)</option><option value="high">High (51–150)</option><option value="low">Low (151+)</option>
      </select>
      <select aria-label="Area" data-testid="alarm-filter-area" value={filter.area} onChange={(e) => onChange({ ...filter, area: e.target.value })}>
        <option value="">Every area</option>{areas.map((a) => <option key={a} value={a}>{a}</option>)}
      </select>
      <select aria-label="State" data-testid="alarm-filter-state" value={filter.state} onChange={(e) => onChange({ ...filter, state: e.target.value as AlarmFilter['state'] })}>
        <option value="all">Any state</option><option value="unack">Unacknowledged</option><option value="ack">Acknowledged</option><option value="latched">Latched</option><option value="shelved">Shelved</option>
      </select>
      <label><input type="checkbox" data-testid="alarm-filter-mine" checked={filter.mine} onChange={(e) => onChange({ ...filter, mine: e.target.checked })} /> Mine</label>
    </div>
  );
}
