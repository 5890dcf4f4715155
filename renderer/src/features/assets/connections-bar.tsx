import { useEffect, useMemo, useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import type { ConnectionView } from '../../../../shared/site/views.js';
import { useConsole } from '../../store/console-store.js';
import { t } from '../../i18n/strings.js';

/**
 * The connections after the first (ONVIF cameras, another site), each with its state: one that
 * does not answer is named here, while its assets show No Communication. Read again whenever an
 * asset's communication changes.
 */
export function ConnectionsBar({ bridge }: { bridge: Bridge }) {
  const assets = useConsole((s) => s.assets);
  const links = useMemo(() => {
    const seen = new Map<string, boolean>();
    for (const a of Object.values(assets)) if (a.connection !== 'site') seen.set(a.connection, a.communication);
    return [...seen].map(([id, ok]) => `${id}:${ok ? 1 : 0}`).join(',');
  }, [assets]);
  const [connections, setConnections] = useState<ConnectionView[]>([]);
  useEffect(() => {
    let cancelled = false;
    void bridge.call('connections.list').then((list) => { if (!cancelled) setConnections(list.filter((c) => !c.primary)); }).catch(() => undefined);
    return () => { cancelled = true; };
  }, [bridge, links]);
  if (connections.length === 0) return null;
  return (
    <ul className="connections-bar" data-testid="connections" aria-label={t('assets.otherConnections')}>
      {connections.map((c) => (
        <li key={c.id} data-testid={`connection-${c.id}`} className={c.communication ? 'ok' : 'bad'} title={c.error ?? undefined}>
          {c.name} <span className="muted">({c.driver})</span>: <strong>{c.communication ? c.state : c.state === 'connected' ? t('assets.noCommunication') : c.state}</strong>
        </li>
      ))}
    </ul>
  );
}
