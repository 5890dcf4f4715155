import { useCallback, useEffect, useMemo, useState } from 'react';
import type { Bridge, TcpServerInfo } from '../../../../shared/bridge.js';
import type { DeviceType } from '../../../../shared/halo/device-type.js';
import { useConsole } from '../../store/console-store.js';
import { formatTime } from '../../format.js';
import { TcpServersPanel } from './tcp-servers-panel.js';
import { CamerasPanel } from './cameras-panel.js';
import { DevicesPanel, type Prefill } from './devices-panel.js';
import { t } from '../../i18n/strings.js';

type TypeView = { type: DeviceType; builtIn: boolean; collisions: Array<{ event: string; dataPoint: string; message: string }> };
const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

function CopyLine({ label, text }: { label: string; text: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="copy-line">
      <div className="muted">{label}</div>
      <code data-testid={`halo-${label.toLowerCase()}`}>{text}</code>
      <button onClick={() => void navigator.clipboard?.writeText(text).then(() => { setCopied(true); setTimeout(() => setCopied(false), 1500); })}>{copied ? t('integration.copied') : t('integration.copy')}</button>
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
        if (m) out.push([p.name, m[1] ?? t('integration.bench.noGroup')]);
      } catch { out.push([p.name, t('integration.bench.invalidRegex')]); }
    }
    for (const e of type.events) {
      try {
        if (new RegExp(e.regex).test(frame)) out.push([t('integration.bench.event', { name: e.name }), e.resetRegex && new RegExp(e.resetRegex).test(frame) ? t('integration.bench.reset') : e.resetRegex ? t('integration.bench.set') : t('integration.bench.instant')]);
      } catch { out.push([t('integration.bench.event', { name: e.name }), t('integration.bench.invalidRegex')]); }
    }
    return out;
  }, [type, frame]);
  return (
    <div className="test-bench">
      <input aria-label={t('integration.frameToTest')} data-testid="test-frame" value={frame} onChange={(e) => setFrame(e.target.value)} />
      <table><tbody>{results.length === 0 ? <tr><td className="muted">{t('integration.nothingMatches')}</td></tr> : results.map(([k, v]) => <tr key={k}><td>{k}</td><td>{v}</td></tr>)}</tbody></table>
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
      setNote(t('integration.imported', { name: r.type.name, collisions: r.collisions.length ? t('integration.importCollisions', { n: r.collisions.length }) : '' }));
      load();
    } catch (e) {
      setNote(t('integration.notImported', { error: message(e) }));
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
        <h2>{t('integration.unmatchedDeviceIds')}</h2>
        {!stats?.unmatchedIds.length ? <div className="empty">{t('integration.everyFrameBelongsTo')}</div> : (
          <table data-testid="unmatched-table">
            <thead><tr><th>{t('integration.deviceId')}</th><th>{t('integration.frames')}</th><th>{t('integration.lastSeen')}</th><th>{t('integration.sample')}</th><th /></tr></thead>
            <tbody>
              {stats.unmatchedIds.map((u) => (
                <tr key={`${u.serverId}-${u.deviceId}`}>
                  <td>{u.deviceId}</td><td>{u.count}</td><td>{formatTime(u.lastSeen)}</td><td className="muted">{u.sample.slice(0, 50)}</td>
                  <td>{admin && <button data-testid={`create-${u.deviceId}`} onClick={() => createFromUnmatched(u.deviceId, u.serverId)}>{t('integration.createDevice2')}</button>}</td>
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
        <h2>{t('integration.haloStrings')} {server && <span className="muted">{t('integration.for', { name: server.name })}</span>}</h2>
        <div className="chart-controls">
          <select aria-label={t('integration.deviceType')} value={typeId} onChange={(e) => setTypeId(e.target.value)}>{types.map((t) => <option key={t.type.id} value={t.type.id}>{t.type.name}</option>)}</select>
          <span className="muted">{t('integration.pasteIntoTheHalo')}</span>
        </div>
        {strings && (
          <div className="copy-lines">
            <CopyLine label={t('integration.heartbeat')} text={strings.heartbeat} />
            <CopyLine label={t('integration.set')} text={strings.set} />
            <CopyLine label={t('integration.reset')} text={strings.reset} />
            {strings.warnings.map((w) => <div key={w} className="error">{w}</div>)}
          </div>
        )}
      </section>
      <section className="panel">
        <h2>{t('integration.deviceTypes')}</h2>
        <div className="chart-controls">
          {admin && <label className="file-button">{t('integration.importJson')} <input type="file" accept="application/json,.json" data-testid="import-type" onChange={(e) => { const f = e.target.files?.[0]; if (f) void importFile(f); e.target.value = ''; }} /></label>}
        </div>
        <table>
          <thead><tr><th>{t('integration.type')}</th><th>{t('integration.dataPoints')}</th><th>{t('integration.events')}</th><th>{t('integration.collisions')}</th><th /></tr></thead>
          <tbody>{types.map((dt) => (
            <tr key={dt.type.id}>
              <td>{dt.type.name} {dt.builtIn && <span className="chip">{t('integration.builtIn')}</span>}</td><td>{dt.type.dataPoints.length}</td><td>{dt.type.events.length}</td>
              <td>{dt.collisions.length ? <span className="error" title={dt.collisions.map((c) => c.message).join('\n')}>{dt.collisions.length} — {dt.collisions[0]!.message}</span> : t('integration.none')}</td>
              <td><button onClick={() => exportType(dt.type)}>{t('integration.export')}</button></td>
            </tr>
          ))}</tbody>
        </table>
        {type && <><h2>{t('integration.testBench')} {type.name}</h2><TestBench type={type} /></>}
      </section>
    </main>
  );
}
