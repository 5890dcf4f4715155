import { z } from 'zod';
import { CommandTablesSchema, StatusTablesSchema, type CommandTables, type StatusTables } from '../site/tables.js';
import type { AssetView, CommandView, SiteConnectionView } from '../site/views.js';
import type { EventRecord } from '../domain.js';
import type { Monitor } from '../site/workflows.js';
import { IdParams, NameParams, checkedByCore, qInt, qTime, route, typed } from './define.js';
import { CommandSchema, MultiCommandSchema, SimulationSchema } from './schemas.js';
import type { SiteLogEntry } from './views.js';

/** The security system: assets, commands, site events, monitors, status and command tables, the connection. */
export const siteRoutes = {
  'assets.list': route({ method: 'GET', path: '/assets', role: 'operator', summary: 'Assets with their states, filtered by type, state or area.', query: z.object({ type: z.string().max(16).optional(), state: z.string().max(64).optional(), area: z.string().max(128).optional() }), reply: typed<AssetView[]>('AssetList') }),
  'assets.get': route({ method: 'GET', path: '/assets/{id}', role: 'operator', summary: 'One asset.', params: NameParams, reply: typed<AssetView>('Asset') }),
  'assets.command': route({ method: 'POST', path: '/assets/{id}/commands', role: 'operator', status: 202, label: 'Command', summary: 'Run a command on one asset; pending until the site confirms it.', params: NameParams, body: CommandSchema, reply: typed<CommandView[]>('CommandList') }),
  'assets.commandSelection': route({ method: 'POST', path: '/assets/commands', role: 'operator', status: 202, label: 'Command', summary: 'One command to a multi-selection; every asset is checked before any command starts.', body: MultiCommandSchema, reply: typed<CommandView[]>('CommandList') }),
  'commands.list': route({ method: 'GET', path: '/commands', role: 'operator', summary: 'Recent commands, newest first.', query: z.object({ limit: qInt.min(1).optional() }), reply: typed<CommandView[]>('CommandList') }),
  'commands.get': route({ method: 'GET', path: '/commands/{id}', role: 'operator', summary: 'One command and its outcome.', params: IdParams, reply: typed<CommandView>('Command') }),

  'site.command': route({ method: 'POST', path: '/site/commands', role: 'operator', status: 202, label: 'System command', summary: 'A system command (monitors, tile layouts, workflows).', body: CommandSchema, reply: typed<CommandView>('Command') }),
  'site.events': route({ method: 'GET', path: '/site/events', role: 'operator', summary: "The security system's events.", query: z.object({ from: qTime.optional(), to: qTime.optional(), text: z.string().max(256).optional(), limit: qInt.min(1).optional() }), reply: typed<EventRecord[]>('EventList') }),
  'monitors.list': route({ method: 'GET', path: '/monitors', role: 'operator', summary: 'Video monitors and their tiles.', reply: typed<Monitor[]>('MonitorList') }),

  'statusTables.get': route({ method: 'GET', path: '/status-tables', role: 'operator', summary: 'How each asset state is shown: priority, colour, sound.', reply: typed<StatusTables>('StatusTables') }),
  'statusTables.defaults': route({ method: 'GET', path: '/status-tables/defaults', role: 'operator', summary: 'The status tables as shipped.', reply: typed<StatusTables>('StatusTables') }),
  'statusTables.set': route({ method: 'PUT', path: '/status-tables', role: 'admin', summary: 'Replace the status tables.', body: checkedByCore(StatusTablesSchema), reply: typed<StatusTables>('StatusTables') }),
  'commandTables.get': route({ method: 'GET', path: '/command-tables', role: 'operator', summary: 'Which role may run which command, with confirmation and multi-selection.', reply: typed<CommandTables>('CommandTables') }),
  'commandTables.defaults': route({ method: 'GET', path: '/command-tables/defaults', role: 'operator', summary: 'The command tables as shipped.', reply: typed<CommandTables>('CommandTables') }),
  'commandTables.set': route({ method: 'PUT', path: '/command-tables', role: 'admin', summary: 'Replace the command tables.', body: checkedByCore(CommandTablesSchema), reply: typed<CommandTables>('CommandTables') }),

  'site.connection': route({ method: 'GET', path: '/site/connection', role: 'operator', summary: 'The security-system connection and its state (never its password).', reply: typed<SiteConnectionView>('SiteConnection') }),
  'site.configure': route({ method: 'PUT', path: '/site/connection', role: 'admin', summary: 'Configure and reconnect the security system.', body: checkedByCore(z.record(z.string(), z.unknown())), reply: typed<SiteConnectionView>('SiteConnection') }),
  'site.log': route({ method: 'GET', path: '/site/log', role: 'supervisor', summary: 'Driver and runtime messages (Debug Tools).', query: z.object({ limit: qInt.min(1).optional() }), reply: typed<SiteLogEntry[]>('SiteLog') }),
  'site.simulation': route({ method: 'POST', path: '/site/simulation', role: 'admin', label: 'Simulation', summary: 'Fault injection for the simulated site.', body: SimulationSchema, reply: z.object({ communication: z.boolean().nullable(), frozen: z.array(z.string()), refusing: z.record(z.string(), z.string()) }) }),
} as const;
