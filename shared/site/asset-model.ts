import { z } from 'zod';

/** Seed 002: the asset types of the Runtime GSC integration. */
export const ASSET_TYPES = ['system', 'role', 'camera', 'door', 'reader', 'input', 'output'] as const;
export type AssetType = (typeof ASSET_TYPES)[number];

export const ASSET_TYPE_LABEL: Record<AssetType, string> = {
  system: 'System', role: 'Security Center Role', camera: 'Camera', door: 'Door', reader: 'Reader', input: 'Input', output: 'Output',
};

/** States every asset has. Normal is not listed for door, reader, input and output: they have their own. */
const COMMON = ['Fault', 'Masked', 'Acknowledged', 'No Communication'] as const;

/** Exactly the seed's state set for each asset type. */
export const ASSET_STATES = {
  system: ['Normal', ...COMMON],
  role: ['Normal', 'Warning', 'Error', ...COMMON],
  camera: ['Normal', ...COMMON],
  door: ['Secure', 'Unsecure', 'Forced Open', 'Held Open', 'Locked', 'Unlocked', 'Maintenance Mode Active', ...COMMON],
  reader: ['Card and Pin Mode', 'Card or Pin Mode', 'Reader None Mode', 'Disabled', 'Access Rule Applied', ...COMMON],
  input: ['Secure', 'Active', 'Trouble Open', 'Trouble Short', ...COMMON],
  output: ['Secure', 'Active', ...COMMON],
} as const satisfies Record<AssetType, readonly string[]>;

export type AssetState = (typeof ASSET_STATES)[AssetType][number];

/** States the console sets over the true state, and the one that overrides everything. */
export const OVERLAY_STATES = ['Masked', 'Acknowledged', 'No Communication'] as const;

const int = (name: string) => z.number({ error: `${name} must be a number` }).int(`${name} must be an integer`);
const speed = z.number().int().min(1).max(100).default(50);

/** Commands every asset has. Cancel only deselects in the console; it is never sent. */
const COMMON_COMMANDS = {
  mask: { label: 'Mask', params: z.object({}).strict() },
  // The seed's words: it acknowledges the asset's state in the security system, not a Watchdesk alarm.
  acknowledge: { label: 'Acknowledge state', params: z.object({}).strict() },
  reset: { label: 'Reset', params: z.object({}).strict() },
  cancel: { label: 'Cancel', params: z.object({}).strict() },
} as const;

export const PTZ_DIRECTIONS = ['up', 'down', 'left', 'right', 'up-left', 'up-right', 'down-left', 'down-right'] as const;

/** Exactly the seed's commands for each asset type, with typed parameters. */
export const ASSET_COMMANDS = {
  system: { ...COMMON_COMMANDS },
  role: { ...COMMON_COMMANDS },
  camera: {
    ...COMMON_COMMANDS,
    'pan-tilt': { label: 'Pan/Tilt', params: z.object({ direction: z.enum(PTZ_DIRECTIONS), speed }).strict() },
    zoom: { label: 'Zoom', params: z.object({ direction: z.enum(['in', 'out']), speed }).strict() },
    'stop-ptz': { label: 'Stop PTZ', params: z.object({}).strict() },
    'ptz-preset': { label: 'PTZ Preset', params: z.object({ presetId: z.union([z.string().min(1).max(64), int('presetId')]).transform(String) }).strict() },
    'aux-set': { label: 'Aux Set', params: z.object({ auxId: int('auxId').min(1).max(64) }).strict() },
    'aux-clear': { label: 'Aux Clear', params: z.object({ auxId: int('auxId').min(1).max(64) }).strict() },
    'playback-bookmark': { label: 'Playback Bookmark', params: z.object({ postPlaybackS: int('postPlaybackS').min(0).max(3600) }).strict() },
    'trigger-output': { label: 'Trigger Output', params: z.object({ outputLogicalId: int('outputLogicalId').min(0), outputBehaviourLogicalId: int('outputBehaviourLogicalId').min(0) }).strict() },
  },
  door: {
    ...COMMON_COMMANDS,
    lock: { label: 'Lock', params: z.object({}).strict() },
    unlock: { label: 'Unlock', params: z.object({}).strict() },
    'enable-maintenance': { label: 'Enable Maintenance', params: z.object({}).strict() },
    'disable-maintenance': { label: 'Disable Maintenance', params: z.object({}).strict() },
  },
  reader: {
    ...COMMON_COMMANDS,
    'set-reader-mode': { label: 'Set Reader Mode', params: z.object({ mode: z.enum(['Card and Pin', 'Card or Pin']) }).strict() },
    enable: { label: 'Enable', params: z.object({}).strict() },
    disable: { label: 'Disable', params: z.object({}).strict() },
  },
  input: { ...COMMON_COMMANDS },
  output: {
    ...COMMON_COMMANDS,
    activate: { label: 'Activate', params: z.object({}).strict() },
    deactivate: { label: 'Deactivate', params: z.object({}).strict() },
  },
} as const satisfies Record<AssetType, Record<string, { label: string; params: z.ZodType }>>;

export type CommandName<T extends AssetType = AssetType> = keyof (typeof ASSET_COMMANDS)[T] & string;

/** Commands the console carries out itself, on the displayed state. */
export const CONSOLE_COMMANDS = ['mask', 'acknowledge', 'reset', 'cancel'] as const;

export function commandsOf(type: AssetType): string[] {
  return Object.keys(ASSET_COMMANDS[type]);
}

export function commandLabel(type: AssetType, command: string): string {
  return (ASSET_COMMANDS[type] as Record<string, { label: string } | undefined>)[command]?.label ?? command;
}

export type ParamCheck = { ok: true; params: Record<string, unknown> } | { ok: false; error: string };

/** Validates parameters against a command's schema; the error names the command and the field. */
export function checkParams(spec: { label: string; params: z.ZodType }, params: unknown): ParamCheck {
  const r = spec.params.safeParse(params ?? {});
  if (r.success) return { ok: true, params: r.data as Record<string, unknown> };
  const issue = r.error.issues[0]!;
  const field = issue.path.length ? issue.path.join('.') : issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : 'params';
  return { ok: false, error: `${spec.label}: ${field}: ${issue.message}` };
}

/** Validates a command for an asset type. */
export function checkCommand(type: AssetType, command: string, params: unknown): ParamCheck {
  const spec = (ASSET_COMMANDS[type] as Record<string, { label: string; params: z.ZodType } | undefined>)[command];
  if (!spec) return { ok: false, error: `${ASSET_TYPE_LABEL[type]} assets have no command "${command}"; they have: ${commandsOf(type).join(', ')}` };
  return checkParams(spec, params);
}

export interface AssetConditions {
  /** The hardware states the site reports, e.g. a door: Secure and Locked. */
  states: string[];
  masked: boolean;
  acknowledged: boolean;
  communication: boolean;
}

/**
 * What the console shows: No Communication wins over everything; then the operator's Mask, then
 * an Acknowledge; otherwise the true state with the highest priority in the status table.
 */
export function displayedState(c: AssetConditions, priorityOf: (state: string) => number): string {
  if (!c.communication) return 'No Communication';
  if (c.masked) return 'Masked';
  if (c.acknowledged) return 'Acknowledged';
  let best = c.states[0] ?? 'Normal';
  for (const s of c.states) if (priorityOf(s) < priorityOf(best)) best = s;
  return best;
}
