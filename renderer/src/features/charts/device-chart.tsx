import { useEffect, useMemo, useRef, useState } from 'react';
import { CartesianGrid, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Bridge, SeriesReply } from '../../../../shared/bridge.js';
import type { DeviceStatus } from '../../../../shared/domain.js';
import type { Rule } from '../../../../shared/rules/schema.js';
import { useConsole } from '../../store/console-store.js';

const RANGES: Array<[label: string, ms: number]> = [['15 m', 15 * 60_000], ['1 h', 3_600_000], ['24 h', 86_400_000], ['7 d', 7 * 86_400_000]];
/** Recharts stays smooth up to a couple of thousand points; the server downsamples to this. */
const MAX_POINTS = 1500;

const clock = (t: number, span: number): string =>
  new Date(t).toLocaleString(undefined, span > 86_400_000 ? { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' } : { hour: '2-digit', minute: '2-digit', second: span <= 3_600_000 ? '2-digit' : undefined });

/** Thresholds of the rules that watch this point on this device (or its type). */
function thresholds(rules: Rule[], device: DeviceStatus, point: string): Array<{ value: number; label: string }> {
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
  const devices = useConsole((s) => s.devices);
  const list = useMemo(() => Object.values(devices).sort((a, b) => a.name.localeCompare(b.name)), [devices]);
  const [deviceId, setDeviceId] = useState<number | null>(null);
  const [point, setPoint] = useState('Noise');
  const [range, setRange] = useState(RANGES[1]![1]);
  /** A fixed window (an alarm's ±15 minutes) instead of the last `range`. */
  const [fixed, setFixed] = useState<{ from: number; to: number } | null>(null);
  const trace = useConsole((s) => s.trace);
  const [series, setSeries] = useState<SeriesReply | null>(null);
  const [rules, setRules] = useState<Rule[]>([]);
  const box = useRef<HTMLDivElement>(null);
  const device = deviceId === null ? list[0] : devices[deviceId];
  const points = useMemo(() => Object.keys(device?.latest ?? {}).sort(), [device]);

  useEffect(() => { void bridge.listRules().then((r) => setRules(r.map((x) => x.rule))).catch(() => undefined); }, [bridge]);

  // Opening an alarm's trace: its device, the point its rule watches, ±15 minutes around it.
  useEffect(() => {
    if (!trace) return;
    setDeviceId(trace.deviceId);
    const watched = rules.find((r) => r.id === trace.ruleId)?.when;
    if (watched?.type === 'data') setPoint(watched.point);
    setFixed({ from: trace.at - 15 * 60_000, to: trace.at + 15 * 60_000 });
  }, [trace]);

  // History from the server, downsampled to the chart's pixel width.
  useEffect(() => {
    if (!device) return;
    const to = fixed?.to ?? Date.now();
    const from = fixed?.from ?? to - range;
    const width = Math.min(MAX_POINTS, Math.max(100, box.current?.clientWidth ?? 800));
    let cancelled = false;
    void bridge.series(device.id, point, from, to, width).then((s) => { if (!cancelled) setSeries(s); }).catch(() => setSeries(null));
    return () => { cancelled = true; };
  }, [bridge, device?.id, point, range, fixed]);

  // The live tail: new values append to what is drawn, without fetching the history again.
  const latest = device?.latest[point];
  useEffect(() => {
    if (!latest || fixed) return;
    setSeries((s) => {
      if (!s || s.point !== point) return s;
      const last = s.samples[s.samples.length - 1];
      if (last && last[0] >= latest.t) return s;
      const from = Date.now() - range;
      const samples = [...s.samples.filter(([t]) => t >= from), [latest.t, latest.v] as [number, number]];
      return { ...s, to: latest.t, total: s.total + 1, samples: samples.length > MAX_POINTS ? samples.slice(-MAX_POINTS) : samples };
    });
  }, [latest?.t]);

  if (!device) return null;
  const data = (series?.samples ?? []).map(([t, v]) => ({ t, v }));
  const now = fixed?.to ?? Date.now();
  const span = fixed ? fixed.to - fixed.from : range;
  return (
    <section className="panel" aria-label="Data points">
      <h2>Data points</h2>
      <div className="chart-controls">
        <select aria-label="Device" data-testid="chart-device" value={device.id} onChange={(e) => setDeviceId(Number(e.target.value))}>
          {list.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
        </select>
        <select aria-label="Data point" data-testid="chart-point" value={point} onChange={(e) => setPoint(e.target.value)}>
          {(points.includes(point) ? points : [point, ...points]).map((p) => <option key={p}>{p}</option>)}
        </select>
        {RANGES.map(([label, ms]) => <button key={label} aria-pressed={!fixed && range === ms} onClick={() => { setFixed(null); setRange(ms); }}>{label}</button>)}
        {fixed && <span className="chip" data-testid="chart-window">{new Date(fixed.from).toLocaleTimeString()} – {new Date(fixed.to).toLocaleTimeString()}</span>}
        <span className="muted" data-testid="chart-count">{series ? `${series.samples.length} of ${series.total} samples shown` : 'loading…'}</span>
      </div>
      <div className="chart" ref={box} data-testid="chart">
        <ResponsiveContainer width="100%" height={240}>
          <LineChart data={data} margin={{ top: 8, right: 24, bottom: 8, left: 8 }}>
            <CartesianGrid stroke="#2a3644" strokeDasharray="3 3" />
            <XAxis dataKey="t" type="number" scale="time" domain={[now - span, now]} tickFormatter={(t: number) => clock(t, span)} stroke="#8a99a8" fontSize={11} />
            <YAxis stroke="#8a99a8" fontSize={11} width={60} label={{ value: series?.unit ? `${point} (${series.unit})` : point, angle: -90, position: 'insideLeft', fill: '#8a99a8', fontSize: 11 }} />
            <Tooltip labelFormatter={(t) => new Date(Number(t)).toLocaleString()} formatter={(v) => [`${String(v)} ${series?.unit ?? ''}`, point]} contentStyle={{ background: '#161d25', border: '1px solid #2a3644' }} />
            {thresholds(rules, device, point).map((th) => <ReferenceLine key={`${th.label}-${th.value}`} y={th.value} stroke="#f85149" strokeDasharray="6 3" label={{ value: th.label, fill: '#f85149', fontSize: 11, position: 'insideTopRight' }} />)}
            {trace && fixed && trace.deviceId === device.id && <ReferenceLine x={trace.at} stroke="#d29922" label={{ value: 'alarm', fill: '#d29922', fontSize: 11, position: 'insideTopLeft' }} />}
            <Line dataKey="v" stroke="#58a6ff" dot={false} isAnimationActive={false} strokeWidth={1.5} />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </section>
  );
}
