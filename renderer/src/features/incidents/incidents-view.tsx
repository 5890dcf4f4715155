import { useEffect, useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import type { IncidentSummary, IncidentView } from '../../../../shared/incidents/model.js';
import { useConsole } from '../../store/console-store.js';
import { formatTime } from '../../format.js';
import { IncidentDetail } from './incident-detail.js';
import { pickIncident, pickedIncident } from './incident-links.js';
import { t } from '../../i18n/strings.js';

type Filter = 'open' | 'closed' | 'all';

/** Incidents: the list (open ones first), and the one chosen with its timeline. Refetched whenever the stream says one changed. */
export function IncidentsView({ bridge }: { bridge: Bridge }) {
  const revision = useConsole((s) => s.incidentsRevision);
  const [filter, setFilter] = useState<Filter>('open');
  const [list, setList] = useState<IncidentSummary[]>([]);
  const [chosen, setChosen] = useState<number | null>(() => pickedIncident());
  const [incident, setIncident] = useState<IncidentView | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    bridge.call('incidents.list', { query: { state: filter } }).then((l) => { if (live) setList(l); }, (err: unknown) => setError(String(err)));
    return () => { live = false; };
  }, [bridge, filter, revision]);

  useEffect(() => {
    if (chosen === null) { setIncident(null); return; }
    let live = true;
    bridge.call('incidents.get', { params: { id: chosen } }).then((i) => { if (live) setIncident(i); }, (err: unknown) => { if (live) setError(err instanceof Error ? err.message : String(err)); });
    return () => { live = false; };
  }, [bridge, chosen, revision]);

  const choose = (id: number): void => { pickIncident(id); setChosen(id); };
  return (
    <main className="incidents-view">
      <section className="panel incident-list" aria-label={t('incidents.incidents')}>
        <h2>{t('incidents.incidents')}</h2>
        <div className="form-row" role="radiogroup" aria-label={t('incidents.show')}>
          {(['open', 'closed', 'all'] as const).map((f) => (
            <button key={f} role="radio" aria-checked={filter === f} data-testid={`incidents-filter-${f}`} onClick={() => setFilter(f)}>{f[0]!.toUpperCase() + f.slice(1)}</button>
          ))}
        </div>
        {error && <div className="error" role="alert">{error}</div>}
        {list.length === 0 ? <div className="empty">{t('incidents.none', { filter: filter === 'all' ? '' : `${filter} ` })}</div> : (
          <ul data-testid="incident-list">
            {list.map((i) => (
              <li key={i.id}>
                <button className={`link${chosen === i.id ? ' active' : ''}`} data-testid={`incident-row-${i.id}`} onClick={() => choose(i.id)}>
                  <strong>#{i.id} {i.title}</strong>
                </button>
                <div className="muted">{i.state} · {i.owner} · {formatTime(i.updatedAt)} · {t('incidents.entries', { n: i.entryCount })}{i.snapshots ? t('incidents.snapshotS', { snapshots: i.snapshots }) : ''}</div>
              </li>
            ))}
          </ul>
        )}
      </section>
      {incident ? <IncidentDetail bridge={bridge} incident={incident} onChanged={setIncident} />
        : <section className="panel incident-detail"><div className="empty">{t('incidents.chooseAnIncident')}</div></section>}
    </main>
  );
}
