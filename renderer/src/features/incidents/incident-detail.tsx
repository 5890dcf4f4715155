import { useEffect, useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import type { IncidentEntry, IncidentView } from '../../../../shared/incidents/model.js';
import { useConsole } from '../../store/console-store.js';
import { formatTime } from '../../format.js';
import { downloadReport, incidentUrl } from './incident-links.js';
import { t } from '../../i18n/strings.js';

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function Snapshot({ bridge, incident, entry }: { bridge: Bridge; incident: number; entry: IncidentEntry }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    void incidentUrl(bridge, incident, `snapshots/${entry.id}`).then((u) => { if (live) setSrc(u); }).catch(() => undefined);
    return () => { live = false; };
  }, [bridge, incident, entry.id]);
  return src ? <img className="incident-snapshot" data-testid={`incident-snapshot-${entry.id}`} src={src} alt={entry.text} /> : null;
}

/** What an operator adds: a note, a snapshot now, a standing alarm, another owner. */
function Additions({ bridge, incident, run }: { bridge: Bridge; incident: IncidentView; run: (p: Promise<unknown>) => void }) {
  const cameras = useConsole((s) => s.cameras);
  const assets = useConsole((s) => s.assets);
  const alarms = useConsole((s) => s.alarms);
  const events = useConsole((s) => s.events);
  const [note, setNote] = useState('');
  const [event, setEvent] = useState('');
  const [camera, setCamera] = useState('');
  const [alarm, setAlarm] = useState('');
  const [owner, setOwner] = useState('');
  const cameraAssets = Object.values(assets).filter((a) => a.type === 'camera' && a.attributes.snapshot === true);
  const others = Object.values(alarms).filter((a) => !incident.alarmIds.includes(a.id));
  // The latest events, newest first, as the live list shows them.
  const recent = events.filter((e) => !incident.eventIds.includes(e.id)).slice(0, 50);
  const params = { id: incident.id };
  return (
    <div className="incident-additions">
      <form className="inline-form" onSubmit={(e) => { e.preventDefault(); run(bridge.call('incidents.note', { params, body: { text: note } }).then(() => setNote(''))); }}>
        <input aria-label={t('incidents.note')} placeholder={t('incidents.noteForTheTimeline')} data-testid="incident-note" value={note} maxLength={4000} onChange={(e) => setNote(e.target.value)} />
        <button type="submit" data-testid="incident-add-note" disabled={!note.trim()}>{t('incidents.addNote')}</button>
      </form>
      <form className="inline-form" onSubmit={(e) => {
        e.preventDefault();
        const [kind, id] = camera.split(':', 2) as [string, string];
        run(bridge.call('incidents.snapshot', { params, body: kind === 'camera' ? { cameraId: Number(id) } : { assetId: camera.slice('asset:'.length) } }));
      }}>
        <select aria-label={t('incidents.camera')} data-testid="incident-camera" value={camera} onChange={(e) => setCamera(e.target.value)}>
          <option value="">{t('incidents.camera2')}</option>
          {cameras.map((c) => <option key={c.id} value={`camera:${c.id}`}>{c.name}</option>)}
          {cameraAssets.map((a) => <option key={a.id} value={`asset:${a.id}`}>{a.name}</option>)}
        </select>
        <button type="submit" data-testid="incident-take-snapshot" disabled={!camera}>{t('incidents.takeSnapshot')}</button>
      </form>
      <form className="inline-form" onSubmit={(e) => { e.preventDefault(); run(bridge.call('incidents.alarms', { params, body: { alarmIds: [Number(alarm)] } }).then(() => setAlarm(''))); }}>
        <select aria-label={t('incidents.alarm')} data-testid="incident-alarm" value={alarm} onChange={(e) => setAlarm(e.target.value)}>
          <option value="">{t('incidents.standingAlarm')}</option>
          {others.map((a) => <option key={a.id} value={a.id}>{a.name} · {a.source.name}</option>)}
        </select>
        <button type="submit" data-testid="incident-attach-alarm" disabled={!alarm}>{t('incidents.attach')}</button>
      </form>
      <form className="inline-form" onSubmit={(e) => { e.preventDefault(); run(bridge.call('incidents.events', { params, body: { eventIds: [Number(event)] } }).then(() => setEvent(''))); }}>
        <select aria-label={t('incidents.event')} data-testid="incident-event" value={event} onChange={(e) => setEvent(e.target.value)}>
          <option value="">{t('incidents.recentEvent')}</option>
          {recent.map((e) => <option key={e.id} value={e.id}>{formatTime(e.t)} · {e.name} · {e.source}</option>)}
        </select>
        <button type="submit" data-testid="incident-attach-event" disabled={!event}>{t('incidents.attach')}</button>
      </form>
      <form className="inline-form" onSubmit={(e) => { e.preventDefault(); run(bridge.call('incidents.owner', { params, body: { owner } }).then(() => setOwner(''))); }}>
        <input aria-label={t('incidents.newOwner')} placeholder={t('incidents.handOverToOperator')} data-testid="incident-owner" value={owner} maxLength={64} onChange={(e) => setOwner(e.target.value)} />
        <button type="submit" data-testid="incident-set-owner" disabled={!owner.trim()}>{t('incidents.handOver')}</button>
      </form>
    </div>
  );
}

/** One incident: who owns it, what it holds, its timeline, and the report. */
export function IncidentDetail({ bridge, incident, onChanged }: { bridge: Bridge; incident: IncidentView; onChanged: (i: IncidentView) => void }) {
  const session = useConsole((s) => s.session);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const supervisor = session?.role === 'supervisor' || session?.role === 'admin';
  const run = (p: Promise<unknown>): void => {
    setBusy(true);
    setError(null);
    p.then((r) => { if (r && typeof r === 'object' && 'entries' in r) onChanged(r as IncidentView); }, (err: unknown) => setError(message(err))).finally(() => setBusy(false));
  };
  const params = { id: incident.id };
  return (
    <section className="panel incident-detail" aria-label={t('incidents.incident', { id: incident.id })} data-testid={`incident-${incident.id}`}>
      <h2>{t('incidents.heading', { id: incident.id, title: incident.title })}</h2>
      <div className="muted" data-testid="incident-summary">
        <span className={`chip ${incident.state === 'open' ? 'warn' : ''}`} data-testid="incident-state">{incident.state.toUpperCase()}</span>
        {' '}{t('incidents.owner')} <strong data-testid="incident-owner-name">{incident.owner}</strong> {t('incidents.opened', { who: incident.openedBy, when: formatTime(incident.openedAt) })}
        {incident.closedAt !== null && t('incidents.closedByAt', { who: incident.closedBy ?? '?', when: formatTime(incident.closedAt) })}
        {' '}{t('incidents.counts', { alarms: incident.alarmIds.length, events: incident.eventIds.length })}
      </div>
      <div className="form-row">
        <button data-testid="incident-export" onClick={() => run(downloadReport(bridge, incident.id))}>{t('incidents.exportReportPdf')}</button>
        {incident.state === 'open'
          ? <button data-testid="incident-close" disabled={busy} onClick={() => run(bridge.call('incidents.close', { params, body: {} }))}>{t('incidents.closeIncident')}</button>
          : supervisor && <button data-testid="incident-reopen" disabled={busy} onClick={() => run(bridge.call('incidents.reopen', { params }))}>{t('incidents.reopen')}</button>}
        {busy && <span className="muted">{t('incidents.working')}</span>}
      </div>
      {error && <div className="error" role="alert" data-testid="incident-error">{error}</div>}
      {incident.state === 'open' && <Additions bridge={bridge} incident={incident} run={run} />}
      <h3>{t('incidents.timeline')}</h3>
      <ol className="incident-timeline" data-testid="incident-timeline">
        {incident.entries.map((e) => (
          <li key={e.id} data-testid={`incident-entry-${e.id}`} className={`entry-${e.kind}`}>
            <span className="muted">{formatTime(e.t)}</span> <strong>{e.actor}</strong> <span className="chip">{e.kind}</span> {e.text}
            {e.kind === 'snapshot' && <Snapshot bridge={bridge} incident={incident.id} entry={e} />}
          </li>
        ))}
      </ol>
    </section>
  );
}
