import { describe, expect, it } from 'vitest';
import { ASSET_COMMANDS, ASSET_STATES, ASSET_TYPES, checkCommand, commandsOf, displayedState, type AssetType } from './asset-model.js';
import { ANALYTIC_EVENTS, SYSTEM_COMMANDS, checkSystemCommand, relayout } from './workflows.js';
import { CommandTablesSchema, DEFAULT_COMMAND_TABLES, DEFAULT_STATUS_TABLES, StatusTablesSchema } from './tables.js';

/** For each command: one valid parameter set and one invalid one with the error it must give. */
const CASES: Record<string, { valid: Record<string, unknown>; invalid: Record<string, unknown> | null; error?: RegExp }> = {
  mask: { valid: {}, invalid: { x: 1 }, error: /Mask: x/ },
  acknowledge: { valid: {}, invalid: { x: 1 }, error: /Acknowledge state: x/ },
  reset: { valid: {}, invalid: { x: 1 }, error: /Reset: x/ },
  cancel: { valid: {}, invalid: { x: 1 }, error: /Cancel: x/ },
  'pan-tilt': { valid: { direction: 'left', speed: 30 }, invalid: { direction: 'sideways' }, error: /Pan\/Tilt: direction/ },
  zoom: { valid: { direction: 'in' }, invalid: { direction: 'in', speed: 101 }, error: /Zoom: speed/ },
  'stop-ptz': { valid: {}, invalid: { now: true }, error: /Stop PTZ: now/ },
  'ptz-preset': { valid: { presetId: 'Entrance' }, invalid: { presetId: '' }, error: /PTZ Preset: presetId/ },
  'aux-set': { valid: { auxId: 1 }, invalid: { auxId: 1.5 }, error: /Aux Set: auxId: auxId must be an integer/ },
  'aux-clear': { valid: { auxId: 2 }, invalid: {}, error: /Aux Clear: auxId/ },
  'playback-bookmark': { valid: { postPlaybackS: 30 }, invalid: { postPlaybackS: -1 }, error: /Playback Bookmark: postPlaybackS/ },
  'trigger-output': { valid: { outputLogicalId: 1, outputBehaviourLogicalId: 2 }, invalid: { outputLogicalId: 1 }, error: /Trigger Output: outputBehaviourLogicalId/ },
  lock: { valid: {}, invalid: { force: true }, error: /Lock: force/ },
  unlock: { valid: {}, invalid: { seconds: 5 }, error: /Unlock: seconds/ },
  'enable-maintenance': { valid: {}, invalid: { a: 1 }, error: /Enable Maintenance: a/ },
  'disable-maintenance': { valid: {}, invalid: { a: 1 }, error: /Disable Maintenance: a/ },
  'set-reader-mode': { valid: { mode: 'Card or Pin' }, invalid: { mode: 'Card only' }, error: /Set Reader Mode: mode/ },
  enable: { valid: {}, invalid: { a: 1 }, error: /Enable: a/ },
  disable: { valid: {}, invalid: { a: 1 }, error: /Disable: a/ },
  activate: { valid: {}, invalid: { a: 1 }, error: /Activate: a/ },
  deactivate: { valid: {}, invalid: { a: 1 }, error: /Deactivate: a/ },
};

describe('the GSC asset model', () => {
  it('has exactly the seed’s states for each asset type', () => {
    expect(ASSET_STATES.door).toEqual(['Secure', 'Unsecure', 'Forced Open', 'Held Open', 'Locked', 'Unlocked', 'Maintenance Mode Active', 'Fault', 'Masked', 'Acknowledged', 'No Communication']);
    expect(ASSET_STATES.role).toContain('Warning');
    expect(ASSET_STATES.input).toEqual(expect.arrayContaining(['Trouble Open', 'Trouble Short']));
    for (const t of ASSET_TYPES) expect(ASSET_STATES[t]).toContain('No Communication');
    for (const t of ['door', 'reader', 'input', 'output'] as const) expect(ASSET_STATES[t]).not.toContain('Normal');
  });

  it('has exactly the seed’s commands for each asset type', () => {
    expect(commandsOf('camera')).toEqual(['mask', 'acknowledge', 'reset', 'cancel', 'pan-tilt', 'zoom', 'stop-ptz', 'ptz-preset', 'aux-set', 'aux-clear', 'playback-bookmark', 'trigger-output']);
    expect(commandsOf('door')).toEqual(['mask', 'acknowledge', 'reset', 'cancel', 'lock', 'unlock', 'enable-maintenance', 'disable-maintenance']);
    expect(commandsOf('reader')).toEqual(['mask', 'acknowledge', 'reset', 'cancel', 'set-reader-mode', 'enable', 'disable']);
    expect(commandsOf('output')).toEqual(['mask', 'acknowledge', 'reset', 'cancel', 'activate', 'deactivate']);
    for (const t of ['input', 'system', 'role'] as const) expect(commandsOf(t)).toEqual(['mask', 'acknowledge', 'reset', 'cancel']);
  });

  const pairs = ASSET_TYPES.flatMap((type) => Object.keys(ASSET_COMMANDS[type]).map((command) => [type, command] as [AssetType, string]));
  it.each(pairs)('%s %s: valid parameters pass, invalid ones fail with the field named', (type, command) => {
    const c = CASES[command]!;
    expect(checkCommand(type, command, c.valid)).toMatchObject({ ok: true });
    if (c.invalid) {
      const r = checkCommand(type, command, c.invalid);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error).toMatch(c.error!);
    }
  });

  it.each(ASSET_TYPES)('%s refuses commands of other types, naming its own', (type) => {
    const foreign = type === 'door' ? 'activate' : 'lock';
    const r = checkCommand(type, foreign, {});
    expect(r).toMatchObject({ ok: false });
    if (!r.ok) expect(r.error).toMatch(/have no command/);
  });

  it('lists the 38 analytic events', () => {
    expect(ANALYTIC_EVENTS).toHaveLength(38);
    expect(new Set(ANALYTIC_EVENTS).size).toBe(38);
  });
});

describe('displayed state', () => {
  const prio = (s: string): number => DEFAULT_STATUS_TABLES.door[s]?.priority ?? 255;
  const base = { states: ['Secure', 'Locked'], masked: false, acknowledged: false, communication: true };
  it('shows the most urgent true state', () => {
    expect(displayedState(base, prio)).toBe('Secure');
    expect(displayedState({ ...base, states: ['Forced Open', 'Locked'] }, prio)).toBe('Forced Open');
    expect(displayedState({ ...base, states: ['Unsecure', 'Unlocked'] }, prio)).toBe('Unsecure');
  });
  it('shows Acknowledged, then Masked, over the true state, and No Communication over everything', () => {
    expect(displayedState({ ...base, states: ['Forced Open'], acknowledged: true }, prio)).toBe('Acknowledged');
    expect(displayedState({ ...base, states: ['Forced Open'], acknowledged: true, masked: true }, prio)).toBe('Masked');
    expect(displayedState({ ...base, masked: true, communication: false }, prio)).toBe('No Communication');
  });
});

describe('system commands', () => {
  const valid: Record<string, Record<string, unknown>> = {
    'add-access-rule': { doorAssetId: 'door-1', accessRuleLogicalId: 4, side: 'both' },
    'remove-access-rule': { doorAssetId: 'door-1', accessRuleLogicalId: 4, side: 'in' },
    'callup-live': { cameraAssetId: 'camera-1', monitorId: 1, tile: 2 },
    'callup-playback': { cameraAssetId: 'camera-1', monitorId: 1, tile: 1, dateTime: 1795233739224, prePlaybackS: 10, postPlaybackS: 30 },
    'create-playback-bookmark': { cameraAssetId: 'camera-1', dateTime: 1795233739224, postTimeS: 60 },
    'stop-playback': { cameraAssetId: 'camera-1' },
    'clear-monitor': { monitorId: 1 },
    'change-tile-layout': { monitorId: 1, columns: 3, rows: 2 },
    'trigger-output-on-camera': { cameraAssetId: 'camera-1', outputLogicalId: 1, outputBehaviourId: 2 },
    'trigger-camera-preset': { cameraAssetId: 'camera-1', presetId: 3 },
  };
  it('covers every system command of the seed', () => {
    expect(Object.keys(valid).sort()).toEqual(Object.keys(SYSTEM_COMMANDS).sort());
  });
  it.each(Object.entries(valid))('%s accepts valid parameters', (command, params) => {
    expect(checkSystemCommand(command, params)).toMatchObject({ ok: true });
  });
  it('Trigger Camera Preset takes integers only and points to PTZ Preset for string ids', () => {
    const r = checkSystemCommand('trigger-camera-preset', { cameraAssetId: 'camera-1', presetId: 'Entrance' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(/presetId must be a whole number; .*PTZ Preset command/);
  });
  it('Change Tile Layout needs columns and rows of at least 1', () => {
    const r = checkSystemCommand('change-tile-layout', { monitorId: 1, columns: 0, rows: 2 });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toBe('Change Tile Layout: columns: columns must be at least 1');
  });
  it('keeps tiles that still fit when the layout changes', () => {
    const m = { id: 1, name: 'Wall', columns: 2, rows: 1, tiles: [{ tile: 1, cameraAssetId: 'camera-1', mode: 'live' as const, playbackAt: null }, { tile: 2, cameraAssetId: 'camera-2', mode: 'live' as const, playbackAt: null }] };
    const r = relayout(m, 1, 1);
    expect(r.tiles).toEqual([m.tiles[0]]);
    expect(relayout(r, 2, 2).tiles.map((t) => t.mode)).toEqual(['live', 'blank', 'blank', 'blank']);
  });
});

describe('status and command tables', () => {
  it('default status tables cover every state of every type', () => {
    expect(StatusTablesSchema.safeParse(DEFAULT_STATUS_TABLES).success).toBe(true);
    const broken = { ...DEFAULT_STATUS_TABLES, door: { ...DEFAULT_STATUS_TABLES.door, Ajar: DEFAULT_STATUS_TABLES.door.Secure } };
    expect(StatusTablesSchema.safeParse(broken).success).toBe(false);
  });
  it('default command tables never allow cameras on a multi-selection, and keep maintenance for supervisors', () => {
    expect(CommandTablesSchema.safeParse(DEFAULT_COMMAND_TABLES).success).toBe(true);
    expect(DEFAULT_COMMAND_TABLES.operator.door['enable-maintenance']!.allowed).toBe(false);
    expect(DEFAULT_COMMAND_TABLES.supervisor.door['enable-maintenance']!.allowed).toBe(true);
    expect(DEFAULT_COMMAND_TABLES.operator.door.unlock).toMatchObject({ allowed: true, confirm: true, multi: true });
    const multiCamera = structuredClone(DEFAULT_COMMAND_TABLES);
    multiCamera.admin.camera['ptz-preset']!.multi = true;
    expect(CommandTablesSchema.safeParse(multiCamera).success).toBe(false);
  });
});
