import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Role } from '../../../shared/bridge.js';
import type { Session } from '../auth/sessions.js';
import { ApiError } from '../errors.js';

/** Returned by a handler that wrote the response itself (a video stream). */
export const STREAMED = Symbol('streamed');

export interface RequestContext {
  /** Absent for in-process calls (the desktop shell's IPC). */
  req?: IncomingMessage;
  res?: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
  session: Session | null;
  token: string | null;
  body(): Promise<unknown>;
}

export type Handler = (ctx: RequestContext) => Promise<unknown> | unknown;

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: Handler;
  /** null: no session needed. */
  role: Role | null;
}

export class Router {
  private readonly routes: Route[] = [];

  /** `path` uses `:name` segments, e.g. `/api/v1/devices/:id/series`. */
  add(method: string, path: string, handler: Handler, role: Role | null = 'operator'): this {
    const keys: string[] = [];
    const source = path.replace(/:([a-zA-Z]+)/g, (_m, key: string) => { keys.push(key); return '([^/]+)'; });
    this.routes.push({ method, pattern: new RegExp(`^${source}/?$`), keys, handler, role });
    return this;
  }

  match(method: string, path: string): { route: Route; params: Record<string, string> } | null {
    let pathMatched = false;
    for (const route of this.routes) {
      const m = route.pattern.exec(path);
      if (!m) continue;
      pathMatched = true;
      if (route.method !== method) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((k, i) => {
        try {
          params[k] = decodeURIComponent(m[i + 1] ?? '');
        } catch {
          throw new ApiError(400, 'invalid', `the path segment for ${k} is not valid percent-encoding`);
        }
      });
      return { route, params };
    }
    if (pathMatched) throw new ApiError(405, 'method_not_allowed', `${method} is not allowed on ${path}`);
    return null;
  }
}

export function intParam(value: string | undefined | null, name: string): number {
  const n = Number(value);
  if (value === undefined || value === null || value === '' || !Number.isSafeInteger(n)) throw new ApiError(400, 'invalid', `${name} must be an integer`);
  return n;
}

export function optionalNumber(query: URLSearchParams, name: string): number | undefined {
  const v = query.get(name);
  if (v === null || v === '') return undefined;
  const n = Number(v);
  if (!Number.isFinite(n)) throw new ApiError(400, 'invalid', `${name} must be a number (epoch milliseconds for times)`);
  return n;
}
