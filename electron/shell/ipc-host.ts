import { z } from 'zod';
import { CALL, type WireReply } from '../../shared/bridge-channels.js';
import { routeRequest } from '../../shared/api/request.js';
import { isRouteName, routes, type RouteName } from '../../shared/api/routes.js';
import { describeIssues } from '../../shared/halo/device-type.js';
import type { InjectedCall, InjectedReply } from '../core/api/server.js';

/** The call's envelope; each part's content is checked by the route's own schemas in the core. */
const CallInput = z.object({ params: z.record(z.string(), z.union([z.string(), z.number()])).optional(), query: z.record(z.string(), z.unknown()).optional(), body: z.unknown().optional() }).strict();

/**
 * The main process's side of the IPC Bridge: any route of the table by name, run in process
 * through the same server (hooks, schemas, roles, handlers) as HTTP. It holds the operator's
 * session token, so the token never reaches the renderer; errors come back as data.
 */
export class IpcHost {
  protected token: string | null = null;

  constructor(private readonly api: { inject(call: InjectedCall): Promise<InjectedReply> }, private readonly log: (message: string) => void) {}

  async handle(name: unknown, input: unknown): Promise<WireReply> {
    if (!isRouteName(name)) {
      this.log(`IPC: refused unknown route ${String(name).slice(0, 80)}`);
      return { ok: false, status: 400, code: 'invalid', message: `unknown route ${String(name).slice(0, 80)}` };
    }
    const kind = (routes[name] as { kind?: string }).kind ?? 'json';
    if (kind !== 'json') return { ok: false, status: 400, code: 'invalid', message: `${name} is fetched by URL (${kind}), not through the bridge` };
    const parsed = CallInput.safeParse(input ?? {});
    if (!parsed.success) {
      this.log(`IPC: refused invalid input for ${name}: ${describeIssues(parsed.error).join('; ')}`);
      return { ok: false, status: 400, code: 'invalid', message: `invalid ${name} request: ${describeIssues(parsed.error).join('; ')}` };
    }
    try {
      const request = routeRequest(name, parsed.data);
      const reply = await this.api.inject({ method: request.method, url: request.url, token: this.token, body: request.body });
      return this.settle(name, reply);
    } catch (err) {
      this.log(`IPC ${name} failed: ${err instanceof Error ? err.message : String(err)}`);
      return { ok: false, status: 400, code: 'invalid', message: err instanceof Error ? err.message : String(err) };
    }
  }

  private settle(name: RouteName, reply: InjectedReply): WireReply {
    if (reply.status >= 400) {
      if (reply.status === 401 && name !== 'sessions.create') this.token = null;
      const error = (reply.body as { error?: { code?: string; message?: string; details?: string[] } } | undefined)?.error;
      return { ok: false, status: reply.status, code: error?.code ?? 'internal', message: error?.message ?? `${name} failed with ${reply.status}`, details: error?.details ?? [] };
    }
    if (name === 'sessions.create') {
      const { token, ...session } = reply.body as { token: string };
      this.token = token;
      return { ok: true, value: session };
    }
    if (name === 'sessions.delete') this.token = null;
    return { ok: true, value: reply.body };
  }

  /** For the main process only (the in-process stream counts as this session's console); never sent to the renderer. */
  get sessionToken(): string | null {
    return this.token;
  }

  get loggedIn(): boolean {
    return this.token !== null;
  }
}

/** What main.ts hands over of Electron's ipcMain: enough to register the one call channel. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: { senderFrame?: { url?: string } | null }, ...args: unknown[]) => unknown): void;
}

/** One channel for every route of the table; only the console's own frames may use it. */
export function registerCallChannel(ipcMain: IpcMainLike, host: IpcHost, log: (message: string) => void): void {
  ipcMain.handle(CALL, (event, name, input) => {
    if (!trustedSender(event.senderFrame?.url)) {
      log(`IPC ${String(name).slice(0, 80)} refused from ${event.senderFrame?.url ?? 'an unknown frame'}`);
      return { ok: false, status: 403, code: 'forbidden', message: 'not from the console' } satisfies WireReply;
    }
    return host.handle(name, input);
  });
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
