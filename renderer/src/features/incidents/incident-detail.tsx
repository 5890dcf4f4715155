import { useEffect, useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import type { IncidentEntry, IncidentView } from '../../../../shared/incidents/model.js';
import { useConsole } from '../../store/console-store.js';
import { formatTime } from '../../format.js';
import { downloadReport, incidentUrl } from './incident-links.js';

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
        <input aria-label="Note" placeholder="Note for the timeline" data-testid="incident-note" value={note} maxLength={4000} onChange={(e) => setNote(e.target.value)} />
        <button type="submit" data-testid="incident-add-note" disabled={!note.trim()}>Add note</button>
      </form>
      <form className="inline-form" onSubmit={(e) => {
        e.preventDefault();
        const [kind, id] = camera.split(':', 2) as [string, string];
        run(bridge.call('incidents.snapshot', { params, body: kind === 'camera' ? { cameraId: Number(id) } : { assetId: camera.slice('asset:'.length) } }));
      }}>
        <select aria-label="Camera" data-testid="incident-camera" value={camera} onChange={(e) => setCamera(e.target.value)}>
          <option value="">Camera…</option>
          {cameras.map((c) => <option key={c.id} value={`camera:${c.id}`}>{c.name}</option>)}
          {cameraAssets.map((a) => <option key={a.id} value={`asset:${a.id}`}>{a.name}</option>)}
        </select>
        <button type="submit" data-testid="incident-take-snapshot" disabled={!camera}>Take snapshot</button>
      </form>
      <form className="inline-form" onSubmit={(e) => { e.preventDefault(); run(bridge.call('incidents.alarms', { params, body: { alarmIds: [Number(alarm)] } }).then(() => setAlarm(''))); }}>
        <select aria-label="Alarm" data-testid="incident-alarm" value={alarm} onChange={(e) => setAlarm(e.target.value)}>
          <option value="">Standing alarm…</option>
          {others.map((a) => <option key={a.id} value={a.id}>{a.name} · {a.source.name}</option>)}
        </select>
        <button type="submit" data-testid="incident-attach-alarm" disabled={!alarm}>Attach</button>
      </form>
      <form className="inline-form" onSubmit={(e) => { e.preventDefault(); run(bridge.call('incidents.events', { params, body: { eventIds: [Number(event)] } }).then(() => setEvent(''))); }}>
        <select aria-label="Event" data-testid="incident-event" value={event} onChange={(e) => setEvent(e.target.value)}>
          <option value="">Recent event…</option>
          {recent.map((e) => <option key={e.id} value={e.id}>{formatTime(e.t)} · {e.name} · {e.source}</option>)}
        </select>
        <button type="submit" data-testid="incident-attach-event" disabled={!event}>Attach</button>
      </form>
      <form className="inline-form" onSubmit={(e) => { e.preventDefault(); run(bridge.call('incidents.owner', { params, body: { owner } }).then(() => setOwner(''))); }}>
        <input aria-label="New owner" placeholder="Hand over to (operator)" data-testid="incident-owner" value={owner} maxLength={64} onChange={(e) => setOwner(e.target.value)} />
        <button type="submit" data-testid="incident-set-owner" disabled={!owner.trim()}>Hand over</button>
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
    <section className="panel incident-detail" aria-label={`Incident ${incident.id}`} data-testid={`incident-${incident.id}`}>
      <h2>Incident {incident.id}: {incident.title}</h2>
      <div className="muted" data-testid="incident-summary">
        <span className={`chip ${incident.state === 'open' ? 'warn' : ''}`} data-testid="incident-state">{incident.state.toUpperCase()}</span>
        {' '}Owner <strong data-testid="incident-owner-name">{incident.owner}</strong> · opened by {incident.openedBy} at {formatTime(incident.openedAt)}
        {incident.closedAt !== null && ` · closed by ${incident.closedBy ?? '?'} at ${formatTime(incident.closedAt)}`}
        {' '}· {incident.alarmIds.length} alarm(s) · {incident.eventIds.length} event(s)
      </div>
      <div className="form-row">
        <button data-testid="incident-export" onClick={() => run(downloadReport(bridge, incident.id))}>Export report (PDF)</button>
        {incident.state === 'open'
          ? <button data-testid="incident-close" disabled={busy} onClick={() => run(bridge.call('incidents.close', { params, body: {} }))}>Close incident</button>
          : supervisor && <button data-testid="incident-reopen" disabled={busy} onClick={() => run(bridge.call('incidents.reopen', { params }))}>Reopen</button>}
        {busy && <span className="muted">Working…</span>}
      </div>
      {error && <div className="error" role="alert" data-testid="incident-error">{error}</div>}
      {incident.state === 'open' && <Additions bridge={bridge} incident={incident} run={run} />}
      <h3>Timeline</h3>
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
