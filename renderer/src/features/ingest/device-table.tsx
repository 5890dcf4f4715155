import { memo, useRef } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useConsole } from '../../store/console-store.js';
import { useDeviceDirectory } from '../../store/device-directory.js';
import { formatTime } from '../../format.js';
import { t } from '../../i18n/strings.js';

const SHOWN_POINTS = ['Noise', 'PM2.5', 'TVOC', 'CO2cal', 'C', 'RH', 'AQI'];
const ROW = 29;
/** Up to this many rows the table is drawn whole; past it, only the rows in view. */
const WHOLE_UP_TO = 60;

/** One device's row; it re-renders when that device changes, not when any other does. */
const DeviceRow = memo(function DeviceRow({ id }: { id: number }) {
  const d = useConsole((s) => s.devices[id]);
  if (!d) return null;
  return (
    <tr data-testid={`device-row-${d.deviceId}`} style={{ height: ROW }}>
      <td><span className={`dot ${d.online ? 'on' : d.lastSeen === null ? 'never' : 'off'}`} aria-label={d.online ? t('ingest.online') : d.lastSeen === null ? t('ingest.neverSeen') : t('ingest.offline')} />{d.name}</td>
      <td className="muted">{d.deviceId}</td>
      <td>{formatTime(d.lastSeen)}</td>
      {SHOWN_POINTS.map((p) => {
        const bad = d.invalid[p];
        const v = d.latest[p];
        return <td key={p} data-testid={`value-${d.deviceId}-${p}`} className={bad ? 'invalid' : undefined} title={bad ? t('ingest.notANumber', { raw: bad.raw }) : undefined}>{bad ? `“${bad.raw}”` : v ? v.v : '—'}</td>;
      })}
    </tr>
  );
});

/** The devices with their latest values; a large site scrolls, drawing only the rows in view. */
export function DeviceTable() {
  const rows = useDeviceDirectory();
  const scroller = useRef<HTMLDivElement>(null);
  const virtual = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW, overscan: 10 });
  const whole = rows.length <= WHOLE_UP_TO;
  const items = virtual.getVirtualItems();
  const top = whole || items.length === 0 ? 0 : items[0]!.start;
  const bottom = whole || items.length === 0 ? 0 : virtual.getTotalSize() - items[items.length - 1]!.end;
  return (
    <section className="panel">
      <h2>{t('ingest.devices')} <span className="muted">({rows.length.toLocaleString()})</span></h2>
      {rows.length === 0 ? <div className="empty">{t('ingest.noDevicesYetTurn')}</div> : (
        <div ref={scroller} className={whole ? undefined : 'device-scroller'}>
          <table data-testid="device-table" role="grid">
            <thead>
              <tr><th>{t('ingest.device')}</th><th>{t('ingest.deviceId')}</th><th>{t('ingest.lastSeen')}</th>{SHOWN_POINTS.map((p) => <th key={p}>{p}</th>)}</tr>
            </thead>
            <tbody>
              {top > 0 && <tr aria-hidden style={{ height: top }} />}
              {(whole ? rows : items.map((i) => rows[i.index]!)).map((r) => <DeviceRow key={r.id} id={r.id} />)}
              {bottom > 0 && <tr aria-hidden style={{ height: bottom }} />}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
