import { Tooltip } from 'react-leaflet';
import type { Rollup } from '../../../../shared/maps/rollup.js';
import { priorityBand } from '../alarms/priority.js';

/** The count and worst priority of alarms standing on the maps behind a link or area. */
export function RollupBadge({ rollup, label, testId, onClick }: { rollup: Rollup | undefined; label: string; testId: string; onClick?: () => void }) {
  const band = rollup?.worst != null ? priorityBand(rollup.worst) : null;
  return (
    <Tooltip permanent direction="top" offset={[0, -6]} className="map-link-tip" interactive={Boolean(onClick)}>
      <span className={`map-link-badge${band ? ` rollup-${band}` : ''}`} data-testid={testId} onClick={onClick} role={onClick ? 'link' : undefined} style={onClick ? { cursor: 'pointer' } : undefined}>
        {label}
        {rollup && rollup.count > 0 && <b className="rollup-count" data-testid={`${testId}-alarms`} title={`${rollup.count} alarms standing, worst priority ${rollup.worst}`}> ⚠ {rollup.count}</b>}
      </span>
    </Tooltip>
  );
}
