import { useCallback, useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { EventRecord } from '../../../../shared/domain.js';
import { useConsole } from '../../store/console-store.js';
import { formatTime } from '../../format.js';
import { eventMarker } from './event-source.js';
import { DevicePicker } from '../devices/device-picker.js';
import { t } from '../../i18n/strings.js';

const ORIGINS = ['all', 'tcp', 'http', 'site', 'rule', 'system'] as const;
const ROW = 26;

export interface EventFilter {
  origin: (typeof ORIGINS)[number];
  /** A device's database id, or 'all'. */
  device: string;
  /** An event name (its type: Vape, Noise, Door forced…), or 'all'. */
  type: string;
  text: string;
}

export function filterEvents(events: EventRecord[], f: EventFilter): EventRecord[] {
  const needle = f.text.trim().toLowerCase();
  const device = f.device === 'all' ? null : Number(f.device);
  if (f.origin === 'all' && device === null && f.type === 'all' && !needle) return events;
  return events.filter((e) => (f.origin === 'all' || e.origin === f.origin)
    && (device === null || e.deviceId === device)
    && (f.type === 'all' || e.name === f.type)
    && (!needle || `${e.name} ${e.source} ${e.caption} ${e.description}`.toLowerCase().includes(needle)));
}

/**
 * The live event list: virtualised, so 100,000 rows scroll smoothly; filtered by origin,
 * device, type and text; paused while the operator reads, and resumed without losing what came
 * in. A click on a row shows its source on the floor plan.
 */
export function EventList() {
  const live = useConsole((s) => s.events);
  const focusOn = useConsole((s) => s.focusOn);
  const [filter, setFilter] = useState<EventFilter>({ origin: 'all', device: 'all', type: 'all', text: '' });
  const [frozen, setFrozen] = useState<EventRecord[] | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const events = frozen ?? live;
  const rows = useMemo(() => filterEvents(events, filter), [events, filter]);
  const pickDevice = useCallback((device: string) => setFilter((f) => ({ ...f, device })), []);
  // The type list grows with what has been seen; a name seen once stays offered.
  const seenTypes = useRef(new Set<string>());
  const types = useMemo(() => {
    for (let i = 0; i < Math.min(events.length, 5_000); i++) seenTypes.current.add(events[i]!.name);
    return [...seenTypes.current].sort();
  }, [events]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 12 });
  const waiting = frozen ? live.length - frozen.length : 0;
  const set = (patch: Partial<EventFilter>): void => setFilter((f) => ({ ...f, ...patch }));

  const focus = (e: EventRecord): void => {
    const { devices, assets } = useConsole.getState();
    const key = eventMarker(e, devices, assets);
    if (!key) { setNote(t('events.notOnPlan', { source: e.source })); return; }
    setNote(null);
    focusOn(key);
    document.querySelector('[data-testid="floor-map"]')?.scrollIntoView({ block: 'nearest' });
  };

  return (
    <section className="panel" aria-label={t('events.liveEvents')}>
      <h2>{t('events.liveEvents')}</h2>
      <div className="chart-controls">
        <select aria-label={t('events.origin')} data-testid="event-origin" value={filter.origin} onChange={(e) => set({ origin: e.target.value as EventFilter['origin'] })}>
          {ORIGINS.map((o) => <option key={o} value={o}>{o === 'all' ? t('events.allOrigins') : o}</option>)}
        </select>
        <DevicePicker label={t('events.device')} testId="event-device" allLabel={t('events.allDevices')} value={filter.device} onChange={pickDevice} />
        <select aria-label={t('events.eventType')} data-testid="event-type" value={filter.type} onChange={(e) => set({ type: e.target.value })}>
          <option value="all">{t('events.allTypes')}</option>
          {types.map((t) => <option key={t}>{t}</option>)}
        </select>
        <input aria-label={t('events.searchEvents')} data-testid="event-search" placeholder={t('events.searchEvents2')} value={filter.text} onChange={(e) => set({ text: e.target.value })} />
        <button data-testid="event-pause" aria-pressed={frozen !== null} onClick={() => setFrozen(frozen ? null : live)}>{frozen ? t('events.resumeNew', { n: waiting.toLocaleString() }) : t('events.pause')}</button>
        <span className="muted" data-testid="event-count">{t(rows.length === 1 ? 'events.countOne' : 'events.count', { n: rows.length.toLocaleString() })}</span>
      </div>
      {note && <div className="muted" role="status">{note}</div>}
      {rows.length === 0 ? <div className="empty">{t('events.noEvents')}{events.length ? t('events.matchTheFilter') : t('events.yet')}.</div> : (
        <div ref={scroller} className="event-scroller" role="list" aria-label={t('events.eventsNewestFirst')} data-testid="event-list">
          <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {virtual.getVirtualItems().map((item) => {
              const e = rows[item.index]!;
              return (
                <div
                  key={e.id} role="listitem" tabIndex={0} data-testid="event-row" className="event-row" title={t('events.showTheSourceOn')}
                  style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW, transform: `translateY(${item.start}px)` }}
                  onClick={() => focus(e)} onKeyDown={(k) => { if (k.key === 'Enter') focus(e); }}
                >
                  <span className="muted">{formatTime(e.t)}</span> · <strong>{e.source}</strong> · {e.name} {e.kind !== 'instant' ? `(${e.kind})` : ''} {e.description && <span>{e.description}</span>} <span className={`chip origin-${e.origin}`}>{e.origin}</span>
                </div>
              );
            })}
          </div>
        </div>
      )}
    </section>
  );
}
