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
import { ForwardForm } from './forward-form.js';
import { AlarmFilters } from './alarm-filters.js';
import { filterAlarms, isUnacknowledged, nextToAcknowledge, NO_FILTER, stableOrder, takenBy, type AlarmFilter } from './alarm-order.js';
import { useOutOfView } from './use-out-of-view.js';
import { STATE_LABEL } from './state-label.js';
import { AlarmCameras } from './alarm-camera.js';
import { ChecklistPanel } from './checklist-panel.js';
import { OpenIncidentButton } from '../incidents/open-incident.js';
import { alarmAction } from '../../bridge/alarm-actions.js';
import type { AlarmAction } from '../../../../shared/api/routes-alarms.js';
import { floodGroups, type FloodGroup } from '../../../../shared/alarms/flood-groups.js';
import { FloodGroupRow } from './flood-group-row.js';
import { FloodBanner, floodScope } from './flood-banner.js';
import { useFloodSettings, useActivationTimes, useMyAreas, usePlaces } from './use-floods.js';
import { useMaps } from '../map/use-maps.js';


function duration(since: number | null, now: number): string {
  if (since === null) return '—';
  const s = Math.max(0, Math.floor((now - since) / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}h ${m}m` : m ? `${m}m ${s % 60}s` : `${s}s`;
}

const ROW = '[data-testid^="alarm-row-"]';

type Item = { kind: 'alarm'; alarm: AlarmView } | { kind: 'group'; group: FloodGroup };

/**
 * The list as the operator reads it: a flood takes the place of its most urgent member, as one
 * row; an open group shows its members under it, cause and first out on top.
 */
function items(rows: readonly AlarmView[], groupOf: ReadonlyMap<number, FloodGroup>, open: ReadonlySet<string>): Item[] {
  const out: Item[] = [];
  const placed = new Set<string>();
  for (const a of rows) {
    const g = groupOf.get(a.id);
    if (!g) { out.push({ kind: 'alarm', alarm: a }); continue; }
    if (placed.has(g.key)) continue;
    placed.add(g.key);
    out.push({ kind: 'group', group: g });
    if (open.has(g.key)) for (const m of g.members) out.push({ kind: 'alarm', alarm: m });
  }
  return out;
}

export function AlarmPanel({ bridge }: { bridge: Bridge }) {
  const alarms = useConsole((s) => s.alarms);
  const notifications = useConsole((s) => s.notifications);
  const devices = useConsole((s) => s.devices);
  const assets = useConsole((s) => s.assets);
  const muted = useConsole((s) => s.muted);
  const [shelving, setShelving] = useState<number | null>(null);
  const [forwarding, setForwarding] = useState<number | null>(null);
  const session = useConsole((s) => s.session);
  const me = session?.username;
  const showTrace = useConsole((s) => s.showTrace);
  const focusOn = useConsole((s) => s.focusOn);
  const supervisor = session?.role === 'supervisor' || session?.role === 'admin';
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [forwardedToMe, setForwardedToMe] = useState<string[]>([]);
  const [selected, setSelected] = useState<number[]>([]);
  const [filter, setFilter] = useState<AlarmFilter>(NO_FILTER);
  const [pointing, setPointing] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
  const [comment, setComment] = useState('');
  const [now, setNow] = useState(Date.now());
  const played = useRef(notifications.length);
  // The store keeps the last 50: past that the length stays put, so the last one played marks where to go on.
  const lastPlayed = useRef(notifications.at(-1) ?? null);
  const order = useRef<number[]>([]);
  const told = useRef(new Set<number>());
  const scroller = useRef<HTMLDivElement>(null);
  // The version of each alarm when the operator ticked it: a bulk action is about that state.
  const seen = useRef(new Map<number, number | undefined>());
  const select = (ids: AlarmView[], on: boolean): void => {
    if (on) for (const a of ids) seen.current.set(a.id, a.version);
    else for (const a of ids) seen.current.delete(a.id);
    setSelected(on ? [...new Set([...chosen, ...ids.map((a) => a.id)])] : chosen.filter((id) => !ids.some((a) => a.id === id)));
  };

  const areaOf = useMemo(() => (a: AlarmView): string => {
    if (a.source.kind === 'asset') return assets[a.source.id.replace(/^asset:/, '')]?.area ?? '';
    return a.source.deviceId === null ? '' : devices[a.source.deviceId]?.location ?? '';
  }, [devices, assets]);
  const all = useMemo(() => Object.values(alarms), [alarms]);
  // Rows hold their places while the pointer is on them: a row never moves under a click.
  const ordered = useMemo(() => stableOrder(order.current, all, pointing), [all, pointing]);
  order.current = ordered.map((a) => a.id);
  const rows = useMemo(() => filterAlarms(ordered, filter, me, areaOf), [ordered, filter, me, areaOf]);
  const areas = useMemo(() => [...new Set(all.map(areaOf).filter(Boolean))].sort(), [all, areaOf]);
  const hidden = all.length - rows.length;
  const floods = useFloodSettings(bridge);
  const { maps } = useMaps(bridge);
  const placesOf = usePlaces(maps, areaOf);
  const groups = useMemo(() => floodGroups(rows, floods, placesOf), [rows, floods, placesOf]);
  const groupOf = useMemo(() => new Map(groups.flatMap((g) => g.members.map((a) => [a.id, g] as const))), [groups]);
  const [openGroups, setOpenGroups] = useState<ReadonlySet<string>>(new Set());
  const announced = useRef(new Set<string>());
  const activations = useActivationTimes(all, areaOf);
  const myAreas = useMyAreas(bridge, me);
  const out = useOutOfView(scroller, ROW, rows);

  // Alarms that went back to normal leave the selection with the list.
  const chosen = useMemo(() => selected.filter((id) => alarms[id]), [selected, alarms]);

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);

  useEffect(() => {
    const from = lastPlayed.current === null ? played.current : notifications.indexOf(lastPlayed.current) + 1;
    for (const n of notifications.slice(from)) {
      // A flood is announced once, as a flood, not once per member.
      const g = n.alarmId === undefined ? undefined : groupOf.get(n.alarmId);
      if (g && (n.kind === 'alarm' || n.kind === 'forward')) {
        if (!announced.current.has(g.key)) annunciate({ ...n, text: `Alarm flood: ${g.title}` }, muted);
        announced.current.add(g.key);
      } else annunciate(n, muted);
      // A forward is a person asking: it stays in view until the operator dismisses it.
      if (n.kind === 'forward' && n.to === me) setForwardedToMe((f) => [...f, n.text].slice(-5));
    }
    played.current = notifications.length;
    lastPlayed.current = notifications.at(-1) ?? null;
    // A group that dissolved is announced again if it forms again.
    for (const key of announced.current) if (!groups.some((g) => g.key === key)) announced.current.delete(key);
  }, [notifications, muted, me, groupOf, groups]);

  const act = (id: number, action: AlarmAction, body?: Record<string, unknown>): void => {
    setError(null);
    alarmAction(bridge, id, action, body).catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };

  // One key: A acknowledges the oldest, most urgent alarm that is this operator's to acknowledge.
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      const typing = e.target instanceof Element && e.target.closest('input, textarea, select') !== null;
      if (e.key.toLowerCase() !== 'a' || e.ctrlKey || e.metaKey || e.altKey || typing) return;
      // Only what the filters show: A never acts on an alarm the operator cannot see.
      const { next, skipped } = nextToAcknowledge(rows, me);
      // Say once which alarms A passes over, not on every press.
      const fresh = skipped.filter((a) => !told.current.has(a.id));
      if (fresh.length) {
        for (const a of fresh) told.current.add(a.id);
        setNotice(`A skipped ${fresh.map((a) => `${a.name} (${a.source.name}): ${takenBy(a, me)} is handling it`).join('; ')}.`);
      } else setNotice(null);
      if (next) act(next.id, 'acknowledge');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const annunciated = all.filter((r) => r.annunciated && isUnacknowledged(r)).length;
  return (
    <section className="panel alarm-panel" aria-label="Alarms">
      <h2>Alarms {all.length > 0 && <span className="muted" data-testid="alarm-summary">({annunciated} unacknowledged · {all.length} standing · press A to acknowledge the next)</span>}</h2>
      {forwardedToMe.length > 0 && (
        <div className="forward-notice" role="alert" data-testid="forward-notice">
          {forwardedToMe.map((t, i) => <div key={i}>→ {t}</div>)}
          <button onClick={() => setForwardedToMe([])}>Dismiss</button>
        </div>
      )}
      {error && <div className="error" role="alert" data-testid="alarm-error">{error}</div>}
      {notice && <div className="notice" role="status" data-testid="alarm-notice">{notice}</div>}
      <FloodBanner activations={activations} settings={floods} now={now} scope={floodScope(myAreas, filter.area)} priorityOnly={filter.band === 'critical'} onPriorityOnly={(on) => setFilter({ ...filter, band: on ? 'critical' : 'all' })} />
      {chosen.length > 0 && <AlarmSelection bridge={bridge} selected={chosen} alarms={alarms} seen={seen.current} onDone={() => { seen.current.clear(); setSelected([]); }} onError={setError} />}
      {all.length > 0 && <AlarmFilters filter={filter} areas={areas} onChange={setFilter} />}
      {all.length === 0 ? <div className="empty">No standing alarms.</div> : (
        <>
          <div className="alarm-scroll" ref={scroller} data-testid="alarm-scroll">
            <table data-testid="alarm-table" role="grid">
              <thead><tr><th><input type="checkbox" aria-label="Select all alarms" data-testid="alarm-select-all" checked={chosen.length === rows.length && rows.length > 0} onChange={(e) => { seen.current.clear(); select(rows, e.target.checked); }} /></th><th>P</th><th>State</th><th>Alarm</th><th>Source</th><th>Value</th><th>Since</th><th>Notes</th><th>Actions</th></tr></thead>
              <tbody onPointerEnter={() => setPointing(true)} onPointerLeave={() => setPointing(false)}>
                {items(rows, groupOf, openGroups).map((item) => {
                  if (item.kind === 'group') {
                    const g = item.group;
                    return <FloodGroupRow key={g.key} bridge={bridge} group={g} columns={9} open={openGroups.has(g.key)} onError={setError}
                      onToggle={() => setOpenGroups((o) => { const n = new Set(o); if (!n.delete(g.key)) n.add(g.key); return n; })} />;
                  }
                  const a = item.alarm;
                  const inGroup = groupOf.get(a.id);
                  const unack = isUnacknowledged(a);
                  const owner = takenBy(a, me);
                  return [
                    <tr key={a.id} data-testid={`alarm-row-${a.id}`} className={`alarm prio-${priorityBand(a.priority)}${unack && a.annunciated && !inGroup ? ' blink' : ''}${a.annunciated ? '' : ' quiet'}${inGroup ? ' flood-member' : ''}`}>
                      <td><input type="checkbox" aria-label={`Select ${a.name} on ${a.source.name}`} data-testid={`alarm-select-${a.id}`} checked={chosen.includes(a.id)} onChange={(e) => select([a], e.target.checked)} /></td>
                      <td><span className={`prio prio-${priorityBand(a.priority)}`}>{a.priority}</span></td>
                      <td data-testid={`alarm-state-${a.id}`}>{STATE_LABEL[a.state]}</td>
                      <td className="alarm-name" title={a.procedure || undefined}>
                        <button className="link" aria-expanded={open === a.id} data-testid={`alarm-detail-toggle-${a.id}`} onClick={() => setOpen(open === a.id ? null : a.id)}><strong>{a.name}</strong> {open === a.id ? '▾' : '▸'}</button>
                        {a.chattering && <span className="chip warn"> CHATTERING</span>}
                        {inGroup?.causes.includes(a.id) && <span className="chip bad" data-testid={`cause-${a.id}`}> CAUSE</span>}
                        {inGroup?.firstOutId === a.id && <span className="chip warn" data-testid={`first-out-${a.id}`}> FIRST OUT</span>}
                      </td>
                      <td>{a.source.name}</td>
                      <td>{a.value ?? '—'}</td>
                      {/* Once the condition cleared, its duration stops at the clear. */}
                      <td title={`${formatTime(a.activatedAt)}${a.clearedAt ? ` → cleared ${formatTime(a.clearedAt)}` : ''}`} data-testid={`alarm-duration-${a.id}`}>{duration(a.activatedAt, a.clearedAt ?? now)}{a.clearedAt ? ' ■' : ''}</td>
                      <td className="muted notes" data-testid={`alarm-notes-${a.id}`}>
                        {a.shelved && `Shelved by ${a.shelved.by}: ${a.shelved.reason}${a.shelved.until ? ` until ${formatTime(a.shelved.until)}` : ' (until it clears)'}`}
                        {a.suppressed && `Suppressed: ${a.suppressed}`}
                        {a.outOfService && `Out of service: ${a.outOfService.reason}`}
                        {a.acknowledgedBy && !unack && ` · acknowledged by ${a.acknowledgedBy}`}
                        {a.investigatingBy && ` · ${a.investigatingBy} is on it`}
                        {a.forwardedTo && ` · ${a.forwardedBy ? `forwarded by ${a.forwardedBy} ` : 'forwarded '}to ${a.forwardedTo}${a.forwardMessage ? `: “${a.forwardMessage}”` : ''}`}
                      </td>
                      <td className="actions">
                        <div className="action-buttons">
                          {shelving === a.id ? (
                            <ShelveForm onCancel={() => setShelving(null)} onShelve={(reason, durationS) => { setShelving(null); act(a.id, 'shelve', { reason, durationS }); }} />
                          ) : forwarding === a.id ? (
                            <ForwardForm bridge={bridge} onCancel={() => setForwarding(null)} onForward={(to, message) => { setForwarding(null); act(a.id, 'forward', { to, message }); }} />
                          ) : (
                            <>
                              {unack && <button data-testid={`ack-${a.id}`} disabled={owner !== null} title={owner ? `${owner} is handling it${supervisor ? '; use Force-acknowledge' : ''}` : undefined} onClick={() => act(a.id, 'acknowledge')}>Acknowledge</button>}
                              {supervisor && unack && owner && <button data-testid={`force-ack-${a.id}`} onClick={() => act(a.id, 'force-acknowledge')}>Force-acknowledge</button>}
                              {a.shelved ? <button data-testid={`unshelve-${a.id}`} onClick={() => act(a.id, 'unshelve')}>Unshelve</button>
                                : <button data-testid={`shelve-${a.id}`} onClick={() => setShelving(a.id)}>Shelve…</button>}
                              {a.state === 'latched' && <button data-testid={`reset-${a.id}`} onClick={() => act(a.id, 'reset')}>Reset</button>}
                              {!a.investigatingBy && <button data-testid={`investigate-${a.id}`} onClick={() => act(a.id, 'investigate')}>Investigate</button>}
                              <button data-testid={`forward-${a.id}`} onClick={() => setForwarding(a.id)}>Forward…</button>
                              {alarmMarker(a) && <button data-testid={`map-${a.id}`} onClick={() => { focusOn(alarmMarker(a)!); document.querySelector('[data-testid="floor-map"]')?.scrollIntoView({ block: 'nearest' }); }}>Map</button>}
                              {a.source.deviceId !== null && <button data-testid={`trace-${a.id}`} onClick={() => { showTrace({ deviceId: a.source.deviceId!, ruleId: a.ruleId, at: a.activatedAt ?? a.lastChangeAt }); document.querySelector('[data-testid="chart"]')?.scrollIntoView({ block: 'center' }); }}>Trace</button>}
                            </>
                          )}
                        </div>
                      </td>
                    </tr>,
                    open === a.id && (
                      <tr key={`${a.id}-detail`} className="alarm-detail" data-testid={`alarm-detail-${a.id}`}>
                        <td colSpan={9}>
                          <div className="detail-grid">
                            <div>
                              <ChecklistPanel bridge={bridge} alarm={a} />
                              {isUnacknowledged(a) && !takenBy(a, me) && (
                                <form className="inline-form" onSubmit={(e) => { e.preventDefault(); act(a.id, 'acknowledge', { comment }); setComment(''); }}>
                                  <input aria-label="Comment (optional)" placeholder="Comment (optional)" data-testid={`ack-comment-${a.id}`} value={comment} onChange={(e) => setComment(e.target.value)} maxLength={1000} />
                                  <button type="submit" data-testid={`ack-with-comment-${a.id}`}>Acknowledge{comment.trim() ? ' with comment' : ''}</button>
                                </form>
                              )}
                              <div className="muted">Activated {formatTime(a.activatedAt)} · {a.activations} activation(s){a.acknowledgedBy ? ` · acknowledged by ${a.acknowledgedBy} at ${formatTime(a.acknowledgedAt)}` : ''}{a.comment ? ` · “${a.comment}”` : ''}</div>
                            </div>
                            <AlarmCameras bridge={bridge} alarm={a} />
                            <OpenIncidentButton bridge={bridge} alarmIds={[a.id]} />
                          </div>
                        </td>
                      </tr>
                    ),
                  ];
                })}
              </tbody>
            </table>
          </div>
          <div className="alarm-footer muted" data-testid="alarm-out-of-view">
            {rows.length} shown{hidden > 0 && ` · ${hidden} hidden by filters`}
            {out.above > 0 && ` · ${out.above} above`}
            {out.below > 0 && <strong className="more-below"> · {out.below} more below ↓</strong>}
            {pointing && <span> · order held while pointing</span>}
          </div>
        </>
      )}
    </section>
  );
}
