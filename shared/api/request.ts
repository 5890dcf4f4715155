import { API_PREFIX, routes, type RouteName } from './routes.js';

export interface RouteRequest {
  method: string;
  /** Path and query string under the server's origin, e.g. `/api/v1/devices/3/series?point=Noise`. */
  url: string;
  body: unknown;
}

/** Query values as the server reads them: strings, with empty and absent values left out. */
export function queryString(query: unknown): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries((query ?? {}) as Record<string, unknown>)) {
    if (v === undefined || v === null || v === '') continue;
    q.set(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

/** The HTTP request a route call is: one function serves the browser client and the desktop's IPC host. */
export function routeRequest(name: RouteName, input: { params?: unknown; query?: unknown; body?: unknown } = {}): RouteRequest {
  const spec = routes[name];
  const params = (input.params ?? {}) as Record<string, unknown>;
  const path = spec.path.replace(/\{(\w+)\}/g, (_m, key: string) => {
    const v = params[key];
    if (v === undefined || v === null || v === '') throw new Error(`${name} needs the path parameter ${key}`);
    return encodeURIComponent(String(v));
  });
  return { method: spec.method, url: `${API_PREFIX}${path}${queryString(input.query)}`, body: input.body };
}
