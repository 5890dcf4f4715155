import { useState } from 'react';
import type { Bridge, TcpServerInfo } from '../../../../shared/bridge.js';
import { t } from '../../i18n/strings.js';

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));
type Draft = { name: string; host: string; port: string; autoCreateDevices: boolean; networkPrefix: number };
const EMPTY: Draft = { name: '', host: '127.0.0.1', port: '', autoCreateDevices: false, networkPrefix: 24 };
/** How wide a HALO network is: three HALOs silent together on one are a network fault. */
const PREFIXES = [16, 20, 22, 23, 24, 25, 26, 27, 28];

/** The HALO TCP servers: add one, change where it listens, remove it (admin). */
export function TcpServersPanel({ bridge, servers, admin, onChange }: { bridge: Bridge; servers: TcpServerInfo[]; admin: boolean; onChange: () => void }) {
  const [editing, setEditing] = useState<number | 'new' | null>(null);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [note, setNote] = useState<string | null>(null);
  const port = Number(draft.port);
  const problem = !draft.name.trim() ? t('integration.nameNeeded') : !draft.host.trim() ? t('integration.tcp.hostNeeded') : draft.port === '' || !Number.isInteger(port) || port < 0 || port > 65535 ? t('integration.tcp.port') : null;

  const save = (): void => {
    setNote(null);
    const current = servers.find((s) => s.id === editing);
    // An edit replaces the whole configuration: what this form does not show stays as it was.
    const kept = current ? (({ id: _i, boundPort: _b, listening: _l, connections: _c, error: _e, ...config }) => config)(current) : {};
    const body = { ...kept, name: draft.name.trim(), host: draft.host.trim(), port, autoCreateDevices: draft.autoCreateDevices, networkPrefix: draft.networkPrefix };
    const call = editing === 'new' || editing === null ? bridge.call('tcpServers.create', { body }) : bridge.call('tcpServers.update', { params: { id: editing }, body });
    call.then((s) => { setNote(s.listening ? t('integration.tcp.listening', { name: s.name, host: s.host, port: String(s.boundPort) }) : t('integration.tcp.notListening', { name: s.name, error: s.error ?? t('integration.tcp.unknownReason') })); setEditing(null); onChange(); })
      .catch((e: unknown) => setNote(message(e)));
  };
  const remove = (s: TcpServerInfo): void => {
    if (!window.confirm(t('integration.removeHalosSendingTo', { name: s.name }))) return;
    bridge.call('tcpServers.delete', { params: { id: s.id } }).then(() => { setNote(t('integration.removed', { name: s.name })); onChange(); }).catch((e: unknown) => setNote(message(e)));
  };
  const edit = (s: TcpServerInfo | null): void => {
    setEditing(s ? s.id : 'new');
    setDraft(s ? { name: s.name, host: s.host, port: String(s.port), autoCreateDevices: s.autoCreateDevices, networkPrefix: s.networkPrefix ?? 24 } : EMPTY);
  };

  return (
    <section className="panel" aria-label={t('integration.tcpServers')} data-testid="tcp-servers-panel">
      <h2>{t('integration.tcpServers')} {admin && editing === null && <button data-testid="tcp-server-add" onClick={() => edit(null)}>{t('integration.addTcpServer')}</button>}</h2>
      {note && <div role="status" data-testid="tcp-servers-note">{note}</div>}
      <table>
        <thead><tr><th>{t('integration.name')}</th><th>{t('integration.listeningOn')}</th><th>{t('integration.connections')}</th><th>{t('integration.delimiter')}</th><th>{t('integration.deviceIdRegex')}</th><th>{t('integration.autoCreate')}</th><th /></tr></thead>
        <tbody>{servers.map((s) => (
          <tr key={s.id} data-testid={`tcp-server-${s.name}`}>
            <td>{s.name}</td><td>{s.listening ? `${s.host}:${s.boundPort}` : <span className="error">{s.error ?? t('integration.notListening')}</span>}</td><td>{s.connections}</td><td><code>{JSON.stringify(s.delimiter)}</code></td><td><code>{s.deviceIdRegex}</code></td><td>{s.autoCreateDevices ? t('integration.on') : t('integration.off')}</td>
            <td>{admin && <><button onClick={() => edit(s)}>{t('integration.edit')}</button><button onClick={() => remove(s)}>{t('integration.remove')}</button></>}</td>
          </tr>
        ))}</tbody>
      </table>
      {editing !== null && (
        <form className="inline-form" data-testid="tcp-server-form" onSubmit={(e) => { e.preventDefault(); if (!problem) save(); }}>
          <strong>{editing === 'new' ? t('integration.newTcpServer') : t('integration.editTcpServer')}</strong>
          <input aria-label={t('integration.serverName')} placeholder={t('integration.name')} data-testid="tcp-server-name" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
          <input aria-label={t('integration.listenOnHost')} placeholder={t('integration.host')} data-testid="tcp-server-host" value={draft.host} onChange={(e) => setDraft({ ...draft, host: e.target.value })} />
          <input aria-label={t('integration.port')} placeholder={t('integration.port0AnyFree')} data-testid="tcp-server-port" inputMode="numeric" value={draft.port} onChange={(e) => setDraft({ ...draft, port: e.target.value })} />
          <label><input type="checkbox" checked={draft.autoCreateDevices} onChange={(e) => setDraft({ ...draft, autoCreateDevices: e.target.checked })} /> {t('integration.createDevicesForUnknown')}</label>
          <label title={t('integration.haloNetworksTitle')}>{t('integration.haloNetworks')} <select aria-label={t('integration.haloNetworkSize')} data-testid="tcp-server-network-prefix" value={draft.networkPrefix} onChange={(e) => setDraft({ ...draft, networkPrefix: Number(e.target.value) })}>
            {[...new Set([...PREFIXES, draft.networkPrefix])].sort((x, y) => x - y).map((p) => <option key={p} value={p}>/{p}</option>)}
          </select></label>
          <button type="submit" data-testid="tcp-server-save" disabled={Boolean(problem)} title={problem ?? undefined}>{t('integration.save')}</button>
          <button type="button" onClick={() => setEditing(null)}>{t('integration.cancel')}</button>
        </form>
      )}
    </section>
  );
}
