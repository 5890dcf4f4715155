import { BRIDGE_ARGS, BRIDGE_METHODS, type BridgeMethod, type BridgeReply } from '../../shared/bridge-channels.js';
import { describeIssues } from '../../shared/halo/device-type.js';
import type { ApiServer } from '../core/api/http-server.js';
import { STREAMED } from '../core/api/router.js';
import { ApiError } from '../core/errors.js';

type Call = { method: string; path: string; body?: unknown; query?: Record<string, string> };

const enc = encodeURIComponent;
const strings = (o: unknown): Record<string, string> => Object.fromEntries(Object.entries(o as object).map(([k, v]) => [k, String(v)]));

/** Each Bridge method as the API call it is: the desktop app and the browser run the same handlers. */
function toCall(method: BridgeMethod, args: unknown[]): Call {
  const [a, b, c, d] = args as [unknown, unknown, unknown, unknown];
  switch (method) {
    case 'login': return { method: 'POST', path: '/api/v1/sessions', body: a };
    case 'logout': return { method: 'DELETE', path: '/api/v1/sessions/current' };
    case 'currentSession': return { method: 'GET', path: '/api/v1/sessions/current' };
    case 'listDevices': return { method: 'GET', path: '/api/v1/devices' };
    case 'ingestStats': return { method: 'GET', path: '/api/v1/ingest/stats' };
    case 'listEvents': return { method: 'GET', path: '/api/v1/events', query: strings(a) };
    case 'getDemo': return { method: 'GET', path: '/api/v1/demo' };
    case 'setDemo': return { method: 'PUT', path: '/api/v1/demo', body: a };
    case 'listCameras': return { method: 'GET', path: '/api/v1/cameras' };
    case 'videoUrl': return { method: 'POST', path: `/api/v1/cameras/${Number(a)}/ticket` };
    case 'alarmAction': return { method: 'POST', path: `/api/v1/alarms/${Number(a)}/${enc(String(b))}`, body: c ?? {} };
    case 'alarmActions': return { method: 'POST', path: `/api/v1/alarms/${enc(String(b))}`, body: { ...((c ?? {}) as object), ids: a } };
    case 'commandTables': return { method: 'GET', path: '/api/v1/command-tables' };
    case 'series': return { method: 'GET', path: `/api/v1/devices/${Number(a)}/series`, query: { point: String(b), from: String(c), to: String(d), maxPoints: String((args as unknown[])[4]) } };
    case 'alarmPeriods': return { method: 'GET', path: `/api/v1/devices/${Number(a)}/alarm-periods`, query: { from: String(b), to: String(c) } };
    case 'listRules': return { method: 'GET', path: '/api/v1/rules' };
    case 'listTcpServers': return { method: 'GET', path: '/api/v1/tcp-servers' };
    case 'haloStrings': return { method: 'GET', path: `/api/v1/tcp-servers/${Number(a)}/halo-strings`, query: { typeId: String(b) } };
    case 'listDeviceTypes': return { method: 'GET', path: '/api/v1/device-types' };
    case 'importDeviceType': return { method: 'POST', path: '/api/v1/device-types', body: a };
    case 'createDevice': return { method: 'POST', path: '/api/v1/devices', body: a };
    case 'listAlarms': return { method: 'GET', path: '/api/v1/alarms', query: strings(a) };
    case 'listAudit': return { method: 'GET', path: '/api/v1/audit', query: strings(a) };
    case 'kpis': return { method: 'GET', path: '/api/v1/kpis', query: { from: String(a), to: String(b) } };
    case 'siteConnection': return { method: 'GET', path: '/api/v1/site/connection' };
    case 'saveSiteConnection': return { method: 'PUT', path: '/api/v1/site/connection', body: a };
    case 'siteLog': return { method: 'GET', path: '/api/v1/site/log' };
    case 'saveRule': return b === 'create' ? { method: 'POST', path: '/api/v1/rules', body: a } : { method: 'PUT', path: `/api/v1/rules/${enc(String((a as { id?: unknown }).id ?? ''))}`, body: a };
    case 'deleteRule': return { method: 'DELETE', path: `/api/v1/rules/${enc(String(a))}` };
    case 'listAlarmDefinitions': return { method: 'GET', path: '/api/v1/alarm-definitions' };
    case 'saveAlarmDefinition': return b === 'create' ? { method: 'POST', path: '/api/v1/alarm-definitions', body: a } : { method: 'PUT', path: `/api/v1/alarm-definitions/${enc(String((a as { id?: unknown }).id ?? ''))}`, body: a };
    case 'mapLayout': return { method: 'GET', path: '/api/v1/map/layout' };
    case 'saveMapLayout': return { method: 'PUT', path: '/api/v1/map/layout', body: a };
    case 'assetCommands': return { method: 'POST', path: '/api/v1/assets/commands', body: { assetIds: a, command: b, params: c, confirmed: d } };
    case 'assetCommand': return { method: 'POST', path: `/api/v1/assets/${enc(String(a))}/commands`, body: { command: b, params: c ?? {}, confirmed: d ?? false } };
  }
}

/**
 * The main process's side of the IPC Bridge. It holds the operator's session token, so it never
 * reaches the renderer; each payload is validated; errors come back as data.
 */
export class IpcHost {
  private token: string | null = null;

  constructor(private readonly api: Pick<ApiServer, 'dispatch'>, private readonly log: (message: string) => void) {}

  async handle(method: string, args: unknown): Promise<BridgeReply> {
    if (!(BRIDGE_METHODS as readonly string[]).includes(method)) {
      this.log(`IPC: refused unknown channel ${method}`);
      return { ok: false, status: 400, message: `unknown bridge method ${method}` };
    }
    const m = method as BridgeMethod;
    const parsed = BRIDGE_ARGS[m].safeParse(args);
    if (!parsed.success) {
      this.log(`IPC: refused invalid payload for ${m}: ${describeIssues(parsed.error).join('; ')}`);
      return { ok: false, status: 400, message: `invalid ${m} request: ${describeIssues(parsed.error).join('; ')}` };
    }
    if (m === 'currentSession' && !this.token) return { ok: true, value: null };
    const call = toCall(m, parsed.data);
    try {
      const result = await this.api.dispatch({
        method: call.method, path: call.path, query: new URLSearchParams(call.query ?? {}), token: this.token, body: async () => call.body,
      });
      if (result === STREAMED) return { ok: false, status: 400, message: 'streams are served by the app:// protocol' };
      if (m === 'logout') this.token = null;
      if (m === 'login') {
        const { token, ...session } = result.body as { token: string };
        this.token = token;
        return { ok: true, value: session };
      }
      if (m === 'videoUrl') {
        const { ticket } = result.body as { ticket: string };
        return { ok: true, value: `app://watchdesk/api/v1/cameras/${Number(parsed.data[0])}/${String(parsed.data[1])}?ticket=${enc(ticket)}` };
      }
      if (m === 'assetCommand') return { ok: true, value: (result.body as unknown[])[0] };
      return { ok: true, value: result.status === 204 ? undefined : result.body };
    } catch (err) {
      if (err instanceof ApiError) {
        if (err.status === 401 && m !== 'login') this.token = null;
        return { ok: false, status: err.status, message: err.message, details: err.details };
      }
      this.log(`IPC ${m} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      return { ok: false, status: 500, message: 'internal error; see the log' };
    }
  }

  get loggedIn(): boolean {
    return this.token !== null;
  }
}

/** IPC only from the console's own pages. */
export function trustedSender(frameUrl: string | undefined): boolean {
  if (!frameUrl) return false;
  try {
    const u = new URL(frameUrl);
    return u.protocol === 'app:' && u.host === 'watchdesk';
  } catch {
    return false;
  }
}

/** Links out of the console open in the browser, and only http(s) ones. */
export function safeExternalUrl(url: string): boolean {
  try {
    const u = new URL(url);
    return (u.protocol === 'https:' || u.protocol === 'http:') && u.username === '' && u.password === '';
  } catch {
    return false;
  }
}
