import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { pointLabel } from '../../../../shared/halo/point-names.js';
import type { Bridge } from '../../../../shared/bridge.js';
import type { Rule } from '../../../../shared/rules/schema.js';
import { useConsole } from '../../store/console-store.js';
import { useDeviceDirectory } from '../../store/device-directory.js';
import { formatTime } from '../../format.js';
import { PRESETS, resolveWindow, type ChartWindow } from './chart-window.js';
import { CustomRange } from './custom-range.js';
import { SeriesChart } from './series-chart.js';
import { thresholds } from './thresholds.js';
import { DevicePicker } from '../devices/device-picker.js';
import { bandOf, useAlarmPeriods, useSeries } from './use-series.js';
import { t } from '../../i18n/strings.js';

/** Line colours for compared devices; none of them is a priority colour. */
const LINE_COLOURS = ['#39c5cf', '#d2a8ff', '#7ee787', '#f0f6fc', '#ff9bce'];
const MAX_COMPARED = LINE_COLOURS.length;

export function DeviceChart({ bridge }: { bridge: Bridge }) {
  const list = useDeviceDirectory();
  const names = useMemo(() => new Map(list.map((d) => [d.id, d.name])), [list]);
  const [deviceId, setDeviceId] = useState<number | null>(null);
  const pickDevice = useCallback((v: string) => setDeviceId(Number(v)), []);
  const [compared, setCompared] = useState<number[]>([]);
  const [point, setPoint] = useState('Noise');
  const [chartWindow, setChartWindow] = useState<ChartWindow>({ kind: 'live', span: PRESETS[1]![1] });
  const [customising, setCustomising] = useState(false);
  const trace = useConsole((s) => s.trace);
  const [rules, setRules] = useState<Rule[]>([]);
  const box = useRef<HTMLDivElement>(null);
  const primaryId = deviceId !== null && names.has(deviceId) ? deviceId : list[0]?.id;
  const device = useConsole((s) => (primaryId === undefined ? undefined : s.devices[primaryId]));
  const pointKey = useConsole((s) => Object.keys((primaryId === undefined ? undefined : s.devices[primaryId])?.latest ?? {}).sort().join('\u0000'));
  const points = useMemo(() => (pointKey ? pointKey.split('\u0000') : []), [pointKey]);
  const shown = useMemo(() => (primaryId === undefined ? [] : [primaryId, ...compared.filter((id) => id !== primaryId && names.has(id))]), [primaryId, compared, names]);
  const series = useSeries(bridge, shown, point, chartWindow, box);
  const periods = useAlarmPeriods(bridge, shown, chartWindow);

  const chartRequest = useConsole((s) => s.chartRequest);
  useEffect(() => { if (chartRequest) setDeviceId(chartRequest.deviceId); }, [chartRequest]);

  useEffect(() => { void bridge.call('rules.list').then((r) => setRules(r.map((x) => x.rule))).catch(() => undefined); }, [bridge]);

  // Opening an alarm's trace: its device, the point its rule watches, ±15 minutes around it.
  useEffect(() => {
    if (!trace) return;
    setDeviceId(trace.deviceId);
    const watched = rules.find((r) => r.id === trace.ruleId)?.when;
    if (watched?.type === 'data') setPoint(watched.point);
    setChartWindow({ kind: 'fixed', from: trace.at - 15 * 60_000, to: trace.at + 15 * 60_000, why: 'alarm' });
  }, [trace]);

  // The picker's options are built only while it is open: thousands of devices otherwise cost every render.
  const [picking, setPicking] = useState(false);
  const candidates = useMemo(() => (picking ? list.filter((d) => !shown.includes(d.id)).map((d) => <option key={d.id} value={d.id}>{d.name}</option>) : []), [picking, list, shown]);
  if (!device) return null;
  const { from, to } = resolveWindow(chartWindow, Date.now());
  const unit = series[device.id]?.unit ?? '';
  const primary = series[device.id];
  return (
    <section className="panel" aria-label={t('charts.dataPoints')}>
      <h2>{t('charts.dataPoints')}</h2>
      <div className="chart-controls">
        <DevicePicker label={t('charts.device')} testId="chart-device" value={String(device.id)} onChange={pickDevice} />
        <select aria-label={t('charts.dataPoint')} data-testid="chart-point" value={point} onChange={(e) => setPoint(e.target.value)}>
          {(points.includes(point) ? points : [point, ...points]).map((p) => <option key={p} value={p}>{pointLabel(p)}</option>)}
        </select>
        {PRESETS.map(([label, ms]) => <button key={label} aria-pressed={chartWindow.kind === 'live' && chartWindow.span === ms} onClick={() => { setCustomising(false); setChartWindow({ kind: 'live', span: ms }); }}>{label}</button>)}
        <button data-testid="range-custom" aria-pressed={chartWindow.kind === 'fixed' && chartWindow.why === 'custom'} onClick={() => setCustomising(!customising)}>{t('charts.custom')}</button>
        {list.length > shown.length && shown.length < MAX_COMPARED && (picking ? (
          <select aria-label={t('charts.compareWith')} data-testid="chart-compare" value="" autoFocus onBlur={() => setPicking(false)} onChange={(e) => { setPicking(false); if (e.target.value) setCompared([...compared, Number(e.target.value)]); }}>
            <option value="">{t('charts.compareWith2')}</option>
            {candidates}
          </select>
        ) : <button data-testid="chart-compare-open" onClick={() => setPicking(true)}>{t('charts.compare')}</button>)}
        <span className="muted" data-testid="chart-count">{primary ? t('charts.ofSamplesShown', { shown: primary.samples.length.toLocaleString(), total: primary.total.toLocaleString() }) : t('charts.loading')}</span>
      </div>
      {customising && <CustomRange initial={{ from, to }} onCancel={() => setCustomising(false)} onApply={(r) => { setCustomising(false); setChartWindow({ kind: 'fixed', ...r, why: 'custom' }); }} />}
      {(chartWindow.kind === 'fixed' || compared.length > 0) && (
        <div className="chart-controls">
          {chartWindow.kind === 'fixed' && <span className="chip" data-testid="chart-window">{chartWindow.why === 'alarm' ? t('charts.alarmTrace') : t('charts.custom2')}: {formatTime(from)} – {formatTime(to)}</span>}
          {shown.slice(1).map((id) => <button key={id} className="chip" data-testid={`compare-${id}`} aria-label={t('charts.stopComparing', { name: names.get(id) ?? id })} onClick={() => setCompared(compared.filter((c) => c !== id))}>{names.get(id)} ×</button>)}
        </div>
      )}
      <div className="chart" ref={box} data-testid="chart">
        <SeriesChart
          lines={shown.map((id, i) => ({ id, name: names.get(id) ?? String(id), samples: series[id]?.samples ?? [], band: bandOf(series[id]), colour: LINE_COLOURS[i]! }))}
          periods={shown.flatMap((id) => periods[id] ?? [])} thresholds={thresholds(rules, device, point)} from={from} to={to} point={point} unit={unit} height={240}
          alarmAt={trace && chartWindow.kind === 'fixed' && chartWindow.why === 'alarm' && trace.deviceId === device.id ? trace.at : undefined}
        />
      </div>
    </section>
  );
}
