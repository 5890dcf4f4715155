import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeForm } from '../../../shared/nx/form.js';
import { NxCode, NxProblem, nxErrorReply, nxReply, nxRestError } from '../../../shared/nx/errors.js';
import { fromLegacyParams, fromV4Body, type GenericEventInput } from '../../../shared/nx/generic-event.js';
import type { CollectorCounters } from '../../../shared/domain.js';
import type { IntegrationAccounts } from './accounts.js';
import { challenges, type Nonces } from './digest.js';
import type { FailureLimiter } from './rate-limit.js';

export const COLLECTOR_LIMITS = { maxUrlBytes: 8192, maxBodyBytes: 64 * 1024, maxHeaderBytes: 32 * 1024 } as const;

export interface CollectorDeps {
  accounts: IntegrationAccounts;
  nonces: Nonces;
  limiter: FailureLimiter;
  counters: CollectorCounters;
  accept(input: GenericEventInput, account: string): void;
  log(message: string): void;
}

type Style = 'legacy' | 'rest';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The generic-event collector, wire-compatible with Nx Witness / DW Spectrum: the legacy
 * `/api/createEvent` (Basic or Digest, as HALO External Messaging sends it) and REST v4
 * (`/rest/v4/login/sessions`, `/rest/v4/events/generic`, Bearer). Its own port, its own accounts.
 */
export class CollectorServer {
  private readonly server: http.Server;
  port: number | null = null;
  error: string | null = null;

  constructor(private readonly deps: CollectorDeps) {
    this.server = http.createServer({ maxHeaderSize: COLLECTOR_LIMITS.maxHeaderBytes }, (req, res) => { void this.handle(req, res); });
    this.server.keepAliveTimeout = 65_000;
    this.server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
      // Headers over the limit never reach a handler; answer them in Nx's words all the same.
      if (err.code === 'HPE_HEADER_OVERFLOW' && socket.writable) {
        this.deps.counters.oversized++;
        const body = JSON.stringify(nxErrorReply(new NxProblem(NxCode.badRequest, `Request headers are larger than ${COLLECTOR_LIMITS.maxHeaderBytes} bytes.`)));
        socket.end(`HTTP/1.1 431 Request Header Fields Too Large\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
      } else {
        socket.destroy();
      }
    });
  }

  async listen(host: string, port: number): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.once('error', (err) => { this.error = `cannot listen on ${host}:${port}: ${err.message}`; resolve(); });
      this.server.listen(port, host, () => { this.port = (this.server.address() as AddressInfo).port; resolve(); });
    });
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => (this.server.listening ? this.server.close(() => resolve()) : resolve()));
  }

  private send(res: http.ServerResponse, status: number, body: unknown, headers: Record<string, string | string[]> = {}): void {
    if (res.headersSent) return;
    const text = body === undefined ? '' : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
    res.end(text);
  }

  private fail(res: http.ServerResponse, style: Style, problem: NxProblem, headers: Record<string, string | string[]> = {}): void {
    this.deps.counters.errors++;
    // Legacy API: the error travels in the body with HTTP 200, except for transport-level refusals.
    const legacyStatus = problem.httpStatus === 400 ? 200 : problem.httpStatus;
    this.send(res, style === 'legacy' ? legacyStatus : problem.httpStatus, style === 'legacy' ? nxErrorReply(problem) : nxRestError(problem), headers);
  }

  private readBody(req: http.IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
      const declared = Number(req.headers['content-length'] ?? 0);
      if (declared > COLLECTOR_LIMITS.maxBodyBytes) {
        reject(new NxProblem(NxCode.badRequest, `The request body is larger than ${COLLECTOR_LIMITS.maxBodyBytes} bytes.`, 413));
        return;
      }
      const parts: Buffer[] = [];
      let size = 0;
      req.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size <= COLLECTOR_LIMITS.maxBodyBytes) parts.push(chunk);
      });
      req.on('end', () => {
        if (size > COLLECTOR_LIMITS.maxBodyBytes) return reject(new NxProblem(NxCode.badRequest, `The request body is larger than ${COLLECTOR_LIMITS.maxBodyBytes} bytes.`, 413));
        try {
          resolve(UTF8.decode(Buffer.concat(parts)));
        } catch {
          reject(new NxProblem(NxCode.badRequest, 'The request body is not valid UTF-8.'));
        }
      });
      req.on('error', reject);
    });
  }

  /** Basic, Digest or Bearer; null when not authenticated (the caller answers 401). */
  private async authenticate(req: http.IncomingMessage): Promise<string | 'stale' | null> {
    const header = req.headers.authorization ?? '';
    if (/^Basic\s/i.test(header)) return this.deps.accounts.checkBasic(header);
    if (/^Digest\s/i.test(header)) return this.deps.accounts.checkDigest(header, req.method ?? 'GET');
    const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? req.headers['x-runtime-guid'];
    if (typeof bearer === 'string') return this.deps.accounts.checkBearer(bearer);
    return null;
  }

  private unauthorised(res: http.ServerResponse, style: Style, address: string, stale: boolean, attempted: boolean): void {
    if (attempted && !stale) {
      this.deps.counters.authFailures++;
      this.deps.limiter.fail(address);
    }
    this.fail(res, style, new NxProblem(NxCode.forbidden, stale ? 'The nonce is stale; repeat with the new one.' : 'Unauthorized: wrong or missing credentials.', 401),
      { 'www-authenticate': challenges(this.deps.nonces, stale) });
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const counters = this.deps.counters;
    counters.requests++;
    const rawUrl = req.url ?? '/';
    const address = req.socket.remoteAddress ?? 'unknown';
    const q = rawUrl.indexOf('?');
    const path = q < 0 ? rawUrl : rawUrl.slice(0, q);
    const style: Style = path.startsWith('/rest/') ? 'rest' : 'legacy';
    const method = req.method ?? 'GET';
    try {
      if (Buffer.byteLength(rawUrl) > COLLECTOR_LIMITS.maxUrlBytes) {
        counters.oversized++;
        throw new NxProblem(NxCode.badRequest, `The request URI is longer than ${COLLECTOR_LIMITS.maxUrlBytes} bytes.`, 414);
      }
      const wait = this.deps.limiter.blockedFor(address);
      if (wait > 0) {
        counters.rateLimited++;
        req.resume();
        this.fail(res, style, new NxProblem(NxCode.forbidden, `Too many failed logins from ${address}; retry in ${Math.ceil(wait / 1000)} s.`, 429), { 'retry-after': String(Math.ceil(wait / 1000)) });
        return;
      }
      if (path === '/api/createEvent') {
        if (method !== 'GET' && method !== 'POST') throw new NxProblem(NxCode.badRequest, `${method} is not allowed; use GET or POST.`, 405);
        const who = await this.authenticate(req);
        if (who === null || who === 'stale') { req.resume(); return this.unauthorised(res, style, address, who === 'stale', Boolean(req.headers.authorization)); }
        const params = decodeForm(q < 0 ? '' : rawUrl.slice(q + 1));
        if (method === 'POST') {
          const body = await this.readBody(req);
          const type = String(req.headers['content-type'] ?? '');
          const extra = type.includes('application/json') ? jsonParams(body) : decodeForm(body.trim());
          for (const [k, v] of extra) params.set(k, v);
        }
        this.deps.limiter.succeed(address);
        this.deps.accept(fromLegacyParams(params, Date.now()), who);
        counters.accepted++;
        this.send(res, 200, nxReply());
        return;
      }
      if (path === '/rest/v4/login/sessions' && method === 'POST') {
        const body = parseJson(await this.readBody(req));
        const username = typeof body?.username === 'string' ? body.username : '';
        const password = typeof body?.password === 'string' ? body.password : '';
        if (!(await this.deps.accounts.checkPassword(username, password))) {
          counters.authFailures++;
          this.deps.limiter.fail(address);
          throw new NxProblem(NxCode.forbidden, 'Wrong user name or password.', 401);
        }
        this.deps.limiter.succeed(address);
        this.send(res, 200, this.deps.accounts.issueToken(username));
        return;
      }
      if (path.startsWith('/rest/v4/login/sessions/') && method === 'DELETE') {
        const token = decodeURIComponent(path.slice('/rest/v4/login/sessions/'.length));
        if (!this.deps.accounts.revokeToken(token)) throw new NxProblem(NxCode.badRequest, 'No such session.', 404);
        this.send(res, 204, undefined);
        return;
      }
      if (path === '/rest/v4/events/generic') {
        if (method !== 'POST') throw new NxProblem(NxCode.badRequest, `${method} is not allowed; use POST.`, 405);
        const who = await this.authenticate(req);
        if (who === null || who === 'stale') { req.resume(); return this.unauthorised(res, style, address, who === 'stale', Boolean(req.headers.authorization)); }
        const input = fromV4Body(parseJson(await this.readBody(req)), Date.now());
        this.deps.limiter.succeed(address);
        this.deps.accept(input, who);
        counters.accepted++;
        this.send(res, 200, {});
        return;
      }
      throw new NxProblem(NxCode.badRequest, `No such API: ${method} ${path}. The collector serves /api/createEvent and /rest/v4/events/generic.`, 404);
    } catch (err) {
      if (err instanceof NxProblem) {
        this.fail(res, style, err);
      } else {
        this.deps.log(`collector ${method} ${path} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
        this.fail(res, style, new NxProblem(NxCode.internalServerError, 'Internal server error.', 500));
      }
    }
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- checked field by field by the caller
function parseJson(text: string): any {
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new NxProblem(NxCode.badRequest, 'The request body is not valid JSON.');
  }
}

function jsonParams(text: string): Map<string, string> {
  const body: unknown = parseJson(text);
  const out = new Map<string, string>();
  if (body === undefined) return out;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new NxProblem(NxCode.badRequest, 'The JSON body must be an object of parameters.');
  for (const [k, v] of Object.entries(body)) out.set(k, typeof v === 'string' ? v : JSON.stringify(v));
  return out;
}
