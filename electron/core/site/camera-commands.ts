import type { AssetView } from '../../../shared/site/views.js';
import { ApiError } from '../errors.js';

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
