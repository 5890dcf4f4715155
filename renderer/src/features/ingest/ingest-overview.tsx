import type { IngestStats } from '../../../../shared/domain.js';
import { useConsole } from '../../store/console-store.js';
import { formatCount, formatTime } from '../../format.js';
import type { Bridge } from '../../../../shared/bridge.js';
import { VideoWall } from '../video/video-wall.js';
import { AlarmPanel } from '../alarms/alarm-panel.js';
import { DeviceChart } from '../charts/device-chart.js';
import { EventList } from '../events/event-list.js';
import { FloorMap } from '../map/floor-map.js';
import { DeviceTable } from './device-table.js';
import { PanelBoundary } from '../../error-boundary.js';
import { t, type StringKey } from '../../i18n/strings.js';


/** The ingest counters; Unmatched ids counts ids still waiting to become devices, so it clears when they do. */
function Cards({ stats }: { stats: IngestStats }) {
  const cards: Array<[StringKey, number, boolean]> = [
    ['ingest.stat.frames', stats.frames, false], ['ingest.stat.values', stats.values, false], ['ingest.stat.stored-values', stats.storedValues, false],
    ['ingest.stat.events', stats.events, false], ['ingest.stat.connections', stats.connections, false],
    ['ingest.stat.devices-online', stats.devicesOnline, false], ['ingest.stat.unmatched-ids', stats.unmatchedIds.length, stats.unmatchedIds.length > 0],
    ['ingest.stat.rejected', stats.rejected, stats.rejected > 0], ['ingest.stat.oversized', stats.oversized, stats.oversized > 0],
    ['ingest.stat.not-a-number', stats.invalidValues, stats.invalidValues > 0],
    ['ingest.stat.http-events', stats.collector.accepted, false],
    ['ingest.stat.http-errors', stats.collector.errors, stats.collector.errors > 0],
    ['ingest.stat.http-auth-failures', stats.collector.authFailures + stats.collector.rateLimited, stats.collector.authFailures + stats.collector.rateLimited > 0],
  ];
  return (
    <div className="cards" data-testid="ingest-cards">
      {cards.map(([label, value, bad]) => (
        <div key={label} className={`card${bad ? ' bad' : ''}`} data-testid={`stat-${label.slice('ingest.stat.'.length)}`}>
          <div className="label">{t(label)}</div>
          <div className="value">{formatCount(value)}</div>
        </div>
      ))}
    </div>
  );
}

function Unmatched({ stats }: { stats: IngestStats }) {
  if (stats.unmatchedIds.length === 0) return null;
  return (
    <section className="panel" data-testid="unmatched">
      <h2>{t('ingest.unmatchedDeviceIds')}</h2>
      <table>
        <thead><tr><th>{t('ingest.deviceId')}</th><th>{t('ingest.frames')}</th><th>{t('ingest.lastSeen')}</th><th>{t('ingest.sample')}</th></tr></thead>
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
    // Alarms across the top, whole, with every action in reach; below, two columns on a
    // control-room screen: where and the trend on the left, what is happening on the right.
    <main className="monitoring">
      <div className="monitoring-alarms"><PanelBoundary name="Alarms"><AlarmPanel bridge={bridge} /></PanelBoundary></div>
      <div className="monitoring-column">
        <PanelBoundary name="Floor plan"><FloorMap bridge={bridge} /></PanelBoundary>
        <PanelBoundary name="Data points"><DeviceChart bridge={bridge} /></PanelBoundary>
      </div>
      <div className="monitoring-column">
        <PanelBoundary name="Live events"><EventList /></PanelBoundary>
        {stats ? <Cards stats={stats} /> : <div className="empty">{t('ingest.connecting')}</div>}
        {stats && <Unmatched stats={stats} />}
        <PanelBoundary name="Devices"><DeviceTable /></PanelBoundary>
        <PanelBoundary name="Video"><VideoWall bridge={bridge} /></PanelBoundary>
      </div>
    </main>
  );
}
