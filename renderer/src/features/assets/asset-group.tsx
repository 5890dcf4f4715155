import { useEffect, useMemo, useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import { commandLabel } from '../../../../shared/site/asset-model.js';
import type { CommandTables } from '../../../../shared/site/tables.js';
import type { AssetView } from '../../../../shared/site/views.js';
import { useConsole } from '../../store/console-store.js';
import { commandTables } from './use-asset-commands.js';
import { isOneClick } from './command-kinds.js';
import { t } from '../../i18n/strings.js';


/** Commands every selected asset allows this operator, and whether any of them asks to confirm. */
export function commonCommands(tables: CommandTables, role: keyof CommandTables, assets: AssetView[]): Array<{ command: string; confirm: boolean }> {
  if (assets.length === 0) return [];
  const [first, ...rest] = assets;
  return Object.entries(tables[role][first!.type])
    .filter(([c, r]) => r.allowed && isOneClick(c) && rest.every((a) => tables[role][a.type][c]?.allowed))
    .map(([c]) => ({ command: c, confirm: assets.some((a) => tables[role][a.type][c]?.confirm) }));
}

/** A multi-selection of doors, readers, outputs…: one command sent to each, each outcome shown. */
export function AssetGroup({ bridge, ids, onClose }: { bridge: Bridge; ids: string[]; onClose: () => void }) {
  const assets = useConsole((s) => s.assets);
  const commands = useConsole((s) => s.commands);
  const role = useConsole((s) => s.session?.role);
  const [tables, setTables] = useState<CommandTables | null>(null);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { void commandTables(bridge).then(setTables).catch(() => undefined); }, [bridge]);
  const selected = ids.map((id) => assets[id]).filter((a): a is AssetView => a !== undefined);
  const available = tables && role ? commonCommands(tables, role, selected) : [];
  const outcomes = useMemo(() => {
    const last = new Map<string, (typeof commands)[number]>();
    for (const c of Object.values(commands)) {
      if (c.assetId !== null && ids.includes(c.assetId) && (last.get(c.assetId)?.id ?? 0) < c.id) last.set(c.assetId, c);
    }
    return last;
  }, [commands, ids]);

  const send = (command: string, confirmed: boolean): void => {
    setError(null);
    bridge.call('assets.commandSelection', { body: { assetIds: selected.map((a) => a.id), command, params: {}, confirmed } }).catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };
  const first = selected[0];
  return (
    <aside className="asset-detail panel" data-testid="asset-group" aria-label={t('assets.assetsSelected', { n: selected.length })}>
      <h2>{t('assets.assetsSelected', { n: selected.length })} <button onClick={onClose}>{t('assets.clear')}</button></h2>
      <div className="detail-body">
        <div className="command-row">
          {first && available.map(({ command, confirm }) => <button key={command} data-testid={`group-command-${command}`} onClick={() => (confirm ? setConfirming(command) : send(command, false))}>{t('assets.all', { command: commandLabel(first.type, command) })}</button>)}
          {available.length === 0 && <span className="muted">{t('assets.noCommandIsCommon')}</span>}
        </div>
        {confirming && first && (
          <div className="confirm" role="alertdialog" aria-label={t('assets.confirmCommand')} data-testid="confirm-command">
            {t('assets.confirmGroup', { command: commandLabel(first.type, confirming), n: selected.length })}
            <button data-testid="confirm-yes" autoFocus onClick={() => { send(confirming, true); setConfirming(null); }}>{t('assets.confirm')}</button>
            <button onClick={() => setConfirming(null)}>{t('assets.cancel')}</button>
          </div>
        )}
        <table>
          <tbody>
            {selected.map((a) => {
              const o = outcomes.get(a.id);
              return (
                <tr key={a.id} data-testid={`group-row-${a.id}`}>
                  <td>{a.name}</td>
                  <td style={{ color: a.colour }}>{a.displayed}</td>
                  <td className={o ? `outcome ${o.status}` : 'muted'} data-testid={`group-status-${a.id}`}>{o ? `${commandLabel(a.type, o.command)} · ${o.status.toUpperCase()}${o.reason ? ` — ${o.reason}` : ''}` : '—'}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {error && <div className="error" role="alert">{error}</div>}
      </div>
    </aside>
  );
}
