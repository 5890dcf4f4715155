import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import fastifyMultipart from '@fastify/multipart';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyStatic from '@fastify/static';
import fastifyWebsocket from '@fastify/websocket';
import type { WebSocket } from 'ws';
import type { z } from 'zod';
import type { RouteSpec } from '../../../shared/api/define.js';
import { describeIssues } from '../../../shared/halo/device-type.js';
import { API_PREFIX, routes, type RouteName } from '../../../shared/api/routes.js';
import type { Session, Sessions } from '../auth/sessions.js';
import { ApiError } from '../errors.js';
import { hostAllowed } from './host-check.js';
import { parseJsonBody } from './json-body.js';
import { STREAMED, isReply, type Handler, type Handlers } from './reply.js';
import type { StreamHub } from './stream.js';

export const MAX_BODY = 1024 * 1024;
const MAX_HEADERS = 32 * 1024;
/** Logins a minute from one address, before any password is checked: a cap on hashing work. */
export const LOGIN_REQUESTS_PER_MINUTE = 120;

/** Scripts only from the console's own origin; nothing inline, nothing framed. */
export const CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

const rank = { operator: 1, supervisor: 2, admin: 3 } as const;

export interface ApiServerDeps {
  /** The WebSocket is the stream hub's; every other route has its handler. */
  handlers: Handlers<Exclude<RouteName, 'stream.open'>>;
  sessions: Sessions;
  hub: StreamHub;
  rendererDir: string;
  log: (message: string) => void;
  /** Names a request's Host may carry; anything else is answered 421. */
  allowedHosts: ReadonlySet<string>;
}

export interface InjectedCall {
  method: string;
  url: string;
  token: string | null;
  body?: unknown;
}

export interface InjectedReply {
  status: number;
  body: unknown;
  headers: Record<string, string>;
}

function bearer(header: string | undefined): string | null {
  if (!header) return null;
  return /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? null;
}

function errorBody(err: ApiError): { error: { code: string; message: string; details: string[]; current?: unknown } } {
  return { error: { code: err.code, message: err.message, details: err.details, ...(err.current === undefined ? {} : { current: err.current }) } };
}

function check<S extends z.ZodType | undefined>(schema: S, value: unknown, what: string): unknown {
  if (!schema) return {};
  const result = schema.safeParse(value);
  if (!result.success) {
    const details = describeIssues(result.error);
    throw new ApiError(400, 'invalid', `${what} is invalid: ${details.join('; ')}`, details);
  }
  return result.data;
}

/** An `upload` route's one file, read whole; over the multipart limit is 413, nothing kept. */
async function readUpload(req: FastifyRequest): Promise<{ filename: string; data: Buffer }> {
  if (!req.isMultipart()) throw new ApiError(400, 'invalid', 'send the file as multipart/form-data with one file field');
  const part = await req.file();
  if (!part) throw new ApiError(400, 'invalid', 'the multipart body holds no file');
  const data = await part.toBuffer();
  if (data.length === 0) throw new ApiError(400, 'invalid', 'the file is empty');
  return { filename: part.filename ?? '', data };
}

/** `/devices/{id}` → a matcher, for telling 405 from 404. */
const pathPattern = (path: string): RegExp => new RegExp(`^${API_PREFIX}${path.replace(/\{\w+\}/g, '[^/]+')}/?$`);

/**
 * The console's HTTP server: every route of the table on Fastify, checked by the table's
 * schemas, behind the session and role it names; the built console; the live stream.
 */
export class ApiServer {
  readonly fastify: FastifyInstance;
  private readonly patterns = Object.values(routes).map((r) => pathPattern(r.path));
  private initialising: Promise<void> | null = null;

  constructor(private readonly deps: ApiServerDeps) {
    this.fastify = Fastify({
      bodyLimit: MAX_BODY,
      keepAliveTimeout: 65_000,
      forceCloseConnections: true,
      return503OnClosing: true,
      http: { maxHeaderSize: MAX_HEADERS },
      routerOptions: { ignoreTrailingSlash: true, maxParamLength: 512 },
      logger: false,
    });
  }

  /** Plugins load before routes, so their route hooks (rate limits) see every route. */
  init(): Promise<void> {
    this.initialising ??= this.build();
    return this.initialising;
  }

  private async build(): Promise<void> {
    const f = this.fastify;
    f.removeAllContentTypeParsers();
    // Every body is JSON, whatever its content type says (curl -d sends form-urlencoded).
    f.addContentTypeParser('*', { parseAs: 'string' }, (_req, body, done) => {
      try {
        done(null, parseJsonBody(body as string));
      } catch (err) {
        done(err as Error, undefined);
      }
    });
    await f.register(fastifyMultipart, { limits: { fileSize: 50 * 1024 * 1024, files: 1 } });
    await f.register(fastifyRateLimit, {
      global: false,
      errorResponseBuilder: (_req, ctx) => new ApiError(429, 'too_many_attempts', `too many login attempts from this address; try again in ${Math.ceil(ctx.ttl / 1000)} s`),
    });
    await f.register(fastifyWebsocket, { options: { maxPayload: 64 * 1024 } });
    if (existsSync(this.deps.rendererDir)) {
      await f.register(fastifyStatic, {
        root: this.deps.rendererDir,
        wildcard: true,
        index: ['index.html'],
        // Source maps hold the console's whole source: never served.
        allowedPath: (path) => !path.startsWith('/api/') && !path.endsWith('.map'),
        setHeaders: (res) => {
          res.header('content-security-policy', CSP);
          res.header('cache-control', 'no-cache');
        },
      });
    }
    f.addHook('onRequest', async (req) => {
      if (!hostAllowed(req.headers.host, this.deps.allowedHosts)) {
        throw new ApiError(421, 'misdirected', `this server does not answer to the host "${String(req.headers.host ?? '').slice(0, 100)}"; start it with --allowed-host NAME to allow a name`);
      }
    });
    f.addHook('onSend', async (req, rep) => {
      rep.header('x-content-type-options', 'nosniff');
      rep.header('x-frame-options', 'DENY');
      rep.header('referrer-policy', 'no-referrer');
      // A route that says how long its bytes keep (plan tiles) is believed; every other API reply is not stored.
      if (req.url.startsWith('/api/') && !(rep.statusCode === 200 && rep.getHeader('cache-control'))) rep.header('cache-control', 'no-store');
    });
    f.setErrorHandler((err, req, rep) => this.fail(err, req, rep));
    f.setNotFoundHandler((req, rep) => this.notFound(req, rep));
    for (const [name, spec] of Object.entries(routes) as Array<[RouteName, RouteSpec]>) this.bind(name, spec);
  }

  private tokenOf(req: FastifyRequest): string | null {
    const query = req.query as Record<string, unknown> | undefined;
    return bearer(req.headers.authorization) ?? (req.url.startsWith(`${API_PREFIX}/stream`) && typeof query?.token === 'string' ? query.token : null);
  }

  private async resolveSession(req: FastifyRequest): Promise<{ session: Session | null; token: string | null }> {
    const token = this.tokenOf(req);
    // A session made on another node of the site is read from PostgreSQL first (`--database`).
    await this.deps.sessions.prefetch(token);
    return { token, session: this.deps.sessions.resolve(token) };
  }

  private authorise(spec: RouteSpec, session: Session | null): void {
    if (spec.role === null) return;
    if (!session) throw new ApiError(401, 'unauthorized', 'a session is required: POST /api/v1/sessions, then send Authorization: Bearer <token>');
    if (rank[session.role] < rank[spec.role]) throw new ApiError(403, 'forbidden', `this needs the ${spec.role} role`);
  }

  private bind(name: RouteName, spec: RouteSpec): void {
    const url = `${API_PREFIX}${spec.path.replace(/\{(\w+)\}/g, ':$1')}`;
    if (spec.kind === 'websocket') {
      this.fastify.route({
        method: 'GET', url, websocket: true,
        preValidation: async (req) => this.authorise(spec, (await this.resolveSession(req)).session),
        // With `websocket: true` the handler is the WebSocket's; plain HTTP gets 404.
        handler: ((socket: WebSocket, req: FastifyRequest) => {
          const token = this.tokenOf(req);
          this.deps.hub.accept(socket, () => this.deps.sessions.endReason(token));
          socket.once('close', this.deps.sessions.watch(token));
        }) as unknown as () => void,
      });
      return;
    }
    const handler = this.deps.handlers[name as Exclude<RouteName, 'stream.open'>] as Handler<RouteName>;
    this.fastify.route({
      method: spec.method, url,
      ...(name === 'sessions.create' ? { config: { rateLimit: { max: LOGIN_REQUESTS_PER_MINUTE, timeWindow: 60_000 } } } : {}),
      handler: async (req, rep) => {
        const { session, token } = await this.resolveSession(req);
        this.authorise(spec, session);
        const ctx = {
          params: check(spec.params, req.params, 'Path'),
          query: check(spec.query, req.query, 'Query'),
          body: spec.body ? check(spec.body, req.body ?? {}, spec.label ?? 'Request body') : undefined,
          session, token, address: req.ip, http: { req: req.raw, res: rep.raw },
          ...(spec.kind === 'upload' ? { upload: () => readUpload(req) } : {}),
        } as Parameters<Handler<RouteName>>[0];
        const result = await handler(ctx);
        if (result === STREAMED) {
          rep.hijack();
          return rep;
        }
        if (isReply(result)) {
          rep.code(result.status).headers(result.headers ?? {});
          if (result.raw !== undefined) {
            if (!result.headers?.['content-type']) rep.type('text/plain; charset=utf-8');
            return rep.send(result.raw);
          }
          return rep.send(result.body);
        }
        if (result === undefined || spec.status === 204) return rep.code(204).send();
        return rep.code(spec.status ?? 200).send(result);
      },
    });
  }

  private fail(err: unknown, req: FastifyRequest, rep: FastifyReply): FastifyReply {
    let api: ApiError;
    if (err instanceof ApiError) api = err;
    else {
      const e = err as { code?: string; statusCode?: number; message?: string };
      if (e.code === 'FST_ERR_CTP_BODY_TOO_LARGE') api = new ApiError(413, 'too_large', `the request body is larger than ${MAX_BODY} bytes`);
      else if (e.statusCode === 413) api = new ApiError(413, 'too_large', e.message ?? 'too large');
      else if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) api = new ApiError(e.statusCode, 'invalid', e.message ?? 'bad request');
      else {
        // One line: the full error would repeat for every aborted or broken request.
        this.deps.log(`API ${req.method} ${req.url.split('?')[0]} failed: ${e.message ?? String(err)}`);
        api = new ApiError(500, 'internal', 'internal error; see the server log');
      }
    }
    if (api.status === 401) rep.header('www-authenticate', 'Bearer realm="watchdesk"');
    rep.headers(api.headers);
    return rep.code(api.status).type('application/json; charset=utf-8').send(errorBody(api));
  }

  private notFound(req: FastifyRequest, rep: FastifyReply): FastifyReply | Promise<FastifyReply> {
    const path = req.url.split('?')[0] ?? '/';
    if (path.startsWith('/api/')) {
      if (this.patterns.some((p) => p.test(path))) return this.fail(new ApiError(405, 'method_not_allowed', `${req.method} is not allowed on ${path}`), req, rep);
      return this.fail(new ApiError(404, 'not_found', `no API resource at ${path}`), req, rep);
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return this.fail(new ApiError(405, 'method_not_allowed', `${req.method} is not allowed here`), req, rep);
    if (path.endsWith('.map') || !existsSync(this.deps.rendererDir)) {
      const text = path.endsWith('.map') ? 'Not found.' : 'The console is not built: run npm run build:renderer.';
      return rep.code(404).type('text/plain; charset=utf-8').send(text);
    }
    // Client-side routes load the console.
    rep.header('content-security-policy', CSP).header('cache-control', 'no-cache');
    return rep.sendFile('index.html');
  }

  async listen(host: string, port: number): Promise<number> {
    await this.init();
    await this.fastify.listen({ host, port });
    return (this.fastify.server.address() as AddressInfo).port;
  }

  /** Runs a route in process, through the same hooks, checks and handlers as HTTP: the desktop's IPC path. */
  async inject(call: InjectedCall): Promise<InjectedReply> {
    await this.init();
    const res = await this.fastify.inject({
      method: call.method as 'GET', url: call.url, remoteAddress: '127.0.0.1',
      headers: { ...(call.token ? { authorization: `Bearer ${call.token}` } : {}), ...(call.body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(call.body !== undefined ? { payload: JSON.stringify(call.body) } : {}),
    });
    const type = String(res.headers['content-type'] ?? '');
    const body = res.statusCode === 204 || res.body === '' ? undefined : type.startsWith('application/json') ? (res.json() as unknown) : res.body;
    return { status: res.statusCode, body, headers: Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, String(v)])) };
  }

  async close(): Promise<void> {
    await this.fastify.close();
  }
}
