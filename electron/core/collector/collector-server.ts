import { decodeForm } from '../../../shared/nx/form.js';
import { invalidParameter, NxCode, NxProblem, nxErrorReply, nxReply, nxRestError } from '../../../shared/nx/errors.js';
import { fromLegacyParams, fromV4Body, jsonDepth, MAX_JSON_DEPTH, type GenericEventInput } from '../../../shared/nx/generic-event.js';
import type { CollectorCounters } from '../../../shared/domain.js';
import { readBasic, type IntegrationAccounts } from './accounts.js';
import { challenges, digestUsername, type Nonces } from './digest.js';
import { Http1Server, type Http1Request, type Http1Response } from './http1.js';
import { HashesBusy, type FailureLimiter } from './rate-limit.js';

export const COLLECTOR_LIMITS = { maxUrlBytes: 8192, maxBodyBytes: 64 * 1024, maxHeaderBytes: 32 * 1024, idleTimeoutMs: 65_000, headersTimeoutMs: 10_000 } as const;

export interface CollectorDeps {
  accounts: IntegrationAccounts;
  nonces: Nonces;
  limiter: FailureLimiter;
  counters: CollectorCounters;
  accept(input: GenericEventInput, account: string): void;
  log(message: string): void;
  /** Shorter in tests. */
  headersTimeoutMs?: number;
}

type Style = 'legacy' | 'rest';
type Auth = { user: string } | { problem: 'missing' | 'denied' | 'stale' | 'replay' } | { refused: number } | { busy: true };

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
    const limits = { ...COLLECTOR_LIMITS, headersTimeoutMs: deps.headersTimeoutMs ?? COLLECTOR_LIMITS.headersTimeoutMs };
    this.server = new Http1Server((req) => this.handle(req), limits, (status) => {
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

  /** Basic, Digest or Bearer: the account, or why not. */
  private async authenticate(req: Http1Request): Promise<Auth> {
    const header = req.headers.get('authorization') ?? '';
    if (/^Basic\s/i.test(header)) {
      const known = this.verified.get(req.connection);
      if (known && known.header === header && known.until > Date.now() && this.deps.accounts.exists(known.username)) return { user: known.username };
      const cached = this.deps.accounts.cachedBasic(header);
      if (cached) return { user: cached };
      return this.attempt(readBasic(header).username, req.remoteAddress, async () => {
        const username = await this.deps.accounts.checkBasic(header);
        if (!username) return { problem: 'denied' };
        this.verified.set(req.connection, { header, username, until: Date.now() + VERIFIED_FOR_MS });
        return { user: username };
      });
    }
    if (/^Digest\s/i.test(header)) {
      return this.attempt(digestUsername(header), req.remoteAddress, async () => {
        const r = this.deps.accounts.checkDigest(header, req.method);
        return r === null ? { problem: 'denied' } : r === 'stale' || r === 'replay' ? { problem: r } : { user: r };
      });
    }
    const bearer = /^Bearer\s+(\S+)$/i.exec(header)?.[1] ?? req.headers.get('x-runtime-guid');
    if (bearer !== undefined) {
      const user = this.deps.accounts.checkBearer(bearer);
      return user === null ? { problem: 'denied' } : { user };
    }
    return { problem: header ? 'denied' : 'missing' };
  }

  /** A credential check, counted by the limiter before it runs. */
  private async attempt(account: string, address: string, check: () => Promise<Auth>): Promise<Auth> {
    const attempt = this.deps.limiter.begin(account, address);
    if (attempt.refused) return { refused: attempt.waitMs };
    try {
      const result = await check();
      if ('user' in result) attempt.succeed();
      else if ('problem' in result && result.problem === 'denied') attempt.fail();
      else attempt.abandon();
      return result;
    } catch (err) {
      attempt.abandon();
      if (err instanceof HashesBusy) return { busy: true };
      throw err;
    }
  }

  /** The answer to a request that did not authenticate. */
  private refuse(req: Http1Request, style: Style, auth: Exclude<Auth, { user: string }>): Http1Response {
    if ('refused' in auth) return this.tooMany(style, req.remoteAddress, auth.refused);
    if ('busy' in auth) return this.fail(style, new NxProblem(NxCode.cantProcessRequest, 'Too many password checks under way; retry in a second.', 503), { 'Retry-After': '1' });
    if (auth.problem === 'denied') this.deps.counters.authFailures++;
    const fresh = auth.problem === 'stale' || auth.problem === 'replay';
    const message = auth.problem === 'stale' ? 'The nonce is stale; repeat with the new one.'
      : auth.problem === 'replay' ? 'The nonce count was used before (a replay); repeat with the new nonce.'
        : 'Unauthorized: wrong or missing credentials.';
    return this.fail(style, new NxProblem(NxCode.forbidden, message, 401), { 'WWW-Authenticate': challenges(this.deps.nonces, fresh) });
  }

  private tooMany(style: Style, address: string, waitMs: number): Http1Response {
    this.deps.counters.rateLimited++;
    const s = String(Math.ceil(waitMs / 1000));
    return this.fail(style, new NxProblem(NxCode.forbidden, `Too many failed logins from ${address} or for this account; retry in ${s} s.`, 429), { 'Retry-After': s });
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
      if (wait > 0) return this.tooMany(style, req.remoteAddress, wait);
      if (path === '/api/createEvent') {
        if (method !== 'GET' && method !== 'POST') throw new NxProblem(NxCode.badRequest, `${method} is not allowed; use GET or POST.`, 405);
        const auth = await this.authenticate(req);
        if (!('user' in auth)) return this.refuse(req, style, auth);
        const params = decodeForm(q < 0 ? '' : req.target.slice(q + 1));
        if (req.body.length > 0) {
          const body = this.text(req.body);
          const extra = (req.headers.get('content-type') ?? '').includes('application/json') ? jsonParams(body) : decodeForm(body.trim());
          for (const [k, v] of extra) params.set(k, v);
        }
        this.deps.accept(fromLegacyParams(params, Date.now()), auth.user);
        counters.accepted++;
        return { status: 200, body: OK_LEGACY };
      }
      if (path === '/rest/v4/login/sessions' && method === 'POST') {
        const body = parseJson(this.text(req.body));
        const username = typeof body?.username === 'string' ? body.username : '';
        const password = typeof body?.password === 'string' ? body.password : '';
        const auth = await this.attempt(username, req.remoteAddress, async () => ((await this.deps.accounts.checkPassword(username, password)) ? { user: username } : { problem: 'denied' }));
        if ('refused' in auth) return this.tooMany(style, req.remoteAddress, auth.refused);
        if (!('user' in auth)) {
          if ('busy' in auth) return this.refuse(req, style, auth);
          counters.authFailures++;
          throw new NxProblem(NxCode.forbidden, 'Wrong user name or password.', 401);
        }
        return { status: 200, body: JSON.stringify(this.deps.accounts.issueToken(username)) };
      }
      if (path.startsWith('/rest/v4/login/sessions/') && method === 'DELETE') {
        const token = decodePathPart(path.slice('/rest/v4/login/sessions/'.length));
        if (!this.deps.accounts.revokeToken(token)) throw new NxProblem(NxCode.badRequest, 'No such session.', 404);
        return { status: 204, body: '' };
      }
      if (path === '/rest/v4/events/generic') {
        if (method !== 'POST') throw new NxProblem(NxCode.badRequest, `${method} is not allowed; use POST.`, 405);
        const auth = await this.authenticate(req);
        if (!('user' in auth)) return this.refuse(req, style, auth);
        const input = fromV4Body(parseJson(this.text(req.body)), Date.now());
        this.deps.accept(input, auth.user);
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

function decodePathPart(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new NxProblem(NxCode.badRequest, 'The path is not valid percent-encoded UTF-8.');
  }
}

function jsonParams(text: string): Map<string, string> {
  const body: unknown = parseJson(text);
  const out = new Map<string, string>();
  if (body === undefined) return out;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new NxProblem(NxCode.badRequest, 'The JSON body must be an object of parameters.');
  for (const [k, v] of Object.entries(body)) {
    if (typeof v === 'string') out.set(k, v);
    else if (jsonDepth(v) > MAX_JSON_DEPTH) throw invalidParameter(k, `It is nested deeper than ${MAX_JSON_DEPTH} levels.`);
    else out.set(k, JSON.stringify(v));
  }
  return out;
}
