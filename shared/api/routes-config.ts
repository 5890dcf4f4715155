import { z } from 'zod';
import { CameraConfigSchema, DeviceConfigSchema, TcpServerConfigSchema, type CameraView, type DeviceStatus, type EventRecord, type IngestStats } from '../domain.js';
import { DeviceTypeSchema, type DeviceType } from '../halo/device-type.js';
import type { HaloStrings } from '../halo/strings.js';
import type { AlarmPeriod } from '../alarms/periods.js';
import { IdParams, NameParams, checkedByCore, qInt, qTime, route, typed } from './define.js';
import { DemoSchema, IntegrationAccountSchema, LoginSchema } from './schemas.js';
import type { DemoState, DeviceTypeView, IntegrationAccountView, SeriesReply, SessionInfo, TcpServerView } from './views.js';

const Window = z.object({ from: qTime.optional(), to: qTime.optional() });
const EventFilter = Window.extend({
  deviceId: qInt.optional(), origin: z.string().max(16).optional(), source: z.string().max(256).optional(),
  caption: z.string().max(256).optional(), text: z.string().max(256).optional(), limit: qInt.min(1).optional(),
});

/** Sessions, devices, events, ingest, device types, collector accounts, the demo, cameras. */
export const configRoutes = {
  'health.get': route({ method: 'GET', path: '/health', role: null, summary: 'Liveness: answers without a session.', reply: z.object({ ok: z.boolean(), name: z.string(), version: z.string(), time: z.number() }) }),
  'openapi.get': route({ method: 'GET', path: '/openapi.json', role: null, summary: 'This API as an OpenAPI 3.1 document, generated from the route table.', reply: typed<Record<string, unknown>>('OpenApiDocument') }),

  'stream.open': route({ method: 'GET', path: '/stream', role: 'operator', kind: 'websocket', summary: 'The live stream (WebSocket): a snapshot, then batched deltas; the token may be given as ?token=.', query: z.object({ token: z.string().max(128).optional() }), reply: z.string().meta({ description: 'StreamMessage frames as JSON text' }) }),

  'sessions.create': route({ method: 'POST', path: '/sessions', role: null, status: 201, label: 'Login', summary: 'Log in; the reply carries the bearer token.', body: LoginSchema, reply: z.object({ token: z.string(), username: z.string(), role: z.enum(['operator', 'supervisor', 'admin']), expiresAt: z.number() }) }),
  'sessions.current': route({ method: 'GET', path: '/sessions/current', role: 'operator', summary: 'Who this session is.', reply: typed<SessionInfo>('SessionInfo') }),
  'sessions.delete': route({ method: 'DELETE', path: '/sessions/current', role: 'operator', status: 204, summary: 'Log out.', reply: z.void() }),

  'devices.list': route({ method: 'GET', path: '/devices', role: 'operator', summary: 'Every device with its live status.', reply: typed<DeviceStatus[]>('DeviceStatusList') }),
  'devices.create': route({ method: 'POST', path: '/devices', role: 'admin', status: 201, summary: 'Create a device.', body: checkedByCore(DeviceConfigSchema), reply: typed<DeviceStatus>('DeviceStatus') }),
  'devices.get': route({ method: 'GET', path: '/devices/{id}', role: 'operator', summary: 'One device.', params: IdParams, reply: typed<DeviceStatus>('DeviceStatus') }),
  'devices.update': route({ method: 'PUT', path: '/devices/{id}', role: 'admin', summary: "Replace a device's configuration.", params: IdParams, body: checkedByCore(DeviceConfigSchema), reply: typed<DeviceStatus>('DeviceStatus') }),
  'devices.delete': route({ method: 'DELETE', path: '/devices/{id}', role: 'admin', status: 204, summary: 'Delete a device with its samples and latest values.', params: IdParams, reply: z.void() }),
  'devices.series': route({
    method: 'GET', path: '/devices/{id}/series', role: 'operator', summary: "One data point's history, downsampled on the server to maxPoints.", params: IdParams,
    query: Window.extend({ point: z.string({ error: 'point is required, e.g. ?point=Noise' }).min(1, 'point is required, e.g. ?point=Noise').max(64), maxPoints: qInt.min(2, 'maxPoints must be at least 2').optional() }),
    reply: typed<SeriesReply>('SeriesReply'),
  }),
  'devices.alarmPeriods': route({ method: 'GET', path: '/devices/{id}/alarm-periods', role: 'operator', summary: "When the device's alarms stood within the window.", params: IdParams, query: Window, reply: typed<AlarmPeriod[]>('AlarmPeriodList') }),

  'events.active': route({ method: 'GET', path: '/events/active', role: 'operator', summary: 'Events whose Set has no Reset yet.', reply: typed<EventRecord[]>('EventList') }),
  'events.list': route({ method: 'GET', path: '/events', role: 'operator', summary: 'Event history, newest first, filtered.', query: EventFilter, reply: typed<EventRecord[]>('EventList') }),

  'ingest.stats': route({ method: 'GET', path: '/ingest/stats', role: 'operator', summary: 'Ingest counters: frames, values, errors, connections.', reply: typed<IngestStats>('IngestStats') }),

  'tcpServers.list': route({ method: 'GET', path: '/tcp-servers', role: 'operator', summary: 'The HALO TCP servers.', reply: typed<TcpServerView[]>('TcpServerList') }),
  'tcpServers.create': route({ method: 'POST', path: '/tcp-servers', role: 'admin', status: 201, summary: 'Add a TCP server; it listens at once.', body: checkedByCore(TcpServerConfigSchema), reply: typed<TcpServerView>('TcpServer') }),
  'tcpServers.get': route({ method: 'GET', path: '/tcp-servers/{id}', role: 'operator', summary: 'One TCP server.', params: IdParams, reply: typed<TcpServerView>('TcpServer') }),
  'tcpServers.update': route({ method: 'PUT', path: '/tcp-servers/{id}', role: 'admin', summary: 'Replace a TCP server; it rebinds.', params: IdParams, body: checkedByCore(TcpServerConfigSchema), reply: typed<TcpServerView>('TcpServer') }),
  'tcpServers.delete': route({ method: 'DELETE', path: '/tcp-servers/{id}', role: 'admin', status: 204, summary: 'Remove a TCP server.', params: IdParams, reply: z.void() }),
  'tcpServers.haloStrings': route({ method: 'GET', path: '/tcp-servers/{id}/halo-strings', role: 'operator', summary: 'The Heartbeat, Set and Reset strings to type into a HALO.', params: IdParams, query: z.object({ typeId: z.string().min(1).max(48).default('halo') }), reply: typed<HaloStrings>('HaloStrings') }),

  'deviceTypes.list': route({ method: 'GET', path: '/device-types', role: 'operator', summary: 'Device types with their collisions.', reply: typed<DeviceTypeView[]>('DeviceTypeList') }),
  'deviceTypes.create': route({ method: 'POST', path: '/device-types', role: 'admin', status: 201, summary: 'Import a device type.', body: checkedByCore(DeviceTypeSchema), reply: typed<DeviceTypeView>('DeviceTypeView') }),
  'deviceTypes.get': route({ method: 'GET', path: '/device-types/{id}', role: 'operator', summary: 'One device type.', params: NameParams, reply: typed<DeviceTypeView>('DeviceTypeView') }),
  'deviceTypes.export': route({ method: 'GET', path: '/device-types/{id}/export', role: 'operator', summary: 'A device type as a file to import elsewhere.', params: NameParams, reply: typed<DeviceType>('DeviceType') }),
  'deviceTypes.update': route({ method: 'PUT', path: '/device-types/{id}', role: 'admin', summary: 'Replace a device type (not a built-in one).', params: NameParams, body: checkedByCore(DeviceTypeSchema), reply: typed<DeviceTypeView>('DeviceTypeView') }),
  'deviceTypes.delete': route({ method: 'DELETE', path: '/device-types/{id}', role: 'admin', status: 204, summary: 'Delete an unused device type.', params: NameParams, reply: z.void() }),

  'integrationAccounts.list': route({ method: 'GET', path: '/integration-accounts', role: 'admin', summary: 'Accounts that may only send generic events.', reply: typed<IntegrationAccountView[]>('IntegrationAccountList') }),
  'integrationAccounts.create': route({ method: 'POST', path: '/integration-accounts', role: 'admin', status: 201, label: 'Integration account', summary: 'Create a generic-event account.', body: IntegrationAccountSchema, reply: typed<IntegrationAccountView>('IntegrationAccount') }),
  'integrationAccounts.delete': route({ method: 'DELETE', path: '/integration-accounts/{id}', role: 'admin', status: 204, summary: 'Delete a generic-event account.', params: IdParams, reply: z.void() }),

  'settings.allowLocalTargets': route({ method: 'GET', path: '/settings/allow-local-targets', role: 'admin', summary: 'Whether cameras and rule actions may reach local and cloud-metadata addresses.', reply: z.object({ enabled: z.boolean() }) }),
  'settings.setAllowLocalTargets': route({ method: 'PUT', path: '/settings/allow-local-targets', role: 'admin', summary: 'Allow or refuse local targets (audited); the demo\'s own cameras need no such setting.', body: checkedByCore(z.object({ enabled: z.boolean() })), reply: z.object({ enabled: z.boolean() }) }),
  'demo.get': route({ method: 'GET', path: '/demo', role: 'operator', summary: 'Whether the demo site runs.', reply: typed<DemoState>('DemoState') }),
  'demo.set': route({ method: 'PUT', path: '/demo', role: 'supervisor', label: 'Demo setting', summary: 'Start or stop the demo site.', body: DemoSchema, reply: typed<DemoState>('DemoState') }),


  'cameras.list': route({ method: 'GET', path: '/cameras', role: 'operator', summary: 'Cameras with their video state (never their credentials).', reply: typed<CameraView[]>('CameraList') }),
  'cameras.create': route({ method: 'POST', path: '/cameras', role: 'admin', status: 201, summary: 'Add a camera.', body: checkedByCore(CameraConfigSchema), reply: typed<CameraView>('Camera') }),
  'cameras.get': route({ method: 'GET', path: '/cameras/{id}', role: 'operator', summary: 'One camera.', params: IdParams, reply: typed<CameraView>('Camera') }),
  'cameras.update': route({ method: 'PUT', path: '/cameras/{id}', role: 'admin', summary: 'Replace a camera.', params: IdParams, body: checkedByCore(CameraConfigSchema), reply: typed<CameraView>('Camera') }),
  'cameras.delete': route({ method: 'DELETE', path: '/cameras/{id}', role: 'admin', status: 204, summary: 'Remove a camera.', params: IdParams, reply: z.void() }),
  'cameras.ticket': route({ method: 'POST', path: '/cameras/{id}/ticket', role: 'operator', status: 201, summary: 'A single-use ticket for an <img> to fetch the stream or snapshot.', params: IdParams, reply: z.object({ ticket: z.string(), expiresAt: z.number() }) }),
  'cameras.stream': route({ method: 'GET', path: '/cameras/{id}/stream', role: null, kind: 'stream', summary: 'Proxied MJPEG (multipart/x-mixed-replace); a session or ?ticket=.', params: IdParams, query: z.object({ ticket: z.string().max(64).optional() }), reply: z.string().meta({ description: 'multipart/x-mixed-replace JPEG frames' }) }),
  'cameras.snapshot': route({ method: 'GET', path: '/cameras/{id}/snapshot', role: null, kind: 'binary', summary: 'One proxied JPEG; a session or ?ticket=.', params: IdParams, query: z.object({ ticket: z.string().max(64).optional() }), reply: z.string().meta({ description: 'image/jpeg' }) }),
} as const;
