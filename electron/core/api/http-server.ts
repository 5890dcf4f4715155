import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Sessions } from '../auth/sessions.js';
import { ApiError } from '../errors.js';
import { STREAMED, type Router, type RequestContext } from './router.js';
import { readStatic } from './static-files.js';
import type { StreamHub } from './stream.js';

const MAX_BODY = 1024 * 1024;

/** Scripts only from the console's own origin; nothing inline, nothing framed. */
const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

function bearer(header: string | undefined): string | null {
  if (!header) return null;
  const m = /^Bearer\s+(\S+)$/i.exec(header);
  return m?.[1] ?? null;
}

function readBody(req: http.IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new ApiError(413, 'too_large', `the request body is larger than ${MAX_BODY} bytes`));
        req.resume();
        return;
      }
      parts.push(chunk);
    });
    req.on('end', () => {
      if (size > MAX_BODY) return;
      const text = Buffer.concat(parts).toString('utf8');
      if (text.trim() === '') return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch (err) {
        reject(new ApiError(400, 'invalid_json', `the request body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`));
      }
    });
    req.on('error', reject);
  });
}

function send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}, raw?: string | Buffer): void {
  if (res.headersSent) return;
  const text = raw ?? (status === 204 ? '' : JSON.stringify(body));
  res.writeHead(status, {
    'content-type': raw !== undefined ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    ...headers,
  });
  res.end(text);
}

export interface ApiServerDeps {
  router: Router;
  sessions: Sessions;
  hub: StreamHub;
  rendererDir: string;
  log: (message: string) => void;
}

export class ApiServer {
  private readonly server: http.Server;

  constructor(private readonly deps: ApiServerDeps) {
    this.server = http.createServer((req, res) => { void this.handle(req, res); });
    this.server.keepAliveTimeout = 65_000;
    this.server.on('upgrade', (req, socket, head) => this.upgrade(req, socket, head));
    this.server.on('clientError', (_err, socket) => socket.destroy());
  }

  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve((this.server.address() as AddressInfo).port));
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private upgrade(req: http.IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const session = this.deps.sessions.resolve(url.searchParams.get('token') ?? bearer(req.headers.authorization));
    if (url.pathname !== '/api/v1/stream' || !session) {
      socket.end(`HTTP/1.1 ${session ? '404 Not Found' : '401 Unauthorized'}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return;
    }
    socket.on('error', () => socket.destroy());
    this.deps.hub.upgrade(req, socket, head);
  }

  /**
   * One API call, from HTTP or in-process (the desktop shell's IPC): route, session, role,
   * handler. Errors other than ApiError propagate to the caller.
   */
  async dispatch(call: { method: string; path: string; query: URLSearchParams; token: string | null; body: () => Promise<unknown>; req?: http.IncomingMessage; res?: http.ServerResponse }): Promise<DispatchResult | typeof STREAMED> {
    const found = this.deps.router.match(call.method, call.path);
    if (!found) throw new ApiError(404, 'not_found', `no API resource at ${call.path}`);
    const session = this.deps.sessions.resolve(call.token);
    if (found.route.role !== null) {
      if (!session) throw new ApiError(401, 'unauthorized', 'a session is required: POST /api/v1/sessions, then send Authorization: Bearer <token>');
      const rank = { operator: 1, supervisor: 2, admin: 3 } as const;
      if (rank[session.role] < rank[found.route.role]) throw new ApiError(403, 'forbidden', `this needs the ${found.route.role} role`);
    }
    const ctx: RequestContext = { req: call.req, res: call.res, params: found.params, query: call.query, session, token: call.token, body: call.body };
    const result = await found.route.handler(ctx);
    if (result === STREAMED) return STREAMED;
    if (result === undefined) return { status: 204, body: null };
    if (isReply(result)) return { status: result.status, body: result.body, headers: result.headers, raw: result.raw };
    return { status: 200, body: result };
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = req.method ?? 'GET';
    try {
      if (!url.pathname.startsWith('/api/')) {
        if (method !== 'GET' && method !== 'HEAD') throw new ApiError(405, 'method_not_allowed', `${method} is not allowed here`);
        const file = await readStatic(this.deps.rendererDir, url.pathname);
        if (!file) {
          send(res, 404, null, { 'content-type': 'text/plain; charset=utf-8' }, 'The console is not built: run npm run build:renderer.');
          return;
        }
        res.writeHead(200, { 'content-type': file.type, 'content-security-policy': CSP, 'x-content-type-options': 'nosniff', 'x-frame-options': 'DENY', 'referrer-policy': 'no-referrer' });
        res.end(method === 'HEAD' ? undefined : file.body);
        return;
      }
      let bodyPromise: Promise<unknown> | null = null;
      const result = await this.dispatch({ method, path: url.pathname, query: url.searchParams, token: bearer(req.headers.authorization), body: () => (bodyPromise ??= readBody(req)), req, res });
      if (result === STREAMED) return;
      send(res, result.status, result.body, result.headers, result.raw);
    } catch (err) {
      if (err instanceof ApiError) {
        send(res, err.status, { error: { code: err.code, message: err.message, details: err.details } },
          err.status === 401 ? { 'www-authenticate': 'Bearer realm="watchdesk"' } : {});
      } else {
        this.deps.log(`API ${method} ${url.pathname} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
        send(res, 500, { error: { code: 'internal', message: 'internal error; see the server log', details: [] } });
      }
    }
  }
}

export interface DispatchResult {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  raw?: string | Buffer;
}

interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Sent as is (an image, a CSV export); otherwise the body is JSON. */
  raw?: string | Buffer;
  __reply: true;
}

function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && '__reply' in value;
}

export function reply(status: number, body: unknown, headers?: Record<string, string>, raw?: string | Buffer): Reply {
  return { status, body, headers, raw, __reply: true };
}
