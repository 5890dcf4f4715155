import { z } from 'zod';
import type { Role } from '../bridge.js';
import { ASSET_COMMANDS, ASSET_STATES, ASSET_TYPES, type AssetType } from './asset-model.js';

export const StatusEntrySchema = z.object({
  colour: z.string().regex(/^#[0-9a-fA-F]{6}$/, 'must be #rrggbb'),
  icon: z.string().min(1).max(32),
  /** 1 is the most urgent; the displayed state is the true state with the lowest number. */
  priority: z.number().int().min(1).max(255),
  raisesAlarm: z.boolean(),
  latches: z.boolean(),
});
export type StatusEntry = z.infer<typeof StatusEntrySchema>;

/** Per asset type, per state: how the console shows it. */
export type StatusTables = Record<AssetType, Record<string, StatusEntry>>;

const E = (colour: string, icon: string, priority: number, raisesAlarm = false, latches = false): StatusEntry => ({ colour, icon, priority, raisesAlarm, latches });
const GREEN = '#3fb950';
const GREY = '#8a99a8';
const AMBER = '#d29922';
const RED = '#f85149';
const BLUE = '#58a6ff';
const PURPLE = '#a371f7';

const COMMON: Record<string, StatusEntry> = {
  'No Communication': E(GREY, 'link-off', 5, true), Fault: E(RED, 'fault', 20, true), Masked: E(PURPLE, 'mask', 200), Acknowledged: E(BLUE, 'check', 190),
};

export const DEFAULT_STATUS_TABLES: StatusTables = {
  system: { Normal: E(GREEN, 'server', 250), ...COMMON },
  role: { Normal: E(GREEN, 'role', 250), Warning: E(AMBER, 'warning', 60, true), Error: E(RED, 'error', 15, true), ...COMMON },
  camera: { Normal: E(GREEN, 'camera', 250), ...COMMON },
  door: {
    'Forced Open': E(RED, 'door-forced', 10, true, true), 'Held Open': E(AMBER, 'door-held', 30, true), 'Maintenance Mode Active': E(PURPLE, 'wrench', 100),
    Unsecure: E(AMBER, 'door-open', 150), Unlocked: E(BLUE, 'unlock', 160), Secure: E(GREEN, 'door-closed', 240), Locked: E(GREEN, 'lock', 245), ...COMMON,
  },
  reader: {
    Disabled: E(AMBER, 'reader-off', 80), 'Access Rule Applied': E(BLUE, 'rule', 170), 'Reader None Mode': E(GREY, 'reader', 230),
    'Card and Pin Mode': E(GREEN, 'reader-pin', 240), 'Card or Pin Mode': E(GREEN, 'reader', 241), ...COMMON,
  },
  input: { 'Trouble Short': E(RED, 'short', 12, true, true), 'Trouble Open': E(RED, 'open-circuit', 13, true, true), Active: E(AMBER, 'input-on', 70, true), Secure: E(GREEN, 'input', 240), ...COMMON },
  output: { Active: E(BLUE, 'output-on', 150), Secure: E(GREEN, 'output', 240), ...COMMON },
};

export const StatusTablesSchema = z.record(z.enum(ASSET_TYPES), z.record(z.string(), StatusEntrySchema)).superRefine((tables, ctx) => {
  for (const type of ASSET_TYPES) {
    const table = tables[type];
    if (!table) { ctx.addIssue({ code: 'custom', path: [type], message: 'is missing' }); continue; }
    for (const state of ASSET_STATES[type]) if (!table[state]) ctx.addIssue({ code: 'custom', path: [type, state], message: 'is missing: every state needs an entry' });
    for (const state of Object.keys(table)) if (!(ASSET_STATES[type] as readonly string[]).includes(state)) ctx.addIssue({ code: 'custom', path: [type, state], message: `is not a ${type} state` });
  }
});

export const CommandRuleSchema = z.object({ allowed: z.boolean(), confirm: z.boolean(), multi: z.boolean() });
export type CommandRule = z.infer<typeof CommandRuleSchema>;
/** Per role, per asset type, per command. */
export type CommandTables = Record<Role, Record<AssetType, Record<string, CommandRule>>>;

const SUPERVISOR_ONLY = new Set(['enable-maintenance', 'disable-maintenance', 'enable', 'disable', 'set-reader-mode', 'mask', 'trigger-output']);
const CONFIRM = new Set(['unlock', 'enable-maintenance', 'disable', 'activate', 'mask', 'trigger-output']);

function defaultsFor(role: Role): Record<AssetType, Record<string, CommandRule>> {
  const out = {} as Record<AssetType, Record<string, CommandRule>>;
  for (const type of ASSET_TYPES) {
    out[type] = {};
    for (const command of Object.keys(ASSET_COMMANDS[type])) {
      const allowed = role !== 'operator' || !SUPERVISOR_ONLY.has(command);
      // Cameras are never commanded as a group (seed 002).
      out[type][command] = { allowed, confirm: CONFIRM.has(command), multi: type !== 'camera' };
    }
  }
  return out;
}

export const DEFAULT_COMMAND_TABLES: CommandTables = { operator: defaultsFor('operator'), supervisor: defaultsFor('supervisor'), admin: defaultsFor('admin') };

export const CommandTablesSchema = z.record(z.enum(['operator', 'supervisor', 'admin']), z.record(z.enum(ASSET_TYPES), z.record(z.string(), CommandRuleSchema))).superRefine((tables, ctx) => {
  for (const role of ['operator', 'supervisor', 'admin'] as const) {
    for (const type of ASSET_TYPES) {
      const t = tables[role]?.[type];
      if (!t) { ctx.addIssue({ code: 'custom', path: [role, type], message: 'is missing' }); continue; }
      for (const c of Object.keys(t)) if (!(c in ASSET_COMMANDS[type])) ctx.addIssue({ code: 'custom', path: [role, type, c], message: `is not a ${type} command` });
      if (type === 'camera') for (const [c, rule] of Object.entries(t)) if (rule.multi) ctx.addIssue({ code: 'custom', path: [role, type, c, 'multi'], message: 'cameras cannot be multi-selected' });
    }
  }
});
