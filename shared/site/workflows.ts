import { z } from 'zod';
import { checkParams, type ParamCheck } from './asset-model.js';

/** Seed 002: the analytic event names a camera can raise (38). */
export const ANALYTIC_EVENTS = [
  'Adaptive Motion', 'Audio Alarm', 'Crowd Detected', 'Direction Alarm', 'Face Detected', 'Face Recognized', 'Heat Map Changed',
  'License Plate In Sight', 'License Plate Out of Sight', 'License Plate Reading', 'Object Condition Change', 'Object Count Changed',
  'Object Count Reached', 'Object Crossed Line', 'Object Detected', 'Object Direction Changed', 'Object Entered', 'Object Exited',
  'Object Fall', 'Object Following Route', 'Object In Field', 'Object Left', 'Object Loitering', 'Object Merged', 'Object Removed',
  'Object Run', 'Object Slide', 'Object Split', 'Object Stopped', 'Object Velocity Changed', 'People Counting', 'People Counting Alarm',
  'Tailgating', 'Tampering', 'Tampering Off', 'Temperature Detection On', 'Temperature Detection Off', 'Undefined',
] as const;

export interface LastAccessEvent {
  granted: boolean;
  cardholder: string;
  at: number;
}

const assetId = z.string().min(1).max(128);
const int = (name: string) => z.number({ error: `${name} must be a number` }).int(`${name} must be an integer`);
const side = z.enum(['in', 'out', 'both']);
const monitorId = int('monitorId').min(1);
const tile = int('tile').min(1);

/** Seed 002 "System commands", with their parameters and rules. */
export const SYSTEM_COMMANDS = {
  'add-access-rule': { label: 'Add Access Rule', params: z.object({ doorAssetId: assetId, accessRuleLogicalId: int('accessRuleLogicalId').min(0), side }).strict() },
  'remove-access-rule': { label: 'Remove Access Rule', params: z.object({ doorAssetId: assetId, accessRuleLogicalId: int('accessRuleLogicalId').min(0), side }).strict() },
  'callup-live': { label: 'Callup Live Camera to Monitor', params: z.object({ cameraAssetId: assetId, monitorId, tile }).strict() },
  'callup-playback': {
    label: 'Callup Playback Camera to Monitor',
    params: z.object({ cameraAssetId: assetId, monitorId, tile, dateTime: int('dateTime').min(0), prePlaybackS: int('prePlaybackS').min(0).max(3600), postPlaybackS: int('postPlaybackS').min(0).max(3600) }).strict(),
  },
  'create-playback-bookmark': { label: 'Create Playback Bookmark', params: z.object({ cameraAssetId: assetId, dateTime: int('dateTime').min(0), postTimeS: int('postTimeS').min(0).max(3600) }).strict() },
  'stop-playback': { label: 'Stop Playback', params: z.object({ cameraAssetId: assetId }).strict() },
  'clear-monitor': { label: 'Clear Monitor', params: z.object({ monitorId }).strict() },
  'change-tile-layout': { label: 'Change Tile Layout', params: z.object({ monitorId, columns: int('columns').min(1, 'columns must be at least 1').max(8), rows: int('rows').min(1, 'rows must be at least 1').max(8) }).strict() },
  'trigger-output-on-camera': { label: 'Trigger Output on Camera', params: z.object({ cameraAssetId: assetId, outputLogicalId: int('outputLogicalId').min(0), outputBehaviourId: int('outputBehaviourId').min(0) }).strict() },
  'trigger-camera-preset': {
    label: 'Trigger Camera Preset',
    params: z.object({
      cameraAssetId: assetId,
      // The seed: integers only; a string preset id must go through the camera's own PTZ Preset command.
      presetId: z.unknown().transform((v, ctx) => {
        if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
        ctx.addIssue({ code: 'custom', message: `presetId must be a whole number; for a preset id like ${JSON.stringify(v)} use the camera's PTZ Preset command (POST /api/v1/assets/{id}/commands {"command":"ptz-preset"})` });
        return z.NEVER;
      }),
    }).strict(),
  },
} as const;

export type SystemCommand = keyof typeof SYSTEM_COMMANDS;

export function checkSystemCommand(command: string, params: unknown): ParamCheck {
  const spec = (SYSTEM_COMMANDS as Record<string, { label: string; params: z.ZodType } | undefined>)[command];
  if (!spec) return { ok: false, error: `no system command "${command}"; there are: ${Object.keys(SYSTEM_COMMANDS).join(', ')}` };
  return checkParams(spec, params);
}

export interface MonitorTile {
  tile: number;
  cameraAssetId: string | null;
  mode: 'live' | 'playback' | 'blank';
  playbackAt: number | null;
}

export interface Monitor {
  id: number;
  name: string;
  columns: number;
  rows: number;
  tiles: MonitorTile[];
}

/** A monitor after Change Tile Layout: tiles kept where they still fit, new ones blank. */
export function relayout(m: Monitor, columns: number, rows: number): Monitor {
  const tiles: MonitorTile[] = [];
  for (let t = 1; t <= columns * rows; t++) tiles.push(m.tiles.find((x) => x.tile === t) ?? { tile: t, cameraAssetId: null, mode: 'blank', playbackAt: null });
  return { ...m, columns, rows, tiles };
}
