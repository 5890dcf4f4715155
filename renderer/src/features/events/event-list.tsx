import { useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { EventRecord } from '../../../../shared/domain.js';
import { useConsole } from '../../store/console-store.js';
import { formatTime } from '../../format.js';

const ORIGINS = ['all', 'tcp', 'http', 'site', 'rule', 'system'] as const;
const ROW = 26;

/**
 * The live event list: virtualised, so tens of thousands of rows scroll smoothly; filtered by
 * origin and text; paused while the operator reads, and resumed without losing what came in.
 */
export function EventList() {
  const live = useConsole((s) => s.events);
  const [origin, setOrigin] = useState<(typeof ORIGINS)[number]>('all');
  const [text, setText] = useState('');
  const [frozen, setFrozen] = useState<EventRecord[] | null>(null);
  const events = frozen ?? live;
  const rows = useMemo(() => {
    const needle = text.trim().toLowerCase();
    return events.filter((e) => (origin === 'all' || e.origin === origin) && (!needle || `${e.name} ${e.source} ${e.description}`.toLowerCase().includes(needle)));
  }, [events, origin, text]);
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 12 });
  const waiting = frozen ? live.length - frozen.length : 0;

  return (
    <section className="panel" aria-label="Live events">
      <h2>Live events</h2>
      <div className="chart-controls">
        <select aria-label="Origin" data-testid="event-origin" value={origin} onChange={(e) => setOrigin(e.target.value as (typeof ORIGINS)[number])}>
          {ORIGINS.map((o) => <option key={o} value={o}>{o === 'all' ? 'All origins' : o}</option>)}
        </select>
        <input aria-label="Search events" data-testid="event-search" placeholder="Search events" value={text} onChange={(e) => setText(e.target.value)} />
        <button data-testid="event-pause" aria-pressed={frozen !== null} onClick={() => setFrozen(frozen ? null : live)}>{frozen ? `Resume (${waiting} new)` : 'Pause'}</button>
        <span className="muted">{rows.length.toLocaleString()} events</span>
      </div>
      {rows.length === 0 ? <div className="empty">No events yet.</div> : (
        <div ref={scroller} className="event-scroller" role="list" data-testid="event-list">
          <div style={{ height: virtual.getTotalSize(), position: 'relative' }}>
            {virtual.getVirtualItems().map((item) => {
              const e = rows[item.index]!;
              return (
                <div key={e.id} role="listitem" data-testid="event-row" className="event-row" style={{ position: 'absolute', top: 0, left: 0, right: 0, height: ROW, transform: `translateY(${item.start}px)` }}>
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
