import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Bridge, TcpServerInfo } from '../../../../shared/bridge.js';
import type { DeviceType } from '../../../../shared/halo/device-type.js';
import { useConsole } from '../../store/console-store.js';
import { formatTime } from '../../format.js';
import { TcpServersPanel } from './tcp-servers-panel.js';
import { CamerasPanel } from './cameras-panel.js';
import { DevicesPanel, type Prefill } from './devices-panel.js';

type TypeView = { type: DeviceType; builtIn: boolean; collisions: Array<{ event: string; dataPoint: string; message: string }> };
const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function CopyLine({ label, text }: { label: string; text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="copy-line">
      <div className="muted">{label}</div>
      <code data-testid={`halo-${label.toLowerCase()}`}>{text}</code>
      <button onClick={() => void navigator.clipboard?.writeText(text).then(() => { setCopied(true); setTimeout(() => setCopied(false), 1500); })}>{copied ? 'Copied' : 'Copy'}</button>
    </div>
  );
}

/** Regex test bench: paste a frame, see what the device type reads from it. */
function TestBench({ type }: { type: DeviceType }) {
  const [frame, setFrame] = useState('DeviceId=Bath2F Noise=@48@ PM2.5=@3@ TVOC=@n/a@');
  const results = useMemo(() => {
    const out: Array<[string, string]> = [];
    for (const p of type.dataPoints) {
      try {
        const m = new RegExp(p.regex).exec(frame);
        if (m) out.push([p.name, m[1] ?? '(no group)']);
      } catch { out.push([p.name, 'invalid regex']); }
    }
    for (const e of type.events) {
      try {
        if (new RegExp(e.regex).test(frame)) out.push([`event ${e.name}`, e.resetRegex && new RegExp(e.resetRegex).test(frame) ? 'Reset' : e.resetRegex ? 'Set' : 'instant']);
      } catch { out.push([`event ${e.name}`, 'invalid regex']); }
    }
    return out;
  }, [type, frame]);
  return (
    <div className="test-bench">
      <input aria-label="Frame to test" data-testid="test-frame" value={frame} onChange={(e) => setFrame(e.target.value)} />
      <table><tbody>{results.length === 0 ? <tr><td className="muted">Nothing matches.</td></tr> : results.map(([k, v]) => <tr key={k}><td>{k}</td><td>{v}</td></tr>)}</tbody></table>
    </div>
  );
}

export function IntegrationView({ bridge }: { bridge: Bridge }) {
  const stats = useConsole((s) => s.stats);
  const session = useConsole((s) => s.session);
  const [servers, setServers] = useState<TcpServerInfo[]>([]);
  const [types, setTypes] = useState<TypeView[]>([]);
  const [typeId, setTypeId] = useState('halo');
  const [strings, setStrings] = useState<{ heartbeat: string; set: string; reset: string; warnings: string[] } | null>(null);
  const [note, setNote] = useState<string | null>(null);
  const admin = session?.role === 'admin';

  const load = (): void => {
    void bridge.call('tcpServers.list').then(setServers).catch((e: unknown) => setNote(message(e)));
    void bridge.call('deviceTypes.list').then(setTypes).catch((e: unknown) => setNote(message(e)));
  };
  useEffect(load, [bridge]);
  const server = servers[0];
  useEffect(() => {
    if (server) void bridge.call('tcpServers.haloStrings', { params: { id: server.id }, query: { typeId } }).then(setStrings).catch((e: unknown) => setNote(message(e)));
  }, [bridge, server?.id, typeId]);
  const type = types.find((t) => t.type.id === typeId)?.type;

  // An unmatched id opens the device form filled in: the integrator names it and places it.
  const [prefill, setPrefill] = useState<Prefill | null>(null);
  const prefillUsed = useCallback(() => setPrefill(null), []);
  const createFromUnmatched = (deviceId: string, serverId: number): void => {
    setNote(null);
    setPrefill({ deviceId, serverId });
    setTimeout(() => document.querySelector('[data-testid="device-form"]')?.scrollIntoView({ block: 'center' }), 50);
  };

  const importFile = async (file: File): Promise<void> => {
    setNote(null);
    try {
      const r = await bridge.call('deviceTypes.create', { body: JSON.parse(await file.text()) as never });
      setNote(`Imported ${r.type.name}${r.collisions.length ? ` — ${r.collisions.length} collision(s) between events and data points` : ''}.`);
      load();
    } catch (e) {
      setNote(`Not imported: ${message(e)}`);
    }
  };

  const exportType = (t: DeviceType): void => {
    const url = URL.createObjectURL(new Blob([JSON.stringify(t, null, 2)], { type: 'application/json' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${t.id}.device-type.json`;
    a.click();
    URL.revokeObjectURL(url);
  };

  return (
    <main className="integration">
      {note && <div className="panel note" role="status" data-testid="integration-note">{note}</div>}
      <section className="panel">
        <h2>Unmatched device ids</h2>
        {!stats?.unmatchedIds.length ? <div className="empty">Every frame belongs to a device.</div> : (
          <table data-testid="unmatched-table">
            <thead><tr><th>Device id</th><th>Frames</th><th>Last seen</th><th>Sample</th><th /></tr></thead>
            <tbody>
              {stats.unmatchedIds.map((u) => (
                <tr key={`${u.serverId}-${u.deviceId}`}>
                  <td>{u.deviceId}</td><td>{u.count}</td><td>{formatTime(u.lastSeen)}</td><td className="muted">{u.sample.slice(0, 50)}</td>
                  <td>{admin && <button data-testid={`create-${u.deviceId}`} onClick={() => createFromUnmatched(u.deviceId, u.serverId)}>Create device…</button>}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <DevicesPanel bridge={bridge} admin={admin} servers={servers} types={types.map((t) => ({ id: t.type.id, name: t.type.name }))} prefill={prefill} onPrefillUsed={prefillUsed} />
      <TcpServersPanel bridge={bridge} servers={servers} admin={admin} onChange={load} />
      <CamerasPanel bridge={bridge} admin={admin} />
      <section className="panel">
        <h2>HALO strings {server && <span className="muted">for {server.name}</span>}</h2>
        <div className="chart-controls">
          <select aria-label="Device type" value={typeId} onChange={(e) => setTypeId(e.target.value)}>{types.map((t) => <option key={t.type.id} value={t.type.id}>{t.type.name}</option>)}</select>
          <span className="muted">Paste into the HALO's Integration tab (Heartbeat) and Primary Integration Set/Reset.</span>
        </div>
        {strings && (
          <div className="copy-lines">
            <CopyLine label="Heartbeat" text={strings.heartbeat} />
            <CopyLine label="Set" text={strings.set} />
            <CopyLine label="Reset" text={strings.reset} />
            {strings.warnings.map((w) => <div key={w} className="error">{w}</div>)}
          </div>
        )}
      </section>
      <section className="panel">
        <h2>Device types</h2>
        <div className="chart-controls">
          {admin && <label className="file-button">Import JSON… <input type="file" accept="application/json,.json" data-testid="import-type" onChange={(e) => { const f = e.target.files?.[0]; if (f) void importFile(f); e.target.value = ''; }} /></label>}
        </div>
        <table>
          <thead><tr><th>Type</th><th>Data points</th><th>Events</th><th>Collisions</th><th /></tr></thead>
          <tbody>{types.map((t) => (
            <tr key={t.type.id}>
              <td>{t.type.name} {t.builtIn && <span className="chip">built in</span>}</td><td>{t.type.dataPoints.length}</td><td>{t.type.events.length}</td>
              <td>{t.collisions.length ? <span className="error" title={t.collisions.map((c) => c.message).join('\n')}>{t.collisions.length} — {t.collisions[0]!.message}</span> : 'none'}</td>
              <td><button onClick={() => exportType(t.type)}>Export</button></td>
            </tr>
          ))}</tbody>
        </table>
        {type && <><h2>Test bench: {type.name}</h2><TestBench type={type} /></>}
      </section>
    </main>
  );
}
