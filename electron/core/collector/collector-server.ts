import { decodeForm } from '../../../shared/nx/form.js';
import { NxCode, NxProblem, nxErrorReply, nxReply, nxRestError } from '../../../shared/nx/errors.js';
import { fromLegacyParams, fromV4Body, type GenericEventInput } from '../../../shared/nx/generic-event.js';
import type { CollectorCounters } from '../../../shared/domain.js';
import type { IntegrationAccounts } from './accounts.js';
import { challenges, type Nonces } from './digest.js';
import { Http1Server, type Http1Request, type Http1Response } from './http1.js';
import type { FailureLimiter } from './rate-limit.js';

export const COLLECTOR_LIMITS = { maxUrlBytes: 8192, maxBodyBytes: 64 * 1024, maxHeaderBytes: 32 * 1024, idleTimeoutMs: 65_000 } as const;

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
const OK_LEGACY = JSON.stringify(nxReply());
const VERIFIED_FOR_MS = 60_000;

/**
 * The generic-event collector, wire-compatible with Nx Witness / DW Spectrum: the legacy
 * `/api/createEvent` (Basic or Digest, as HALO External Messaging sends it) and REST v4
 * (`/rest/v4/login/sessions`, `/rest/v4/events/generic`, Bearer). Its own port, its own accounts.
 */
export class CollectorServer {
  private readonly server: Http1Server;
  /** A keep-alive connection sends the same Authorization every time: checked once per connection. */
  private readonly verified = new WeakMap<object, { header: string; username: string; until: number }>();
  port: number | null = null;
  error: string | null = null;

  constructor(private readonly deps: CollectorDeps) {
    this.server = new Http1Server((req) => this.handle(req), COLLECTOR_LIMITS, (status) => {
      deps.counters.requests++;
      deps.counters.errors++;
      if (status === 413 || status === 431) deps.counters.oversized++;
    });
  }

  async listen(host: string, port: number): Promise<void> {
    try {
      this.port = await this.server.listen(host, port);
    } catch (err) {
      this.error = `cannot listen on ${host}:${port}: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  close(): Promise<void> {
    return this.server.close();
  }

  private fail(style: Style, problem: NxProblem, headers: Record<string, string | string[]> = {}): Http1Response {
    this.deps.counters.errors++;
    // Legacy API: the error travels in the body with HTTP 200, except for transport-level refusals.
    if (style === 'legacy') return { status: problem.httpStatus === 400 ? 200 : problem.httpStatus, body: JSON.stringify(nxErrorReply(problem)), headers };
    return { status: problem.httpStatus, body: JSON.stringify(nxRestError(problem)), headers };
  }

  /** Basic, Digest or Bearer; null when not authenticated. */
  private async authenticate(req: Http1Request): Promise<string | 'stale' | null> {
    const header = req.headers.get('authorization') ?? '';
    if (/^Basic\s/i.test(header)) {
      const known = this.verified.get(req.connection);
      if (known && known.header === header && known.until > Date.now() && this.deps.accounts.exists(known.username)) return known.username;
      const username = await this.deps.accounts.checkBasic(header);
      if (username) this.verified.set(req.connection, { header, username, until: Date.now() + VERIFIED_FOR_MS });
      return username;
    }
    if (/^Digest\s/i.test(header)) return this.deps.accounts.checkDigest(header, req.method);
    const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? req.headers.get('x-runtime-guid');
    if (bearer !== undefined) return this.deps.accounts.checkBearer(bearer);
    return null;
  }

  private unauthorised(req: Http1Request, style: Style, stale: boolean): Http1Response {
    if (req.headers.has('authorization') && !stale) {
      this.deps.counters.authFailures++;
      this.deps.limiter.fail(req.remoteAddress);
    }
    const message = stale ? 'The nonce is stale; repeat with the new one.' : 'Unauthorized: wrong or missing credentials.';
    return this.fail(style, new NxProblem(NxCode.forbidden, message, 401), { 'WWW-Authenticate': challenges(this.deps.nonces, stale) });
  }

  private text(body: Buffer): string {
    try {
      return UTF8.decode(body);
    } catch {
      throw new NxProblem(NxCode.badRequest, 'The request body is not valid UTF-8.');
    }
  }

  private async handle(req: Http1Request): Promise<Http1Response> {
    const counters = this.deps.counters;
    counters.requests++;
    const q = req.target.indexOf('?');
    const path = q < 0 ? req.target : req.target.slice(0, q);
    const style: Style = path.startsWith('/rest/') ? 'rest' : 'legacy';
    const method = req.method;
    try {
      if (req.target.length > COLLECTOR_LIMITS.maxUrlBytes) {
        counters.oversized++;
        throw new NxProblem(NxCode.badRequest, `The request URI is longer than ${COLLECTOR_LIMITS.maxUrlBytes} bytes.`, 414);
      }
      const wait = this.deps.limiter.blockedFor(req.remoteAddress);
      if (wait > 0) {
        counters.rateLimited++;
        const s = String(Math.ceil(wait / 1000));
        return this.fail(style, new NxProblem(NxCode.forbidden, `Too many failed logins from ${req.remoteAddress}; retry in ${s} s.`, 429), { 'Retry-After': s });
      }
      if (path === '/api/createEvent') {
        if (method !== 'GET' && method !== 'POST') throw new NxProblem(NxCode.badRequest, `${method} is not allowed; use GET or POST.`, 405);
        const who = await this.authenticate(req);
        if (who === null || who === 'stale') return this.unauthorised(req, style, who === 'stale');
        const params = decodeForm(q < 0 ? '' : req.target.slice(q + 1));
        if (req.body.length > 0) {
          const body = this.text(req.body);
          const extra = (req.headers.get('content-type') ?? '').includes('application/json') ? jsonParams(body) : decodeForm(body.trim());
          for (const [k, v] of extra) params.set(k, v);
        }
        this.deps.limiter.succeed(req.remoteAddress);
        this.deps.accept(fromLegacyParams(params, Date.now()), who);
        counters.accepted++;
        return { status: 200, body: OK_LEGACY };
      }
      if (path === '/rest/v4/login/sessions' && method === 'POST') {
        const body = parseJson(this.text(req.body));
        const username = typeof body?.username === 'string' ? body.username : '';
        const password = typeof body?.password === 'string' ? body.password : '';
        if (!(await this.deps.accounts.checkPassword(username, password))) {
          counters.authFailures++;
          this.deps.limiter.fail(req.remoteAddress);
          throw new NxProblem(NxCode.forbidden, 'Wrong user name or password.', 401);
        }
        this.deps.limiter.succeed(req.remoteAddress);
        return { status: 200, body: JSON.stringify(this.deps.accounts.issueToken(username)) };
      }
      if (path.startsWith('/rest/v4/login/sessions/') && method === 'DELETE') {
        const token = decodeURIComponent(path.slice('/rest/v4/login/sessions/'.length));
        if (!this.deps.accounts.revokeToken(token)) throw new NxProblem(NxCode.badRequest, 'No such session.', 404);
        return { status: 204, body: '' };
      }
      if (path === '/rest/v4/events/generic') {
        if (method !== 'POST') throw new NxProblem(NxCode.badRequest, `${method} is not allowed; use POST.`, 405);
        const who = await this.authenticate(req);
        if (who === null || who === 'stale') return this.unauthorised(req, style, who === 'stale');
        const input = fromV4Body(parseJson(this.text(req.body)), Date.now());
        this.deps.limiter.succeed(req.remoteAddress);
        this.deps.accept(input, who);
        counters.accepted++;
        return { status: 200, body: '{}' };
      }
      throw new NxProblem(NxCode.badRequest, `No such API: ${method} ${path}. The collector serves /api/createEvent and /rest/v4/events/generic.`, 404);
    } catch (err) {
      if (err instanceof NxProblem) return this.fail(style, err);
      this.deps.log(`collector ${method} ${path} failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}`);
      return this.fail(style, new NxProblem(NxCode.internalServerError, 'Internal server error.', 500));
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
