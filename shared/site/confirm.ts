/** What an asset reports, as the console mirrors it. */
export interface AssetReport {
  states: readonly string[];
  attributes: Record<string, unknown>;
}

type Ptz = { preset?: string | null; moving?: string | null; zooming?: string | null };

/**
 * Whether the asset's reported state confirms a command (closed loop). null: the command has no
 * state to show for it (a bookmark, a trigger), so the site's acceptance confirms it.
 */
export function confirmsCommand(command: string, params: Record<string, unknown>, report: AssetReport): boolean | null {
  const has = (s: string): boolean => report.states.includes(s);
  const ptz = (report.attributes.ptz ?? {}) as Ptz;
  const aux = (report.attributes.aux ?? {}) as Record<string, boolean>;
  switch (command) {
    case 'lock': return has('Locked');
    case 'unlock': return has('Unlocked');
    case 'enable-maintenance': return has('Maintenance Mode Active');
    case 'disable-maintenance': return !has('Maintenance Mode Active');
    case 'set-reader-mode': return has(`${String(params.mode)} Mode`);
    case 'enable': return !has('Disabled');
    case 'disable': return has('Disabled');
    case 'activate': return has('Active');
    case 'deactivate': return has('Secure');
    case 'ptz-preset': return ptz.preset === String(params.presetId);
    case 'pan-tilt': return ptz.moving === params.direction;
    case 'zoom': return ptz.zooming === params.direction;
    case 'stop-ptz': return !ptz.moving && !ptz.zooming;
    case 'aux-set': return aux[String(params.auxId)] === true;
    case 'aux-clear': return aux[String(params.auxId)] !== true;
    default: return null;
  }
}
