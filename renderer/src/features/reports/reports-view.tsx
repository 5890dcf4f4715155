import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AlarmKpis } from '../../../../shared/alarms/kpis.js';
import type { Bridge } from '../../../../shared/bridge.js';
import { formatTime } from '../../format.js';
import { datedName, download, isoLocal, toCsv } from './csv.js';
import { presetRange, RANGE_PRESETS } from './ranges.js';
import { STATE_LABEL } from '../alarms/state-label.js';

type Kind = 'events' | 'alarms' | 'audit';
type Row = { t: number; cells: unknown[] };
const HEADERS: Record<Kind, string[]> = {
  events: ['time', 'origin', 'source', 'name', 'kind', 'description'],
  alarms: ['last change', 'priority', 'name', 'source', 'state', 'activations', 'acknowledged by'],
  audit: ['time', 'actor', 'action', 'target', 'reason'],
};
const DAY = 86_400_000;
const local = (t: number): string => new Date(t - new Date(t).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

export function ReportsView({ bridge }: { bridge: Bridge }) {
  const [kind, setKind] = useState<Kind>('events');
  const [from, setFrom] = useState(local(Date.now() - DAY));
  const [to, setTo] = useState(local(Date.now()));
  const [rows, setRows] = useState<Row[] | null>(null);
  const [kpis, setKpis] = useState<AlarmKpis | null>(null);
  const [error, setError] = useState<string | null>(null);

  const run = async (): Promise<void> => {
    setError(null);
    const f = new Date(from).getTime();
    // The fields have minute precision: "To" includes its whole minute.
    const t = new Date(to).getTime() + 59_999;
    try {
      if (kind === 'events') setRows((await bridge.call('events.list', { query: { from: f, to: t, limit: 10_000 } })).map((e) => ({ t: e.t, cells: [formatTime(e.t), e.origin, e.source, e.name, e.kind, e.description] })));
      if (kind === 'alarms') setRows((await bridge.call('alarms.list', { query: { from: f, to: t } })).map((a) => ({ t: a.lastChangeAt, cells: [formatTime(a.lastChangeAt), a.priority, a.name, a.source.name, STATE_LABEL[a.state], a.activations, a.acknowledgedBy ?? ''] })));
      if (kind === 'audit') setRows((await bridge.call('audit.list', { query: { from: f, to: t, limit: 10_000 } })).map((a) => ({ t: a.t, cells: [formatTime(a.t), a.actor, a.action, a.target, a.reason] })));
      setKpis(await bridge.call('kpis.get', { query: { from: f, to: t } }));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <main className="integration">
      <section className="panel">
        <h2>History</h2>
        <div className="chart-controls">
          <select aria-label="What" data-testid="report-kind" value={kind} onChange={(e) => { setKind(e.target.value as Kind); setRows(null); }}>
            <option value="events">Events</option><option value="alarms">Alarms</option><option value="audit">Audit trail</option>
          </select>
          {RANGE_PRESETS.map(([id, label]) => (
            <button key={id} data-testid={`report-range-${id}`} onClick={() => { const r = presetRange(id, new Date()); setFrom(local(r.from.getTime())); setTo(local(r.to.getTime())); }}>{label}</button>
          ))}
          <label>From <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} /></label>
          <label>To <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} /></label>
          <button data-testid="report-run" onClick={() => void run()}>Search</button>
          {rows && <button data-testid="report-csv" onClick={() => download(datedName(kind, new Date(from).getTime()), toCsv([`${HEADERS[kind][0]} (ISO 8601, local offset)`, ...HEADERS[kind].slice(1)], rows.map((r) => [isoLocal(r.t), ...r.cells.slice(1)])))}>Export CSV ({rows.length})</button>}
        </div>
        {error && <div className="error" role="alert">{error}</div>}
        {rows && (
          <div className="report-table">
            <table data-testid="report-table">
              <thead><tr>{HEADERS[kind].map((h) => <th key={h}>{h}</th>)}</tr></thead>
              <tbody>{rows.slice(0, 500).map((r, i) => <tr key={i}>{r.cells.map((c, j) => <td key={j}>{String(c)}</td>)}</tr>)}</tbody>
            </table>
            {rows.length > 500 && <div className="muted">The first 500 of {rows.length} are shown; the export has them all.</div>}
          </div>
        )}
      </section>
      {kpis && (
        <section className="panel" data-testid="kpi-panel">
          <h2>Alarm KPIs</h2>
          <div className="cards kpi-cards">
            <div className="card"><div className="label">Activations</div><div className="value">{kpis.activations}</div></div>
            <div className={`card${kpis.per10Minutes > 2 ? ' bad' : ''}`}><div className="label">Per 10 minutes</div><div className="value">{kpis.per10Minutes.toFixed(2)}</div></div>
            <div className={`card${kpis.floods.length ? ' bad' : ''}`}><div className="label">Floods</div><div className="value">{kpis.floods.length}</div></div>
            <div className="card"><div className="label">Standing</div><div className="value">{kpis.standing}</div></div>
            <div className={`card${kpis.stale.length ? ' bad' : ''}`}><div className="label">Stale (&gt; 24 h)</div><div className="value">{kpis.stale.length}</div></div>
            <div className={`card${kpis.chattering.length ? ' bad' : ''}`}><div className="label">Chattering</div><div className="value">{kpis.chattering.length}</div></div>
          </div>
          <h2>Bad actors</h2>
          {kpis.badActors.length === 0 ? <div className="empty">No activations in this window.</div> : (
            <ResponsiveContainer width="100%" height={40 + kpis.badActors.length * 28}>
              <BarChart data={kpis.badActors.map((b) => ({ name: `${b.name} · ${b.source}`, activations: b.activations }))} layout="vertical" margin={{ left: 220, right: 24 }}>
                <CartesianGrid stroke="#2a3644" strokeDasharray="3 3" />
                <XAxis type="number" allowDecimals={false} stroke="#8a99a8" fontSize={11} />
                <YAxis type="category" dataKey="name" stroke="#8a99a8" fontSize={11} width={210} />
                <Tooltip contentStyle={{ background: '#161d25', border: '1px solid #2a3644' }} />
                <Bar dataKey="activations" fill="#d29922" isAnimationActive={false} />
              </BarChart>
            </ResponsiveContainer>
          )}
        </section>
      )}
    </main>
  );
}
