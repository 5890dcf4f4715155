import { useEffect, useMemo, useRef, useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import type { AlarmView } from '../../../../shared/alarms/definitions.js';
import { useConsole } from '../../store/console-store.js';
import { formatTime } from '../../format.js';
import { annunciate } from './annunciator.js';
import { priorityBand } from './priority.js';
import { alarmMarker } from '../map/markers.js';
import { ShelveForm } from './shelve-form.js';
import { AlarmSelection } from './alarm-selection.js';
import { alarmAction } from '../../bridge/alarm-actions.js';
import type { AlarmAction } from '../../../../shared/api/routes-alarms.js';

const STATE_LABEL: Record<AlarmView['state'], string> = {
  normal: 'NORMAL', unack: 'ACTIVE · UNACK', ack: 'ACTIVE · ACK', 'rtn-unack': 'CLEARED · UNACK', latched: 'LATCHED',
};


function duration(since: number | null, now: number): string {
  if (since === null) return '—';
  const s = Math.max(0, Math.floor((now - since) / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}h ${m}m` : m ? `${m}m ${s % 60}s` : `${s}s`;
}

function ForwardForm({ onForward, onCancel }: { onForward: (to: string, message: string) => void; onCancel: () => void }) {
  const [to, setTo] = useState('');
  const [message, setMessage] = useState('');
  return (
    <form className="inline-form" onSubmit={(e) => { e.preventDefault(); if (to.trim()) onForward(to.trim(), message); }}>
      <input placeholder="Operator" aria-label="Forward to operator" value={to} onChange={(e) => setTo(e.target.value)} autoFocus />
      <input placeholder="Message" aria-label="Message" value={message} onChange={(e) => setMessage(e.target.value)} />
      <button type="submit" disabled={!to.trim()}>Forward</button>
      <button type="button" onClick={onCancel}>Cancel</button>
    </form>
  );
}

export function AlarmPanel({ bridge }: { bridge: Bridge }) {
  const alarms = useConsole((s) => s.alarms);
  const notifications = useConsole((s) => s.notifications);
  const muted = useConsole((s) => s.muted);
  const [shelving, setShelving] = useState<number | null>(null);
  const [forwarding, setForwarding] = useState<number | null>(null);
  const session = useConsole((s) => s.session);
  const showTrace = useConsole((s) => s.showTrace);
  const focusOn = useConsole((s) => s.focusOn);
  const supervisor = session?.role === 'supervisor' || session?.role === 'admin';
  const [error, setError] = useState<string | null>(null);
  const [selected, setSelected] = useState<number[]>([]);
  const [now, setNow] = useState(Date.now());
  const played = useRef(notifications.length);

  const rows = useMemo(() => Object.values(alarms).sort((a, b) => a.priority - b.priority || Number(b.annunciated) - Number(a.annunciated) || b.lastChangeAt - a.lastChangeAt), [alarms]);

  // Alarms that went back to normal leave the selection with the list.
  const chosen = useMemo(() => selected.filter((id) => alarms[id]), [selected, alarms]);

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);

  useEffect(() => {
    for (const n of notifications.slice(played.current)) annunciate(n, muted);
    played.current = notifications.length;
  }, [notifications, muted]);

  const act = (id: number, action: AlarmAction, body?: Record<string, unknown>): void => {
    setError(null);
    alarmAction(bridge, id, action, body).catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };

  // One key: A acknowledges the most urgent unacknowledged alarm.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const typing = e.target instanceof Element && e.target.closest('input, textarea, select') !== null;
      if (e.key.toLowerCase() !== 'a' || e.ctrlKey || e.metaKey || e.altKey || typing) return;
      const next = rows.find((r) => r.state === 'unack' || r.state === 'rtn-unack');
      if (next) act(next.id, 'acknowledge');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  return (
    <section className="panel" aria-label="Alarms">
      <h2>Alarms {rows.length > 0 && <span className="muted">({rows.filter((r) => r.annunciated).length} annunciated · press A to acknowledge the next)</span>}</h2>
      {error && <div className="error" role="alert" data-testid="alarm-error">{error}</div>}
      {chosen.length > 0 && <AlarmSelection bridge={bridge} selected={chosen} alarms={alarms} onDone={() => setSelected([])} onError={setError} />}
      {rows.length === 0 ? <div className="empty">No standing alarms.</div> : (
        <table data-testid="alarm-table" role="grid">
          <thead><tr><th><input type="checkbox" aria-label="Select all alarms" data-testid="alarm-select-all" checked={chosen.length === rows.length} onChange={(e) => setSelected(e.target.checked ? rows.map((r) => r.id) : [])} /></th><th>P</th><th>State</th><th>Alarm</th><th>Source</th><th>Value</th><th>Since</th><th>Duration</th><th>Notes</th><th>Actions</th></tr></thead>
          <tbody>
            {rows.map((a) => {
              const unack = a.state === 'unack' || a.state === 'rtn-unack';
              return (
                <tr key={a.id} data-testid={`alarm-row-${a.id}`} className={`alarm prio-${priorityBand(a.priority)}${unack && a.annunciated ? ' blink' : ''}${a.annunciated ? '' : ' quiet'}`}>
                  <td><input type="checkbox" aria-label={`Select ${a.name} on ${a.source.name}`} data-testid={`alarm-select-${a.id}`} checked={chosen.includes(a.id)} onChange={(e) => setSelected(e.target.checked ? [...chosen, a.id] : chosen.filter((id) => id !== a.id))} /></td>
                  <td><span className={`prio prio-${priorityBand(a.priority)}`}>{a.priority}</span></td>
                  <td data-testid={`alarm-state-${a.id}`}>{STATE_LABEL[a.state]}</td>
                  <td title={a.procedure || undefined}><strong>{a.name}</strong>{a.chattering && <span className="chip warn"> CHATTERING</span>}</td>
                  <td>{a.source.name}</td>
                  <td>{a.value ?? '—'}</td>
                  <td>{formatTime(a.activatedAt)}</td>
                  <td>{duration(a.activatedAt, now)}</td>
                  <td className="muted" data-testid={`alarm-notes-${a.id}`}>
                    {a.shelved && `Shelved by ${a.shelved.by}: ${a.shelved.reason}${a.shelved.until ? ` until ${formatTime(a.shelved.until)}` : ' (until it clears)'}`}
                    {a.suppressed && `Suppressed: ${a.suppressed}`}
                    {a.outOfService && `Out of service: ${a.outOfService.reason}`}
                    {a.investigatingBy && ` · ${a.investigatingBy} is on it`}
                    {a.forwardedTo && ` · forwarded to ${a.forwardedTo}`}
                  </td>
                  <td className="actions">
                    {shelving === a.id ? (
                      <ShelveForm onCancel={() => setShelving(null)} onShelve={(reason, durationS) => { setShelving(null); act(a.id, 'shelve', { reason, durationS }); }} />
                    ) : forwarding === a.id ? (
                      <ForwardForm onCancel={() => setForwarding(null)} onForward={(to, message) => { setForwarding(null); act(a.id, 'forward', { to, message }); }} />
                    ) : (
                      <>
                        {unack && <button data-testid={`ack-${a.id}`} onClick={() => act(a.id, 'acknowledge')}>Acknowledge</button>}
                        {a.shelved ? <button data-testid={`unshelve-${a.id}`} onClick={() => act(a.id, 'unshelve')}>Unshelve</button>
                          : <button data-testid={`shelve-${a.id}`} onClick={() => setShelving(a.id)}>Shelve…</button>}
                        {a.state === 'latched' && <button data-testid={`reset-${a.id}`} onClick={() => act(a.id, 'reset')}>Reset</button>}
                        {!a.investigatingBy && <button onClick={() => act(a.id, 'investigate')}>Investigate</button>}
                        <button onClick={() => setForwarding(a.id)}>Forward…</button>
                        {supervisor && unack && (a.investigatingBy ?? a.forwardedTo ?? session?.username) !== session?.username && <button data-testid={`force-ack-${a.id}`} onClick={() => act(a.id, 'force-acknowledge')}>Force-acknowledge</button>}
                        {alarmMarker(a) && <button data-testid={`map-${a.id}`} onClick={() => { focusOn(alarmMarker(a)!); document.querySelector('[data-testid="floor-map"]')?.scrollIntoView({ block: 'nearest' }); }}>Map</button>}
                        {a.source.deviceId !== null && <button data-testid={`trace-${a.id}`} onClick={() => { showTrace({ deviceId: a.source.deviceId!, ruleId: a.ruleId, at: a.activatedAt ?? a.lastChangeAt }); document.querySelector('[data-testid="chart"]')?.scrollIntoView({ block: 'center' }); }}>Trace</button>}
                      </>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
