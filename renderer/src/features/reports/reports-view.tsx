import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { AlarmKpis } from '../../../../shared/alarms/kpis.js';
import type { Bridge } from '../../../../shared/bridge.js';
import { formatTime } from '../../format.js';
import { datedName, download, isoLocal, toCsv } from './csv.js';
import { presetRange, RANGE_PRESETS } from './ranges.js';
import { STATE_LABEL } from '../alarms/state-label.js';
import { t, type StringKey } from '../../i18n/strings.js';

type Kind = 'events' | 'alarms' | 'audit';
type Row = { t: number; cells: unknown[] };
const HEADERS: Record<Kind, string[]> = {
  events: ['time', 'origin', 'source', 'name', 'kind', 'description'],
  alarms: ['activated', 'priority', 'name', 'source', 'state', 'acknowledged', 'acknowledged by', 'cleared', 'ended', 'stood'],
  audit: ['time', 'actor', 'action', 'target', 'reason'],
};
/** The columns on screen, in the operator's language; the CSV keeps the English names that scripts read. */
const COLUMN: Record<string, StringKey> = {
  time: 'reports.col.time',
  origin: 'reports.col.origin',
  source: 'reports.col.source',
  name: 'reports.col.name',
  kind: 'reports.col.kind',
  description: 'reports.col.description',
  activated: 'reports.col.activated',
  priority: 'reports.col.priority',
  state: 'reports.col.state',
  acknowledged: 'reports.col.acknowledged',
  'acknowledged by': 'reports.col.acknowledgedBy',
  cleared: 'reports.col.cleared',
  ended: 'reports.col.ended',
  stood: 'reports.col.stood',
  actor: 'reports.col.actor',
  action: 'reports.col.action',
  target: 'reports.col.target',
  reason: 'reports.col.reason',
};
const DAY = 86_400_000;
const when = (t: number | null): string => (t === null ? '' : formatTime(t));
/** How long the condition stood: to its clear, or to now while it stands. */
const stood = (from: number, until: number | null): string => {
  const s = Math.max(0, Math.round(((until ?? Date.now()) - from) / 1000));
  return s < 60 ? `${s} s` : s < 3600 ? `${Math.floor(s / 60)} min ${s % 60} s` : `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
};
const local = (t: number): string => new Date(t - new Date(t).getTimezoneOffset() * 60_000).toISOString().slice(0, 16);

/** Each KPI with its ISA-18.2 target and what its word means, so a card reads without the standard at hand. */
function kpiCards(k: AlarmKpis): Array<{ label: string; value: string | number; bad: boolean; target: string; meaning: string }> {
  return [
    { label: t('reports.kpi.activations'), value: k.activations, bad: false, target: t('reports.kpi.activations.target'), meaning: t('reports.kpi.activations.meaning') },
    { label: t('reports.kpi.per10Minutes'), value: k.per10Minutes.toFixed(2), bad: k.per10Minutes > 2, target: t('reports.kpi.per10Minutes.target'), meaning: t('reports.kpi.per10Minutes.meaning') },
    { label: t('reports.kpi.floods'), value: k.floods.length, bad: k.floods.length > 0, target: t('reports.kpi.floods.target'), meaning: t('reports.kpi.floods.meaning') },
    { label: t('reports.kpi.standing'), value: k.standing, bad: false, target: t('reports.kpi.standing.target'), meaning: t('reports.kpi.standing.meaning') },
    { label: t('reports.kpi.stale'), value: k.stale.length, bad: k.stale.length > 0, target: t('reports.kpi.stale.target'), meaning: t('reports.kpi.stale.meaning') },
    { label: t('reports.kpi.chattering'), value: k.chattering.length, bad: k.chattering.length > 0, target: t('reports.kpi.chattering.target'), meaning: t('reports.kpi.chattering.meaning') },
  ];
}

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
      // One row per time an alarm stood, not per alarm: a Vape that fired five times is five rows.
      if (kind === 'alarms') setRows((await bridge.call('alarms.occurrences', { query: { from: f, to: t } })).map((o) => ({ t: o.activatedAt, cells: [formatTime(o.activatedAt), o.priority, o.name, o.source, STATE_LABEL[o.state as keyof typeof STATE_LABEL] ?? 'NORMAL', when(o.acknowledgedAt), o.acknowledgedBy ?? '', when(o.clearedAt), when(o.endedAt), stood(o.activatedAt, o.clearedAt ?? o.endedAt)] })));
      if (kind === 'audit') setRows((await bridge.call('audit.list', { query: { from: f, to: t, limit: 10_000 } })).map((a) => ({ t: a.t, cells: [formatTime(a.t), a.actor, a.action, a.target, a.reason] })));
      setKpis(await bridge.call('kpis.get', { query: { from: f, to: t } }));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <main className="integration">
      <section className="panel">
        <h2>{t('reports.history')}</h2>
        <div className="chart-controls">
          <select aria-label={t('reports.what')} data-testid="report-kind" value={kind} onChange={(e) => { setKind(e.target.value as Kind); setRows(null); }}>
            <option value="events">{t('reports.events')}</option><option value="alarms">{t('reports.alarms')}</option><option value="audit">{t('reports.auditTrail')}</option>
          </select>
          {RANGE_PRESETS.map(([id, label]) => (
            <button key={id} data-testid={`report-range-${id}`} onClick={() => { const r = presetRange(id, new Date()); setFrom(local(r.from.getTime())); setTo(local(r.to.getTime())); }}>{t(label)}</button>
          ))}
          <label>{t('reports.from')} <input type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} /></label>
          <label>{t('reports.to')} <input type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} /></label>
          <button data-testid="report-run" onClick={() => void run()}>{t('reports.search')}</button>
          {rows && <button data-testid="report-csv" onClick={() => download(datedName(kind, new Date(from).getTime()), toCsv([`${HEADERS[kind][0]} (ISO 8601, local offset)`, ...HEADERS[kind].slice(1)], rows.map((r) => [isoLocal(r.t), ...r.cells.slice(1)])))}>{t('reports.exportCsv')}{rows.length})</button>}
        </div>
        {error && <div className="error" role="alert">{error}</div>}
        {rows && (
          <div className="report-table">
            <table data-testid="report-table">
              <thead><tr>{HEADERS[kind].map((h) => <th key={h}>{COLUMN[h] ? t(COLUMN[h]) : h}</th>)}</tr></thead>
              <tbody>{rows.slice(0, 500).map((r, i) => <tr key={i}>{r.cells.map((c, j) => <td key={j}>{String(c)}</td>)}</tr>)}</tbody>
            </table>
            {rows.length > 500 && <div className="muted">{t('reports.first500', { n: rows.length })}</div>}
          </div>
        )}
      </section>
      {kpis && (
        <section className="panel" data-testid="kpi-panel">
          <h2>{t('reports.alarmKpis')}</h2>
          <div className="cards kpi-cards">
            {kpiCards(kpis).map((k) => (
              <div key={k.label} className={`card${k.bad ? ' bad' : ''}`} data-testid={`kpi-${k.label}`} title={k.meaning}>
                <div className="label">{k.label}</div><div className="value">{k.value}</div>
                <div className="kpi-target">{k.target}</div>
                <div className="kpi-meaning muted">{k.meaning}</div>
              </div>
            ))}
          </div>
          <h2>{t('reports.badActors')}</h2>
          {kpis.badActors.length === 0 ? <div className="empty">{t('reports.noActivationsInThis')}</div> : (
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
