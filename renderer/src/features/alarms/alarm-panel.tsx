import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import type { AlarmView } from '../../../../shared/alarms/definitions.js';
import { useConsole } from '../../store/console-store.js';
import { annunciate, prepareAudio } from './annunciator.js';
import { AlarmSelection } from './alarm-selection.js';
import { AlarmFilters } from './alarm-filters.js';
import { filterAlarms, isUnacknowledged, nextToAcknowledge, NO_FILTER, stableOrder, takenBy, type AlarmFilter } from './alarm-order.js';
import { alarmAction } from '../../bridge/alarm-actions.js';
import type { AlarmAction } from '../../../../shared/api/routes-alarms.js';
import { floodGroups, keepUnchanged } from '../../../../shared/alarms/flood-groups.js';
import { FloodGroupRow } from './flood-group-row.js';
import { AlarmDetailRow, AlarmRow, type RowActions } from './alarm-row.js';
import { AlarmList, itemKey, listItems } from './alarm-list.js';
import { FloodBanner, floodScope } from './flood-banner.js';
import { useFloodSettings, useActivationTimes, useMyAreas, usePlaces } from './use-floods.js';
import { useMaps } from '../map/use-maps.js';
import { t } from '../../i18n/strings.js';


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
  const supervisor = session?.role === 'supervisor' || session?.role === 'admin';
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [forwardedToMe, setForwardedToMe] = useState<string[]>([]);
  const [selected, setSelected] = useState<number[]>([]);
  const [filter, setFilter] = useState<AlarmFilter>(NO_FILTER);
  const [pointing, setPointing] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
  const [now, setNow] = useState(Date.now());
  const played = useRef(notifications.length);
  // The store keeps the last 50: past that the length stays put, so the last one played marks where to go on.
  const lastPlayed = useRef(notifications.at(-1) ?? null);
  const order = useRef<number[]>([]);
  const told = useRef(new Set<number>());
  // The version of each alarm when the operator ticked it: a bulk action is about that state.
  const seen = useRef(new Map<number, number | undefined>());
  const select = (ids: readonly AlarmView[], on: boolean): void => {
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
  // A group whose members did not change keeps its object: its row (and its members' rows) stay as drawn.
  const previousGroups = useRef<ReturnType<typeof floodGroups>>([]);
  const groups = useMemo(() => keepUnchanged(previousGroups.current, floodGroups(rows, floods, placesOf)), [rows, floods, placesOf]);
  previousGroups.current = groups;
  const groupOf = useMemo(() => new Map(groups.flatMap((g) => g.members.map((a) => [a.id, g] as const))), [groups]);
  const [openGroups, setOpenGroups] = useState<ReadonlySet<string>>(new Set());
  const announced = useRef(new Set<string>());
  const activations = useActivationTimes(all, areaOf);
  const myAreas = useMyAreas(bridge, me);

  // Alarms that went back to normal leave the selection with the list.
  const chosen = useMemo(() => selected.filter((id) => alarms[id]), [selected, alarms]);

  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);

  // The first alarm sound should not wait for the audio device to open; nor should the list
  // after sign-in: a few seconds later, when the console is idle.
  useEffect(() => {
    if (typeof requestIdleCallback === 'undefined') return;
    let idle: number | null = null;
    const t = setTimeout(() => { idle = requestIdleCallback(prepareAudio, { timeout: 5000 }); }, 3000);
    return () => { clearTimeout(t); if (idle !== null) cancelIdleCallback(idle); };
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

  // The rows' actions, one object for the panel's lifetime: they call whatever is current.
  const current = useRef({ act, select });
  current.current = { act, select };
  const actions = useMemo<RowActions>(() => ({
    act: (id, action, body) => current.current.act(id, action, body),
    select: (a, on) => current.current.select([a], on),
    toggleDetail: (id) => setOpen((o) => (o === id ? null : id)),
    shelving: setShelving,
    forwarding: setForwarding,
  }), []);
  const toggleGroup = useCallback((key: string) => setOpenGroups((o) => { const n = new Set(o); if (!n.delete(key)) n.add(key); return n; }), []);
  const list = useMemo(() => listItems(rows, groupOf, openGroups, open), [rows, groupOf, openGroups, open]);
  const picked = useMemo(() => new Set(chosen), [chosen]);

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
    <section className="panel alarm-panel" aria-label={t('alarms.alarms')}>
      <h2>{t('alarms.alarms')} {all.length > 0 && <span className="muted" data-testid="alarm-summary">{t('alarms.summary', { unacked: String(annunciated), standing: String(all.length) })}</span>}</h2>
      {forwardedToMe.length > 0 && (
        <div className="forward-notice" role="alert" data-testid="forward-notice">
          {forwardedToMe.map((t, i) => <div key={i}>→ {t}</div>)}
          <button onClick={() => setForwardedToMe([])}>{t('alarms.dismiss')}</button>
        </div>
      )}
      {error && <div className="error" role="alert" data-testid="alarm-error">{error}</div>}
      {notice && <div className="notice" role="status" data-testid="alarm-notice">{notice}</div>}
      <FloodBanner activations={activations} settings={floods} now={now} scope={floodScope(myAreas, filter.area)} priorityOnly={filter.band === 'critical'} onPriorityOnly={(on) => setFilter({ ...filter, band: on ? 'critical' : 'all' })} />
      {chosen.length > 0 && <AlarmSelection bridge={bridge} selected={chosen} alarms={alarms} seen={seen.current} onDone={() => { seen.current.clear(); setSelected([]); }} onError={setError} />}
      {all.length > 0 && <AlarmFilters filter={filter} areas={areas} onChange={setFilter} />}
      {all.length === 0 ? <div className="empty">{t('alarms.noStandingAlarms')}</div> : (
        <>
          <AlarmList
            items={list}
            onPointing={setPointing}
            head={<tr><th><input type="checkbox" aria-label={t('alarms.selectAllAlarms')} data-testid="alarm-select-all" checked={chosen.length === rows.length && rows.length > 0} onChange={(e) => { seen.current.clear(); select(rows, e.target.checked); }} /></th><th>P</th><th>{t('alarms.state')}</th><th>{t('alarms.alarm')}</th><th>{t('alarms.source')}</th><th>{t('alarms.value')}</th><th>{t('alarms.since')}</th><th>{t('alarms.notes')}</th><th>{t('alarms.actions')}</th></tr>}
            renderItem={(item, index, measure) => {
              const key = itemKey(item);
              if (item.kind === 'group') return <FloodGroupRow key={key} bridge={bridge} group={item.group} columns={9} open={openGroups.has(item.group.key)} onError={setError} onToggle={toggleGroup} measure={measure} index={index} />;
              if (item.kind === 'detail') return <AlarmDetailRow key={key} bridge={bridge} alarm={item.alarm} me={me} actions={actions} measure={measure} index={index} />;
              const a = item.alarm;
              return <AlarmRow key={key} bridge={bridge} alarm={a} flood={item.flood} me={me} supervisor={supervisor} now={now} checked={picked.has(a.id)} detail={open === a.id}
                form={shelving === a.id ? 'shelve' : forwarding === a.id ? 'forward' : null} actions={actions} measure={measure} index={index} />;
            }}
            footer={(out) => (
              <div className="alarm-footer muted" data-testid="alarm-out-of-view">
                {rows.length} {t('alarms.shown')}{hidden > 0 && t('alarms.hiddenByFilters', { hidden: hidden })}
                {out.above > 0 && t('alarms.above', { above: out.above })}
                {out.below > 0 && <strong className="more-below"> · {out.below} {t('alarms.moreBelow')}</strong>}
                {pointing && <span> {t('alarms.orderHeldWhilePointing')}</span>}
              </div>
            )}
          />
        </>
      )}
    </section>
  );
}
