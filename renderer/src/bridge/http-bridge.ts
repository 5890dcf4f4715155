import type { AlarmActionOutcome, AuditEntryView, Bridge, DemoState, EventQuery, LoginRequest, MapLayout, SeriesReply, SessionInfo, StreamMessage, StreamState, TcpServerInfo } from '../../../shared/bridge.js';
import type { DeviceType } from '../../../shared/halo/device-type.js';
import type { Rule } from '../../../shared/rules/schema.js';
import type { CameraView, DeviceStatus, EventRecord, IngestStats } from '../../../shared/domain.js';
import type { AlarmDefinition, AlarmView } from '../../../shared/alarms/definitions.js';
import type { CommandView, SiteConnectionView } from '../../../shared/site/views.js';
import type { AlarmKpis } from '../../../shared/alarms/kpis.js';
import type { AlarmPeriod } from '../../../shared/alarms/periods.js';
import type { CommandTables } from '../../../shared/site/tables.js';

const TOKEN_KEY = 'watchdesk.session';

export class ApiRequestError extends Error {
  constructor(readonly status: number, message: string, readonly details: string[] = []) {
    super(message);
  }
}

/**
 * The Bridge in a browser: the core's JSON API and its WebSocket stream. The session token
 * lives in this tab's sessionStorage only, so a reload keeps the operator logged in.
 */
export class HttpBridge implements Bridge {
  private token: string | null = sessionStorage.getItem(TOKEN_KEY);

  constructor(private readonly base = '') {}

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.base}/api/v1${path}`, {
      method,
      headers: { ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    if (res.status === 204) return undefined as T;
    const data = (await res.json().catch(() => null)) as { error?: { message?: string; details?: string[] } } | null;
    if (!res.ok) {
      if (res.status === 401 && path !== '/sessions') this.forget();
      throw new ApiRequestError(res.status, data?.error?.message ?? `${method} ${path} failed with ${res.status}`, data?.error?.details ?? []);
    }
    return data as T;
  }

  private forget(): void {
    this.token = null;
    sessionStorage.removeItem(TOKEN_KEY);
  }

  async login(request: LoginRequest): Promise<SessionInfo> {
    const r = await this.call<SessionInfo & { token: string }>('POST', '/sessions', request);
    this.token = r.token;
    sessionStorage.setItem(TOKEN_KEY, r.token);
    return { username: r.username, role: r.role, expiresAt: r.expiresAt };
  }

  async logout(): Promise<void> {
    if (this.token) await this.call('DELETE', '/sessions/current').catch(() => undefined);
    this.forget();
  }

  async currentSession(): Promise<SessionInfo | null> {
    if (!this.token) return null;
    return this.call<SessionInfo>('GET', '/sessions/current').catch(() => null);
  }

  listDevices(): Promise<DeviceStatus[]> {
    return this.call('GET', '/devices');
  }

  series(deviceId: number, point: string, from: number, to: number, maxPoints: number): Promise<SeriesReply> {
    const q = new URLSearchParams({ point, from: String(from), to: String(to), maxPoints: String(maxPoints) });
    return this.call('GET', `/devices/${deviceId}/series?${q.toString()}`);
  }

  alarmPeriods(deviceId: number, from: number, to: number): Promise<AlarmPeriod[]> {
    return this.call('GET', `/devices/${deviceId}/alarm-periods?from=${from}&to=${to}`);
  }

  listTcpServers(): Promise<TcpServerInfo[]> {
    return this.call('GET', '/tcp-servers');
  }

  haloStrings(serverId: number, typeId: string): Promise<{ heartbeat: string; set: string; reset: string; warnings: string[] }> {
    return this.call('GET', `/tcp-servers/${serverId}/halo-strings?typeId=${encodeURIComponent(typeId)}`);
  }

  listDeviceTypes(): Promise<Array<{ type: DeviceType; builtIn: boolean; collisions: Array<{ event: string; dataPoint: string; message: string }> }>> {
    return this.call('GET', '/device-types');
  }

  importDeviceType(type: unknown): Promise<{ type: DeviceType; collisions: Array<{ event: string; dataPoint: string; message: string }> }> {
    return this.call('POST', '/device-types', type);
  }

  createDevice(config: { name: string; deviceId: string; typeId: string; serverId: number }): Promise<DeviceStatus> {
    return this.call('POST', '/devices', config);
  }

  private query(q: object): string {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(q)) if (v !== undefined && v !== '') params.set(k, String(v));
    return params.toString();
  }

  listAlarms(q: { state?: string; from?: number; to?: number }): Promise<AlarmView[]> {
    return this.call('GET', `/alarms?${this.query(q)}`);
  }

  listAudit(q: { from?: number; to?: number; actor?: string; action?: string; limit?: number }): Promise<AuditEntryView[]> {
    return this.call('GET', `/audit?${this.query(q)}`);
  }

  kpis(from: number, to: number): Promise<AlarmKpis> {
    return this.call('GET', `/kpis?${this.query({ from, to })}`);
  }

  siteConnection(): Promise<SiteConnectionView> {
    return this.call('GET', '/site/connection');
  }

  saveSiteConnection(settings: Record<string, unknown>): Promise<SiteConnectionView> {
    return this.call('PUT', '/site/connection', settings);
  }

  siteLog(): Promise<Array<{ t: number; level: string; source: string; message: string }>> {
    return this.call('GET', '/site/log');
  }

  mapLayout(): Promise<MapLayout> {
    return this.call('GET', '/map/layout');
  }

  saveMapLayout(layout: MapLayout): Promise<MapLayout> {
    return this.call('PUT', '/map/layout', layout);
  }

  listRules(): Promise<Array<{ rule: Rule; version?: number; warnings?: string[]; stats?: { fired: number; errors: number; lastError: string | null } }>> {
    return this.call('GET', '/rules');
  }

  saveRule(rule: unknown, mode: 'create' | 'replace'): Promise<{ rule: Rule; warnings: string[] }> {
    const id = encodeURIComponent(String((rule as { id?: unknown }).id ?? ''));
    return mode === 'create' ? this.call('POST', '/rules', rule) : this.call('PUT', `/rules/${id}`, rule);
  }

  deleteRule(id: string): Promise<void> {
    return this.call('DELETE', `/rules/${encodeURIComponent(id)}`);
  }

  listAlarmDefinitions(): Promise<AlarmDefinition[]> {
    return this.call('GET', '/alarm-definitions');
  }

  saveAlarmDefinition(definition: unknown, mode: 'create' | 'replace'): Promise<AlarmDefinition> {
    const id = encodeURIComponent(String((definition as { id?: unknown }).id ?? ''));
    return mode === 'create' ? this.call('POST', '/alarm-definitions', definition) : this.call('PUT', `/alarm-definitions/${id}`, definition);
  }

  ingestStats(): Promise<IngestStats> {
    return this.call('GET', '/ingest/stats');
  }

  listEvents(query: EventQuery): Promise<EventRecord[]> {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
    return this.call('GET', `/events?${params.toString()}`);
  }

  getDemo(): Promise<DemoState> {
    return this.call('GET', '/demo');
  }

  setDemo(state: DemoState): Promise<DemoState> {
    return this.call('PUT', '/demo', state);
  }

  alarmAction(id: number, action: string, body: Record<string, unknown> = {}): Promise<AlarmView> {
    return this.call('POST', `/alarms/${id}/${encodeURIComponent(action)}`, body);
  }

  alarmActions(ids: number[], action: string, body: Record<string, unknown> = {}): Promise<AlarmActionOutcome[]> {
    return this.call('POST', `/alarms/${encodeURIComponent(action)}`, { ...body, ids });
  }

  commandTables(): Promise<CommandTables> {
    return this.call('GET', '/command-tables');
  }

  assetCommand(assetId: string, command: string, params: Record<string, unknown> = {}, confirmed = false): Promise<CommandView> {
    return this.call<CommandView[]>('POST', `/assets/${encodeURIComponent(assetId)}/commands`, { command, params, confirmed }).then((r) => r[0]!);
  }

  assetCommands(assetIds: string[], command: string, params: Record<string, unknown>, confirmed: boolean): Promise<CommandView[]> {
    return this.call('POST', '/assets/commands', { assetIds, command, params, confirmed });
  }

  listCameras(): Promise<CameraView[]> {
    return this.call('GET', '/cameras');
  }

  async videoUrl(cameraId: number, kind: 'stream' | 'snapshot'): Promise<string> {
    const { ticket } = await this.call<{ ticket: string }>('POST', `/cameras/${cameraId}/ticket`);
    return `${this.base}/api/v1/cameras/${cameraId}/${kind}?ticket=${encodeURIComponent(ticket)}`;
  }

  subscribe(onMessage: (message: StreamMessage) => void, onState: (state: StreamState) => void): () => void {
    let socket: WebSocket | null = null;
    let closed = false;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let backoff = 500;
    const open = (): void => {
      if (closed || !this.token) return;
      onState('connecting');
      const url = new URL(`${this.base}/api/v1/stream`, window.location.href);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      url.searchParams.set('token', this.token);
      socket = new WebSocket(url);
      socket.onopen = () => { backoff = 500; onState('live'); };
      socket.onmessage = (e) => onMessage(JSON.parse(String(e.data)) as StreamMessage);
      socket.onclose = () => {
        onState('closed');
        if (!closed) retry = setTimeout(open, backoff);
        backoff = Math.min(backoff * 2, 10_000);
      };
    };
    open();
    return () => {
      closed = true;
      if (retry) clearTimeout(retry);
      socket?.close();
    };
  }
}
