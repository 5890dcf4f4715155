import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Bridge } from '../../../../shared/bridge.js';
import type { DeviceStatus } from '../../../../shared/domain.js';
import type { Rule } from '../../../../shared/rules/schema.js';
import { useConsole } from '../../store/console-store.js';
import { useDeviceDirectory } from '../../store/device-directory.js';
import { formatTick, formatTime } from '../../format.js';
import { priorityBand } from '../alarms/priority.js';
import { BAND_COLOUR } from '../map/markers.js';
import { PRESETS, resolveWindow, type ChartWindow } from './chart-window.js';
import { CustomRange } from './custom-range.js';
import { DevicePicker } from '../devices/device-picker.js';
import { useAlarmPeriods, useSeries } from './use-series.js';

/** Line colours for compared devices; none of them is a priority colour. */
const LINE_COLOURS = ['#39c5cf', '#d2a8ff', '#7ee787', '#f0f6fc', '#ff9bce'];
const MAX_COMPARED = LINE_COLOURS.length;

/** Thresholds of the rules that watch this point on this device (or its type). */
export function thresholds(rules: Rule[], device: DeviceStatus, point: string): Array<{ value: number; label: string }> {
  const out: Array<{ value: number; label: string }> = [];
  for (const r of rules) {
    const t = r.when;
    if (t.type !== 'data' || t.point !== point || !r.enabled) continue;
    if (t.deviceId !== undefined ? t.deviceId !== device.id : t.deviceTypeId !== device.typeId) continue;
    out.push({ value: t.value, label: `${r.name} (${t.op} ${t.value})` });
    if (t.value2 !== undefined) out.push({ value: t.value2, label: r.name });
  }
  return out;
}

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

  useEffect(() => { void bridge.listRules().then((r) => setRules(r.map((x) => x.rule))).catch(() => undefined); }, [bridge]);

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
  const span = to - from;
  const unit = series[device.id]?.unit ?? '';
  const primary = series[device.id];
  return (
    <section className="panel" aria-label="Data points">
      <h2>Data points</h2>
      <div className="chart-controls">
        <DevicePicker label="Device" testId="chart-device" value={String(device.id)} onChange={pickDevice} />
        <select aria-label="Data point" data-testid="chart-point" value={point} onChange={(e) => setPoint(e.target.value)}>
          {(points.includes(point) ? points : [point, ...points]).map((p) => <option key={p}>{p}</option>)}
        </select>
        {PRESETS.map(([label, ms]) => <button key={label} aria-pressed={chartWindow.kind === 'live' && chartWindow.span === ms} onClick={() => { setCustomising(false); setChartWindow({ kind: 'live', span: ms }); }}>{label}</button>)}
        <button data-testid="range-custom" aria-pressed={chartWindow.kind === 'fixed' && chartWindow.why === 'custom'} onClick={() => setCustomising(!customising)}>Custom…</button>
        {list.length > shown.length && shown.length < MAX_COMPARED && (picking ? (
          <select aria-label="Compare with" data-testid="chart-compare" value="" autoFocus onBlur={() => setPicking(false)} onChange={(e) => { setPicking(false); if (e.target.value) setCompared([...compared, Number(e.target.value)]); }}>
            <option value="">Compare with…</option>
            {candidates}
          </select>
        ) : <button data-testid="chart-compare-open" onClick={() => setPicking(true)}>Compare…</button>)}
        <span className="muted" data-testid="chart-count">{primary ? `${primary.samples.length.toLocaleString()} of ${primary.total.toLocaleString()} samples shown` : 'loading…'}</span>
      </div>
      {customising && <CustomRange initial={{ from, to }} onCancel={() => setCustomising(false)} onApply={(r) => { setCustomising(false); setChartWindow({ kind: 'fixed', ...r, why: 'custom' }); }} />}
      {(chartWindow.kind === 'fixed' || compared.length > 0) && (
        <div className="chart-controls">
          {chartWindow.kind === 'fixed' && <span className="chip" data-testid="chart-window">{chartWindow.why === 'alarm' ? 'Alarm trace' : 'Custom'}: {formatTime(from)} – {formatTime(to)}</span>}
          {shown.slice(1).map((id) => <button key={id} className="chip" data-testid={`compare-${id}`} aria-label={`Stop comparing ${names.get(id) ?? id}`} onClick={() => setCompared(compared.filter((c) => c !== id))}>{names.get(id)} ×</button>)}
        </div>
      )}
      <div className="chart" ref={box} data-testid="chart">
        <ResponsiveContainer width="100%" height={240}>
          <LineChart margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
            <CartesianGrid stroke="#2a3644" strokeDasharray="3 3" />
            <XAxis dataKey="0" type="number" scale="time" domain={[from, to]} ticks={Array.from({ length: 7 }, (_, i) => from + (span * i) / 6)} allowDataOverflow tickFormatter={(t: number) => formatTick(t, span)} stroke="#8a99a8" fontSize={11} />
            <YAxis stroke="#8a99a8" fontSize={11} width={60} label={{ value: unit ? `${point} (${unit})` : point, angle: -90, position: 'insideLeft', fill: '#8a99a8', fontSize: 11 }} />
            <Tooltip shared={false} labelFormatter={(t) => formatTime(Number(t))} formatter={(v, name) => [`${String(v)} ${unit}`, String(name)]} contentStyle={{ background: '#161d25', border: '1px solid #2a3644' }} />
            {shown.flatMap((id) => (periods[id] ?? []).map((p) => (
              <ReferenceArea key={`${id}-${p.alarm}-${p.from}`} x1={p.from} x2={p.to ?? to} ifOverflow="hidden" fill={BAND_COLOUR[priorityBand(p.priority)]} fillOpacity={0.14} stroke="none" data-testid="alarm-period" label={{ value: p.name, fill: BAND_COLOUR[priorityBand(p.priority)], fontSize: 10, position: 'insideBottomLeft' }} />
            )))}
            {thresholds(rules, device, point).map((th) => <ReferenceLine key={`${th.label}-${th.value}`} y={th.value} stroke="#f85149" strokeDasharray="6 3" label={{ value: th.label, fill: '#f85149', fontSize: 11, position: 'insideTopRight' }} />)}
            {trace && chartWindow.kind === 'fixed' && chartWindow.why === 'alarm' && trace.deviceId === device.id && <ReferenceLine x={trace.at} stroke="#d29922" label={{ value: 'alarm', fill: '#d29922', fontSize: 11, position: 'insideTopLeft' }} />}
            {shown.map((id, i) => (
              <Line key={id} data={series[id]?.samples ?? []} dataKey="1" name={names.get(id) ?? String(id)} stroke={LINE_COLOURS[i]} dot={false} isAnimationActive={false} strokeWidth={1.5} />
            ))}
            {shown.length > 1 && <Legend verticalAlign="top" height={20} wrapperStyle={{ fontSize: 11 }} />}
          </LineChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}
