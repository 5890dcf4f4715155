import { useState, type ReactNode } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import type { DrillKind } from '../../../../shared/api/routes-floods.js';
import { t } from '../../i18n/strings.js';

const DRILLS: ReadonlyArray<[DrillKind, string]> = [
  ['evacuation', 'Evacuation: every door forced open'],
  ['vape', 'Vape in Bathroom 2F'],
  ['camera-network', 'Camera network failure'],
  ['gunshot', 'Gunshot on the Gymnasium HALO'],
];

/**
 * The demo's menu (supervisors): a drill on demand, through the demo's real paths, and switching
 * the demo off. One menu keeps the top bar on one line at 1280 px.
 */
export function DrillMenu({ bridge, children }: { bridge: Bridge; children?: ReactNode }) {
  const [said, setSaid] = useState<string | null>(null);
  const run = (kind: DrillKind, menu: HTMLDetailsElement | null): void => {
    if (menu) menu.open = false;
    bridge.call('drills.run', { params: { kind }, body: {} })
      .then((o) => setSaid(`Drill started: ${o.started}`))
      .catch((err: unknown) => setSaid(err instanceof Error ? err.message : String(err)));
  };
  return (
    <span className="drill-menu">
      <details className="user-menu">
        <summary data-testid="drill-menu" title={t('alarms.drillsAndTheDemo')}>{t('alarms.drill')}</summary>
        <div className="menu panel">
          {DRILLS.map(([kind, label]) => <button key={kind} data-testid={`drill-${kind}`} onClick={(e) => run(kind, e.currentTarget.closest('details'))}>{label}</button>)}
          {children}
        </div>
      </details>
      {said && <span className="muted" role="status" data-testid="drill-status" title={said} onClick={() => setSaid(null)}>{said.length > 40 ? `${said.slice(0, 40)}…` : said}</span>}
    </span>
  );
}
