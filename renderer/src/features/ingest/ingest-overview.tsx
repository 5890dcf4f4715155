import { useMemo } from 'react';
import type { IngestStats } from '../../../../shared/domain.js';
import { useConsole } from '../../store/console-store.js';
import { formatCount, formatTime } from '../../format.js';
import type { Bridge } from '../../../../shared/bridge.js';
import { VideoWall } from '../video/video-wall.js';
import { AlarmPanel } from '../alarms/alarm-panel.js';
import { DeviceChart } from '../charts/device-chart.js';
import { EventList } from '../events/event-list.js';
import { FloorMap } from '../map/floor-map.js';

const SHOWN_POINTS = ['Noise', 'PM2.5', 'TVOC', 'CO2cal', 'C', 'RH', 'AQI'];

function Cards({ stats }: { stats: IngestStats }) {
  const cards: Array<[string, number, boolean]> = [
    ['Frames', stats.frames, false], ['Values', stats.values, false], ['Stored values', stats.storedValues, false],
    ['Events', stats.events, false], ['Connections', stats.connections, false],
    ['Devices online', stats.devicesOnline, false], ['Unmatched', stats.unmatched, stats.unmatched > 0],
    ['Rejected', stats.rejected, stats.rejected > 0], ['Oversized', stats.oversized, stats.oversized > 0],
    ['Not a number', stats.invalidValues, stats.invalidValues > 0],
    ['HTTP events', stats.collector.accepted, false],
    ['HTTP errors', stats.collector.errors, stats.collector.errors > 0],
    ['HTTP auth failures', stats.collector.authFailures + stats.collector.rateLimited, stats.collector.authFailures + stats.collector.rateLimited > 0],
  ];
  return (
    <div className="cards" data-testid="ingest-cards">
      {cards.map(([label, value, bad]) => (
        <div key={label} className={`card${bad ? ' bad' : ''}`} data-testid={`stat-${label.toLowerCase().replace(/ /g, '-')}`}>
          <div className="label">{label}</div>
          <div className="value">{formatCount(value)}</div>
        </div>
      ))}
    </div>
  );
}

function Devices() {
  const devices = useConsole((s) => s.devices);
  const rows = useMemo(() => Object.values(devices).sort((a, b) => a.name.localeCompare(b.name)), [devices]);
  return (
    <section className="panel">
      <h2>Devices</h2>
      {rows.length === 0 ? <div className="empty">No devices yet. Turn on the demo, or add a device for your HALO.</div> : (
        <table data-testid="device-table" role="grid">
          <thead>
            <tr><th>Device</th><th>Device id</th><th>Last seen</th>{SHOWN_POINTS.map((p) => <th key={p}>{p}</th>)}</tr>
          </thead>
          <tbody>
            {rows.map((d) => (
              <tr key={d.id} data-testid={`device-row-${d.deviceId}`}>
                <td><span className={`dot ${d.online ? 'on' : d.lastSeen === null ? 'never' : 'off'}`} aria-label={d.online ? 'online' : d.lastSeen === null ? 'never seen' : 'offline'} />{d.name}</td>
                <td className="muted">{d.deviceId}</td>
                <td>{formatTime(d.lastSeen)}</td>
                {SHOWN_POINTS.map((p) => {
                  const bad = d.invalid[p];
                  const v = d.latest[p];
                  return <td key={p} data-testid={`value-${d.deviceId}-${p}`} className={bad ? 'invalid' : undefined} title={bad ? `not a number: "${bad.raw}"` : undefined}>{bad ? `“${bad.raw}”` : v ? v.v : '—'}</td>;
                })}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Unmatched({ stats }: { stats: IngestStats }) {
  if (stats.unmatchedIds.length === 0) return null;
  return (
    <section className="panel" data-testid="unmatched">
      <h2>Unmatched device ids</h2>
      <table>
        <thead><tr><th>Device id</th><th>Frames</th><th>Last seen</th><th>Sample</th></tr></thead>
        <tbody>
          {stats.unmatchedIds.map((u) => (
            <tr key={`${u.serverId}-${u.deviceId}`}><td>{u.deviceId}</td><td>{u.count}</td><td>{formatTime(u.lastSeen)}</td><td className="muted">{u.sample.slice(0, 60)}</td></tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}

export function IngestOverview({ bridge }: { bridge: Bridge }) {
  const stats = useConsole((s) => s.stats);
  return (
    <main>
      <AlarmPanel bridge={bridge} />
      <FloorMap bridge={bridge} />
      {stats ? <Cards stats={stats} /> : <div className="empty">Connecting…</div>}
      <Devices />
      <DeviceChart bridge={bridge} />
      <VideoWall bridge={bridge} />
      {stats && <Unmatched stats={stats} />}
      <EventList />
    </main>
  );
}
