import { z } from 'zod';
import type { ConnectionView, DiscoveredDevice } from '../site/views.js';
import { NameParams, checkedByCore, qInt, route, typed } from './define.js';
import type { SiteLogEntry } from './views.js';

const ConnectionParams = z.object({ id: z.string().min(1).max(64) });

/** Documents a connection body; the core checks it per driver, naming each bad field. */
const ConnectionBody = z.union([
  z.object({
    driver: z.literal('onvif'), address: z.string().meta({ description: 'IPv4 address or host name' }), port: z.number().int().optional(),
    username: z.string(), password: z.string().optional().meta({ description: 'write-only; omitted on update keeps the stored one' }),
    name: z.string().optional(), area: z.string().optional(),
  }),
  z.object({ driver: z.literal('simulated'), directoryServer: z.string(), username: z.string(), password: z.string().optional(), dataServerPort: z.number().int().optional(), activity: z.boolean().optional() }),
]);

const PresetBody = z.object({
  name: z.string().trim().min(1, 'is required').max(64).regex(/^[^<>&]*$/, 'must not contain <, > or &'),
  token: z.string().trim().min(1).max(64).regex(/^[\w.:-]+$/, 'must be letters, digits, _ . : or -').optional(),
}).strict();

/**
 * Security-system connections: the simulated Security Center, ONVIF cameras, later others; each
 * with its own driver, settings, state, log and assets. `site` is the first, the one
 * `/site/connection` shows. Camera presets and snapshots go through the camera's connection.
 */
export const connectionRoutes = {
  'connections.list': route({ method: 'GET', path: '/connections', role: 'operator', summary: 'Every connection with its driver, state and asset count (never a password).', reply: typed<ConnectionView[]>('ConnectionList') }),
  'connections.create': route({ method: 'POST', path: '/connections', role: 'admin', status: 201, summary: 'Add a connection (an ONVIF camera by address, port, user and password) and connect it.', body: checkedByCore(ConnectionBody), reply: typed<ConnectionView>('Connection') }),
  'connections.discover': route({ method: 'POST', path: '/connections/discover', role: 'admin', label: 'Discovery', summary: 'A bounded WS-Discovery probe (3 s unless said) on the local subnet: ONVIF devices not yet added.', body: z.object({ seconds: z.number().min(0.5, 'must be 0.5–3').max(3, 'must be 0.5–3').default(3) }).strict(), reply: typed<DiscoveredDevice[]>('DiscoveredDeviceList') }),
  'connections.get': route({ method: 'GET', path: '/connections/{id}', role: 'operator', summary: 'One connection.', params: ConnectionParams, reply: typed<ConnectionView>('Connection') }),
  'connections.update': route({ method: 'PUT', path: '/connections/{id}', role: 'admin', summary: 'Change a connection’s settings and reconnect it.', params: ConnectionParams, body: checkedByCore(ConnectionBody), reply: typed<ConnectionView>('Connection') }),
  'connections.delete': route({ method: 'DELETE', path: '/connections/{id}', role: 'admin', status: 204, summary: 'Remove a connection and its assets (not the first).', params: ConnectionParams, reply: z.void() }),
  'connections.reconnect': route({ method: 'POST', path: '/connections/{id}/reconnect', role: 'supervisor', summary: 'Connect again now, rediscovering the assets.', params: ConnectionParams, reply: typed<ConnectionView>('Connection') }),
  'connections.log': route({ method: 'GET', path: '/connections/{id}/log', role: 'supervisor', summary: 'The connection’s driver and runtime messages.', params: ConnectionParams, query: z.object({ limit: qInt.min(1).optional() }), reply: typed<SiteLogEntry[]>('SiteLog') }),

  'assets.presets.set': route({ method: 'POST', path: '/assets/{id}/presets', role: 'supervisor', status: 201, label: 'Preset', summary: 'Save the camera’s current position as a preset (SetPreset), audited.', params: NameParams, body: PresetBody, reply: z.object({ token: z.string() }) }),
  'assets.presets.remove': route({ method: 'DELETE', path: '/assets/{id}/presets/{token}', role: 'supervisor', status: 204, summary: 'Remove a camera preset (RemovePreset), audited.', params: z.object({ id: z.string().min(1).max(256), token: z.string().min(1).max(64) }), reply: z.void() }),
  'assets.snapshotTicket': route({ method: 'POST', path: '/assets/{id}/snapshot/ticket', role: 'operator', status: 201, summary: 'A single-use ticket for an <img> to fetch a camera asset’s snapshot or MJPEG stream.', params: NameParams, reply: z.object({ ticket: z.string(), expiresAt: z.number() }) }),
  'assets.snapshot': route({ method: 'GET', path: '/assets/{id}/snapshot', role: null, kind: 'binary', summary: 'One JPEG from a camera asset, fetched by the core with the camera’s credentials; a session or ?ticket=.', params: NameParams, query: z.object({ ticket: z.string().max(64).optional() }), reply: z.string().meta({ description: 'image/jpeg' }) }),
  'assets.stream': route({ method: 'GET', path: '/assets/{id}/stream', role: null, kind: 'stream', summary: 'A camera asset’s MJPEG stream (ONVIF JPEG profile over HTTP), proxied by the core; a session or ?ticket=.', params: NameParams, query: z.object({ ticket: z.string().max(64).optional() }), reply: z.string().meta({ description: 'multipart/x-mixed-replace JPEG frames' }) }),
} as const;
