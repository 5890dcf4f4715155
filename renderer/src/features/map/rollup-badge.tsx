import { Tooltip } from 'react-leaflet';
import type { Rollup } from '../../../../shared/maps/rollup.js';
import { priorityBand } from '../alarms/priority.js';
import type { LabelSide } from './label-place.js';
import { t } from '../../i18n/strings.js';

const OFFSET: Record<LabelSide, [number, number]> = { top: [0, -6], bottom: [0, 6], left: [-8, 0], right: [8, 0] };

/** The count and worst priority of alarms standing on the maps behind a link or area. */
export function RollupBadge({ rollup, label, testId, onClick, side = 'top' }: { rollup: Rollup | undefined; label: string; testId: string; onClick?: () => void; side?: LabelSide }) {
  const band = rollup?.worst != null ? priorityBand(rollup.worst) : null;
  return (
    <Tooltip permanent direction={side} offset={OFFSET[side]} className="map-link-tip" interactive={Boolean(onClick)}>
      <span className={`map-link-badge${band ? ` rollup-${band}` : ''}`} data-testid={testId} onClick={onClick} role={onClick ? 'link' : undefined} style={onClick ? { cursor: 'pointer' } : undefined}>
        {label}
        {rollup && rollup.count > 0 && <b className="rollup-count" data-testid={`${testId}-alarms`} title={t('map.alarmsStandingWorstPriority', { count: rollup.count, worst: String(rollup.worst) })}> ⚠ {rollup.count}</b>}
      </span>
    </Tooltip>
  );
}
