import type { AssetView } from '../../../shared/site/views.js';
import { ApiError } from '../errors.js';
import type { Store } from '../store/store.js';
import type { SiteDriver } from './driver.js';

/** A camera asset with its driver and its id as the driver knows it. */
export interface CameraTarget {
  localId: string;
  driver: SiteDriver;
  view: AssetView;
}

const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));

const PTZ_COMMANDS = new Set(['pan-tilt', 'zoom', 'stop-ptz', 'ptz-preset']);

/**
 * What a camera can be asked, checked before a command starts: a camera without PTZ refuses
 * PTZ commands with the reason, and a real camera's preset must be one it has (by token or by
 * name), answered at once with the ones it has. The preset is sent by its token, so the
 * position the camera reports confirms it. The simulated site keeps answering for itself.
 */
export function refineCameraCommand(view: AssetView, command: string, params: Record<string, unknown>, driver: string): Record<string, unknown> {
  if (PTZ_COMMANDS.has(command) && view.attributes.ptz === null) {
    throw new ApiError(409, 'refused', `${view.name} has no PTZ: the device does not offer the PTZ service, so ${command} cannot run`);
  }
  if (command !== 'ptz-preset' || driver === 'simulated') return params;
  const presets = (view.attributes.presets ?? []) as Array<{ id: string; name: string }>;
  const wanted = String(params.presetId);
  const preset = presets.find((p) => p.id === wanted) ?? presets.find((p) => p.name === wanted) ?? presets.find((p) => p.name.toLowerCase() === wanted.toLowerCase());
  // Home is GotoHomePosition when the camera has no preset of that name.
  if (!preset && wanted.toLowerCase() === 'home') return { ...params, presetId: 'home' };
  if (!preset) {
    throw new ApiError(400, 'invalid', `${view.name} has no preset "${wanted}"; it has: ${presets.map((p) => `${p.name} (${p.id})`).join(', ') || 'no presets'}`);
  }
  return { ...params, presetId: preset.id };
}

/** SetPreset: the camera's current position under a name, audited (also when the camera refuses). */
export async function savePreset(t: CameraTarget, name: string, token: string | undefined, actor: string, store: Store): Promise<{ token: string }> {
  const { driver, view } = t;
  if (!driver.setPreset || view.attributes.ptz === null) throw new ApiError(409, 'refused', `${view.name} cannot save presets: ${view.attributes.ptz === null ? 'it has no PTZ' : 'its driver does not support it'}`);
  try {
    const saved = await driver.setPreset(t.localId, name, token);
    store.audit({ actor, action: 'preset.set', target: `asset:${view.id}`, after: { name, token: saved.token } });
    return saved;
  } catch (err) {
    store.audit({ actor, action: 'preset.set.failed', target: `asset:${view.id}`, after: { name, token }, reason: message(err) });
    throw new ApiError(502, 'refused', `the camera refused SetPreset: ${message(err)}`);
  }
}

/** RemovePreset by token or name, audited; an unknown one lists the camera's presets. */
export async function removePreset(t: CameraTarget, token: string, actor: string, store: Store): Promise<void> {
  const { driver, view } = t;
  const presets = (view.attributes.presets ?? []) as Array<{ id: string; name: string }>;
  const preset = presets.find((p) => p.id === token || p.name === token);
  if (!preset) throw new ApiError(404, 'not_found', `${view.name} has no preset "${token}"; it has: ${presets.map((p) => `${p.name} (${p.id})`).join(', ') || 'no presets'}`);
  if (!driver.removePreset) throw new ApiError(409, 'refused', `${view.name} cannot remove presets: its driver does not support it`);
  try {
    await driver.removePreset(t.localId, preset.id);
  } catch (err) {
    throw new ApiError(502, 'refused', `the camera refused RemovePreset: ${message(err)}`);
  }
  store.audit({ actor, action: 'preset.remove', target: `asset:${view.id}`, before: preset });
}

export async function cameraSnapshot(t: CameraTarget): Promise<Buffer> {
  if (!t.driver.snapshot) throw new ApiError(404, 'no_snapshot', `${t.view.name} has no snapshot`);
  try {
    return await t.driver.snapshot(t.localId);
  } catch (err) {
    throw new ApiError(502, 'unreachable', `the camera gave no snapshot: ${message(err)}`);
  }
}
