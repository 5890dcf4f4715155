import { useMemo, useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import { commandLabel, PTZ_DIRECTIONS } from '../../../../shared/site/asset-model.js';
import type { AssetView } from '../../../../shared/site/views.js';
import { useConsole } from '../../store/console-store.js';
import { AcknowledgeAlarm, worstOf } from '../alarms/acknowledge-alarm.js';
import { formatTime } from '../../format.js';
import { useAssetCommands } from './use-asset-commands.js';
import { PARAM_FIELDS, PTZ_COMMANDS, PARAM_LABELS } from './command-kinds.js';
import { AssetSnapshot } from './asset-snapshot.js';
import { t } from '../../i18n/strings.js';
import { CameraLinkEditor, LinkedCameras, useLinkedCameras } from '../video/linked-cameras.js';

const paramLabel = (name: string): string => (PARAM_LABELS[name] ? t(PARAM_LABELS[name]) : name);

export { AssetSnapshot };

function CommandButton({ type, command, run }: { type: AssetView['type']; command: string; run: (command: string, params?: Record<string, unknown>) => void }) {
  const fields = PARAM_FIELDS[command] ?? [];
  const [values, setValues] = useState<Record<string, number | string>>(() => Object.fromEntries(fields.map(([n, v]) => [n, v])));
  if (fields.length === 0) return <button data-testid={`command-${command}`} onClick={() => run(command)}>{commandLabel(type, command)}</button>;
  return (
    <form className="param-command" onSubmit={(e) => { e.preventDefault(); run(command, values); }}>
      {fields.map(([name, initial, options]) => options ? (
        <label key={name} className="param-field"><span className="muted">{paramLabel(name)}</span><select aria-label={paramLabel(name)} value={String(values[name])} onChange={(e) => setValues({ ...values, [name]: e.target.value })}>{options.map((o) => <option key={o}>{o}</option>)}</select></label>
      ) : (
        <label key={name} className="param-field"><span className="muted">{paramLabel(name)}</span><input aria-label={paramLabel(name)} type="number" min={0} value={values[name] ?? initial} onChange={(e) => setValues({ ...values, [name]: Number(e.target.value) })} /></label>
      ))}
      <button type="submit" data-testid={`command-${command}`}>{commandLabel(type, command)}</button>
    </form>
  );
}

export function Outcome({ asset }: { asset: AssetView }) {
  const assetId = asset.id;
  const commands = useConsole((s) => s.commands);
  const last = useMemo(() => Object.values(commands).filter((c) => c.assetId === assetId).sort((a, b) => b.id - a.id)[0], [commands, assetId]);
  if (!last) return null;
  return (
    <div className={`outcome ${last.status}`} data-testid="command-outcome" role="status">
      {commandLabel(asset.type, last.command)} · <strong data-testid="command-status">{last.status.toUpperCase()}</strong>
      {last.reason && <span> — {last.reason}</span>}
    </div>
  );
}

function PtzPanel({ run, asset }: { run: (command: string, params?: Record<string, unknown>) => void; asset: AssetView }) {
  const presets = (asset.attributes.presets ?? []) as Array<{ id: string; name: string }>;
  if (asset.attributes.ptz === null) return <div className="muted" data-testid="ptz-panel">{t('assets.noPtzOnThis')}</div>;
  const ptz = (asset.attributes.ptz ?? {}) as { preset?: string | null };
  // A real camera's preset tokens mean nothing to an operator: its presets show by name.
  const label = (p: { id: string; name: string }): string => (asset.connection === 'site' ? `${p.id} · ${p.name}` : p.name);
  return (
    <div className="ptz" data-testid="ptz-panel">
      <div className="presets">
        {presets.map((p) => (
          <button key={p.id} data-testid={`preset-${p.id}`} aria-pressed={ptz.preset === p.id} title={p.id} onClick={() => run('ptz-preset', { presetId: p.id })}>{label(p)}</button>
        ))}
      </div>
      <div className="pad" role="group" aria-label={t('assets.panAndTilt')}>
        {PTZ_DIRECTIONS.map((d) => <button key={d} className={`dir-${d}`} onClick={() => run('pan-tilt', { direction: d, speed: 50 })} aria-label={t('assets.pan', { d: d })}>{d.replace('-', ' ')}</button>)}
        <button className="dir-stop" onClick={() => run('stop-ptz')}>{t('assets.stop')}</button>
      </div>
      <div className="zoom"><button onClick={() => run('zoom', { direction: 'in', speed: 50 })}>{t('assets.zoomIn')}</button><button onClick={() => run('zoom', { direction: 'out', speed: 50 })}>{t('assets.zoomOut')}</button></div>
    </div>
  );
}

/** A door's (input's, reader's…) cameras: its own links, then its area's; a click opens one. */
function AssetCameras({ bridge, asset, onOpen }: { bridge: Bridge; asset: AssetView; onOpen?: (assetId: string) => void }) {
  const refs = useLinkedCameras(`asset:${asset.id}`, asset.area);
  return (
    <div className="asset-cameras">
      <LinkedCameras bridge={bridge} refs={refs} onOpen={onOpen} />
      {!refs.length && <div className="muted" data-testid="no-linked-camera">{t('cameras.none', { what: asset.name, area: asset.area })}</div>}
      <CameraLinkEditor bridge={bridge} source={`asset:${asset.id}`} label={asset.name} />
    </div>
  );
}

export function AssetDetail({ bridge, asset, onClose, onOpen }: { bridge: Bridge; asset: AssetView; onClose: () => void; onOpen?: (assetId: string) => void }) {
  const { rules, run: runCommand, confirming, confirm, cancel, error } = useAssetCommands(bridge, asset);
  const run = (command: string, params: Record<string, unknown> = {}): void => {
    if (command === 'cancel') onClose();
    else runCommand(command, params);
  };
  const buttons = Object.entries(rules).filter(([c, r]) => r.allowed && !(asset.type === 'camera' && PTZ_COMMANDS.has(c)));
  const alarm = useConsole((s) => worstOf(s.alarms, (a) => a.source.kind === 'asset' && a.source.id.replace(/^asset:/, '') === asset.id));

  return (
    <aside className="asset-detail panel" data-testid="asset-detail" aria-label={asset.name}>
      <h2>{asset.name} <span className="muted">{asset.area}</span></h2>
      <div className="detail-body">
        <div><span className="chip" style={{ background: asset.colour, color: '#111' }} data-testid="asset-displayed">{asset.displayed}</span> <span className="muted">{t('assets.trueState')} {asset.states.join(', ')}</span></div>
        {asset.lastAccess && (
          <div data-testid="last-access">{t('assets.lastAccess')} <strong className={asset.lastAccess.granted ? 'ok' : 'bad'}>{asset.lastAccess.granted ? t('assets.granted') : t('assets.denied')}</strong> — {asset.lastAccess.cardholder}, {formatTime(asset.lastAccess.at)}</div>
        )}
        <div className="command-row">
          <AcknowledgeAlarm bridge={bridge} alarm={alarm} />
          {/* While a confirmation asks, its own Cancel is the only one: one Cancel per panel. */}
          {buttons.filter(([c]) => !(confirming && c === 'cancel')).map(([c]) => <CommandButton key={c} type={asset.type} command={c} run={run} />)}
        </div>
        {asset.type === 'camera' && asset.attributes.snapshot === true && <AssetSnapshot bridge={bridge} asset={asset} />}
        {asset.type === 'camera' && rules['ptz-preset']?.allowed && <PtzPanel run={run} asset={asset} />}
        {asset.type !== 'camera' && <AssetCameras bridge={bridge} asset={asset} onOpen={onOpen} />}
        {confirming && <ConfirmCommand asset={asset} command={confirming.command} onConfirm={confirm} onCancel={cancel} />}
        <Outcome asset={asset} />
        {error && <div className="error" role="alert">{error}</div>}
      </div>
    </aside>
  );
}

/** The command table asks for a second click on this one. */
export function ConfirmCommand({ asset, command, onConfirm, onCancel }: { asset: AssetView; command: string; onConfirm: () => void; onCancel: () => void }) {
  return (
    <div className="confirm" role="alertdialog" aria-label={t('assets.confirmCommand')} data-testid="confirm-command">
      {commandLabel(asset.type, command)} {asset.name}?
      <button data-testid="confirm-yes" onClick={onConfirm} autoFocus>{t('assets.confirm')}</button>
      <button onClick={onCancel}>{t('assets.cancel')}</button>
    </div>
  );
}
