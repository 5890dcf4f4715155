import { useEffect, useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import type { CommandTables } from '../../../../shared/site/tables.js';
import type { AssetView } from '../../../../shared/site/views.js';
import { useConsole } from '../../store/console-store.js';

/** One fetch of the command tables per bridge: every asset panel and map popup reads them. */
const tablesOf = new WeakMap<Bridge, Promise<CommandTables>>();
export function commandTables(bridge: Bridge): Promise<CommandTables> {
  let p = tablesOf.get(bridge);
  if (!p) {
    p = bridge.call('commandTables.get');
    p.catch(() => tablesOf.delete(bridge));
    tablesOf.set(bridge, p);
  }
  return p;
}

export interface AssetCommands {
  /** This operator's command rules for the asset's type: allowed, and whether to confirm. */
  rules: CommandTables['operator'][AssetView['type']];
  /** Runs a command, or asks for confirmation first where the command table says so. */
  run(command: string, params?: Record<string, unknown>): void;
  confirming: { command: string; params: Record<string, unknown> } | null;
  confirm(): void;
  cancel(): void;
  error: string | null;
}

/** The command rules for an asset from the command tables, and running them with confirmation. */
export function useAssetCommands(bridge: Bridge, asset: AssetView): AssetCommands {
  const role = useConsole((s) => s.session?.role);
  const [tables, setTables] = useState<CommandTables | null>(null);
  const [confirming, setConfirming] = useState<AssetCommands['confirming']>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { void commandTables(bridge).then(setTables).catch(() => undefined); }, [bridge]);
  const rules = role && tables ? tables[role][asset.type] : {};

  const send = (command: string, params: Record<string, unknown>, confirmed: boolean): void => {
    setError(null);
    bridge.call('assets.command', { params: { id: asset.id }, body: { command, params, confirmed } }).catch((err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  };
  return {
    rules,
    run: (command, params = {}) => {
      if (rules[command]?.confirm) setConfirming({ command, params });
      else send(command, params, false);
    },
    confirming,
    confirm: () => { if (confirming) send(confirming.command, confirming.params, true); setConfirming(null); },
    cancel: () => setConfirming(null),
    error,
  };
}
