import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { aqiBand, isAqiPoint } from '../../../../shared/halo/aqi.js';
import { pointLabel } from '../../../../shared/halo/point-names.js';
import type { Bridge } from '../../../../shared/bridge.js';
import type { DeviceStatus } from '../../../../shared/domain.js';
import type { Rule } from '../../../../shared/rules/schema.js';
import { useConsole } from '../../store/console-store.js';
import { useDeviceDirectory } from '../../store/device-directory.js';
import { PanelBoundary } from '../../error-boundary.js';
import { DevicePicker } from '../devices/device-picker.js';
import { readingOrder } from '../devices/reading-order.js';
import { PRESETS, resolveWindow, type ChartWindow } from '../charts/chart-window.js';
import { SeriesChart } from '../charts/series-chart.js';
import { CustomRange } from '../charts/custom-range.js';
import { formatTime } from '../../format.js';
import { thresholds } from '../charts/thresholds.js';
import { bandOf, useAlarmPeriods, useSeries } from '../charts/use-series.js';
import { t } from '../../i18n/strings.js';

const MAX_TILES = 12;

export const dashboardPoints = (latest: DeviceStatus['latest']): string[] => readingOrder(Object.keys(latest), MAX_TILES);

/** One point's chart; it re-renders when that point's value changes, not when the device's others do. */
const PointTile = memo(function PointTile({ bridge, device, point, chartWindow, rules }: { bridge: Bridge; device: Pick<DeviceStatus, 'id' | 'name' | 'typeId'>; point: string; chartWindow: ChartWindow; rules: Rule[] }) {
  const box = useRef<HTMLDivElement>(null);
  const ids = useMemo(() => [device.id], [device.id]);
  const latest = useConsole((s) => s.devices[device.id]?.latest[point]);
  const band = latest && isAqiPoint(point) ? aqiBand(Number(latest.v)) : null;
  const series = useSeries(bridge, ids, point, chartWindow, box)[device.id];
  const periods = useAlarmPeriods(bridge, ids, chartWindow)[device.id] ?? [];
  const { from, to } = resolveWindow(chartWindow, Date.now());
  return (
    <section className="panel dashboard-tile" aria-label={point} data-testid={`tile-${point}`}>
      <h2 title={point}>{pointLabel(point)} <span className="tile-value" data-testid={`tile-value-${point}`} style={band ? { color: band.colour } : undefined} title={band?.name}>{latest ? `${latest.v}${series?.unit ? ` ${series.unit}` : ''}` : '—'}{band && ` · ${band.name}`}</span></h2>
      <div className="chart" ref={box}>
        <SeriesChart lines={[{ id: device.id, name: device.name, samples: series?.samples ?? [], band: bandOf(series), colour: '#39c5cf' }]} periods={periods}
          thresholds={thresholds(rules, device, point)} from={from} to={to} point={point} unit={series?.unit ?? ''} height={160} />
      </div>
    </section>
  );
});

/** Every data point of one device at once, each on its own chart, over the same window. */
export function DashboardView({ bridge }: { bridge: Bridge }) {
  const list = useDeviceDirectory();
  const [picked, setPicked] = useState<number | null>(null);
  const deviceId = picked ?? list[0]?.id;
  const device = useConsole((s) => (deviceId === undefined ? undefined : s.devices[deviceId]));
  // The tiles get the device's identity only, so its new values do not redraw every chart.
  const identity = useMemo(() => (device ? { id: device.id, name: device.name, typeId: device.typeId } : null), [device?.id, device?.name, device?.typeId]);
  const [chartWindow, setChartWindow] = useState<ChartWindow>({ kind: 'live', span: PRESETS[1]![1] });
  const [customising, setCustomising] = useState(false);
  const [rules, setRules] = useState<Rule[]>([]);
  const pick = useCallback((v: string) => setPicked(Number(v)), []);
  useEffect(() => { void bridge.call('rules.list').then((r) => setRules(r.map((x) => x.rule))).catch(() => undefined); }, [bridge]);
  const pointKey = dashboardPoints(device?.latest ?? {}).join('\u0000');
  const points = useMemo(() => (pointKey ? pointKey.split('\u0000') : []), [pointKey]);

  if (!device) return <main><div className="empty">{t('dashboard.noDevicesYetTurn')}</div></main>;
  return (
    <main className="dashboard">
      <div className="chart-controls">
        <DevicePicker label={t('dashboard.device')} testId="dashboard-device" value={String(device.id)} onChange={pick} />
        {PRESETS.map(([label, ms]) => <button key={label} aria-pressed={chartWindow.kind === 'live' && chartWindow.span === ms} onClick={() => { setCustomising(false); setChartWindow({ kind: 'live', span: ms }); }}>{label}</button>)}
        <button aria-pressed={chartWindow.kind === 'fixed'} onClick={() => setCustomising(!customising)}>{t('dashboard.custom')}</button>
        {chartWindow.kind === 'fixed' && <span className="chip">{formatTime(chartWindow.from)} – {formatTime(chartWindow.to)}</span>}
        <span className="muted">{device.online ? t('dashboard.online') : t('dashboard.offline')}{device.location && ` · ${device.location}`} · {t('dashboard.dataPoints', { n: points.length })}</span>
      </div>
      {customising && <CustomRange initial={resolveWindow(chartWindow, Date.now())} onCancel={() => setCustomising(false)} onApply={(r) => { setCustomising(false); setChartWindow({ kind: 'fixed', ...r, why: 'custom' }); }} />}
      {points.length === 0 && <div className="empty">{t('dashboard.thisDeviceHasNot')}</div>}
      <div className="dashboard-grid">
        {identity && points.map((p) => <PanelBoundary key={`${device.id}-${p}`} name={p}><PointTile bridge={bridge} device={identity} point={p} chartWindow={chartWindow} rules={rules} /></PanelBoundary>)}
      </div>
    </main>
  );
}
