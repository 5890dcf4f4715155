import { Area, CartesianGrid, ComposedChart, Legend, Line, ReferenceArea, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AlarmPeriod } from '../../../../shared/alarms/periods.js';
import { formatTick, formatTime } from '../../format.js';
import { priorityBand } from '../alarms/priority.js';
import { BAND_COLOUR } from '../map/markers.js';
import { AQI_BANDS, isAqiPoint } from '../../../../shared/halo/aqi.js';

export interface ChartLine {
  id: number;
  name: string;
  samples: Array<[number, number]>;
  colour: string;
  /** [t, lowest, highest] per point, when the series is rollups: drawn as a band behind the mean. */
  band?: Array<[number, number, number]>;
}

const range = (d: [number, number, number]): [number, number] => [d[1], d[2]];

/**
 * One data point over a time window: a line per device, the rules' thresholds dashed, the
 * times an alarm stood shaded in its priority colour, and the alarm's moment marked when given.
 * Samples stay [t, v] pairs: no object per point. A long range comes as rollups: the mean as the
 * line, each minute's or hour's lowest and highest as a band behind it, so spikes stay visible.
 */
export function SeriesChart({ lines, periods, thresholds, from, to, point, unit, height, alarmAt }: {
  lines: ChartLine[];
  periods: AlarmPeriod[];
  thresholds: Array<{ value: number; label: string }>;
  from: number;
  to: number;
  point: string;
  unit: string;
  height: number;
  alarmAt?: number;
}) {
  const span = to - from;
  return (
    <ResponsiveContainer width="100%" height={height}>
      <ComposedChart margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
        <CartesianGrid stroke="#2a3644" strokeDasharray="3 3" />
        <XAxis dataKey="0" type="number" scale="time" domain={[from, to]} ticks={Array.from({ length: 7 }, (_, i) => from + (span * i) / 6)} allowDataOverflow tickFormatter={(t: number) => formatTick(t, span)} stroke="#8a99a8" fontSize={11} />
        <YAxis stroke="#8a99a8" fontSize={11} width={60} label={{ value: unit ? `${point} (${unit})` : point, angle: -90, position: 'insideLeft', fill: '#8a99a8', fontSize: 11 }} />
        <Tooltip shared={false} labelFormatter={(t) => formatTime(Number(t))} formatter={(v, name) => [`${String(v)} ${unit}`, String(name)]} contentStyle={{ background: '#161d25', border: '1px solid #2a3644' }} />
        {/* An AQI point is read by its bands: each drawn faintly in its colour behind the line. */}
        {isAqiPoint(point) && AQI_BANDS.map((b) => <ReferenceArea key={`aqi-${b.from}`} y1={b.from} y2={b.to} ifOverflow="hidden" fill={b.colour} fillOpacity={0.07} stroke="none" />)}
        {periods.map((p) => (
          <ReferenceArea key={`${p.alarm}-${p.from}`} x1={p.from} x2={p.to ?? to} ifOverflow="hidden" fill={BAND_COLOUR[priorityBand(p.priority)]} fillOpacity={0.14} stroke="none" label={{ value: p.name, fill: BAND_COLOUR[priorityBand(p.priority)], fontSize: 10, position: 'insideBottomLeft' }} />
        ))}
        {thresholds.map((th) => <ReferenceLine key={`${th.label}-${th.value}`} y={th.value} stroke="#f85149" strokeDasharray="6 3" label={{ value: th.label, fill: '#f85149', fontSize: 11, position: 'insideTopRight' }} />)}
        {alarmAt !== undefined && <ReferenceLine x={alarmAt} stroke="#d29922" label={{ value: 'alarm', fill: '#d29922', fontSize: 11, position: 'insideTopLeft' }} />}
        {lines.map((l) => l.band && <Area key={`band-${l.id}`} data={l.band} dataKey={range} name={`${l.name} (low–high)`} stroke="none" fill={l.colour} fillOpacity={0.18} isAnimationActive={false} legendType="none" tooltipType="none" />)}
        {lines.map((l) => <Line key={l.id} data={l.samples} dataKey="1" name={l.name} stroke={l.colour} dot={false} isAnimationActive={false} strokeWidth={1.5} />)}
        {lines.length > 1 && <Legend verticalAlign="top" height={20} wrapperStyle={{ fontSize: 11 }} />}
      </ComposedChart>
    </ResponsiveContainer>
  );
}
