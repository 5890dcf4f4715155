import http from 'node:http';
import https from 'node:https';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import { Readable } from 'node:stream';
import WebSocket from 'ws';
import { SIGNED_OUT } from '../../shared/bridge-channels.js';
import type { StreamMessage, StreamState } from '../../shared/bridge.js';
import type { InjectedCall, InjectedReply } from '../core/api/server.js';
import type { RemoteNode } from './remote-node.js';

/** A certificate the console will not talk to: not trusted and not pinned, or not the pinned one. */
export class CertificateError extends Error {
  constructor(readonly kind: 'untrusted' | 'changed', readonly host: string, readonly fingerprint: string, readonly pinned: string | null, reason?: string) {
    super(kind === 'untrusted'
      ? `The certificate of ${host} is not trusted (${reason ?? 'unknown issuer'}). Its SHA-256 fingerprint is ${fingerprint}: accept it only if the server's administrator gives the same one.`
      : `The certificate of ${host} changed: it was ${pinned}, it is now ${fingerprint}. The console refuses to connect, since someone may be in between. If the server's certificate was replaced, confirm the new fingerprint with its administrator and choose the server again.`);
  }
}

export interface RemoteHostOptions {
  /** The accepted fingerprint of the node's self-signed certificate, if any. */
  pin?: string | null;
  log?: (message: string) => void;
  /** A route call that takes longer is answered 504. */
  callTimeoutMs?: number;
  /** The stream's reconnect back-off: first delay and ceiling. */
  backoff?: { firstMs: number; maxMs: number };
  /** A stream silent this long (no pong to our ping) is taken as lost. */
  heartbeatMs?: number;
}

type Callback = (err: Error | null, socket?: Duplex) => void;

/**
 * TLS to the node with the operator's trust rule: a certificate the system trusts for that name,
 * or exactly the pinned one. The check runs once the handshake completes and before the socket is
 * handed to any request, so not one byte (least of all the session token) reaches another server.
 */
class NodeAgent extends https.Agent {
  constructor(private readonly host: string, private readonly pin: () => string | null, private readonly seen: (fingerprint: string) => void) {
    super({ keepAlive: true, maxSockets: 16 });
  }

  override createConnection(options: tls.ConnectionOptions, callback: Callback): undefined {
    let done = false;
    const finish = (err: Error | null, socket?: Duplex): void => { if (!done) { done = true; callback(err, socket); } };
    const socket = tls.connect({ ...options, rejectUnauthorized: false });
    socket.once('secureConnect', () => {
      const fingerprint = socket.getPeerCertificate().fingerprint256 ?? '';
      this.seen(fingerprint);
      const pin = this.pin();
      const refused = pin
        ? fingerprint === pin ? null : new CertificateError('changed', this.host, fingerprint, pin)
        : socket.authorized ? null : new CertificateError('untrusted', this.host, fingerprint, null, String(socket.authorizationError ?? ''));
      if (refused) { socket.destroy(); finish(refused); return; }
      finish(null, socket);
    });
    socket.once('error', (err) => finish(err));
    return undefined;
  }
}

/**
 * The desktop app's core when it is the console of a remote node: what IpcHost needs (`inject`)
 * and the stream, over the node's own HTTP API and WebSocket. Every request goes to the one
 * configured origin and nowhere else; redirects are not followed. The session token stays in
 * the main process: it is given to each call and to the stream, and never stored here.
 */
export class RemoteHost {
  readonly origin: string;
  private readonly url: URL;
  private agent: NodeAgent | null;
  private pin: string | null;
  private lastFingerprint: string | null = null;
  private readonly log: (message: string) => void;
  private readonly callTimeoutMs: number;
  private readonly backoff: { firstMs: number; maxMs: number };
  private readonly heartbeatMs: number;
  private readonly streams = new Set<() => void>();

  constructor(readonly node: RemoteNode, options: RemoteHostOptions = {}) {
    this.url = new URL(node.origin);
    this.origin = this.url.origin;
    this.pin = options.pin ?? null;
    this.log = options.log ?? (() => undefined);
    this.callTimeoutMs = options.callTimeoutMs ?? 30_000;
    this.backoff = options.backoff ?? { firstMs: 500, maxMs: 10_000 };
    this.heartbeatMs = options.heartbeatMs ?? 15_000;
    this.agent = this.secure ? this.newAgent() : null;
  }

  get secure(): boolean {
    return this.url.protocol === 'https:';
  }

  /** The fingerprint of the certificate the node last presented (shown to the operator before pinning). */
  get fingerprint(): string | null {
    return this.lastFingerprint;
  }

  get pinned(): string | null {
    return this.pin;
  }

  /** Accepts (or forgets) a self-signed certificate; open connections are dropped so the rule applies at once. */
  setPin(fingerprint: string | null): void {
    this.pin = fingerprint;
    this.agent?.destroy();
    this.agent = this.secure ? this.newAgent() : null;
  }

  private newAgent(): NodeAgent {
    return new NodeAgent(this.url.host, () => this.pin, (f) => { this.lastFingerprint = f; });
  }

  /** A path under the node, refused if it would lead anywhere else. */
  private target(path: string): URL {
    if (!path.startsWith('/') || path.startsWith('//')) throw new Error(`refused a request outside the server: ${path.slice(0, 80)}`);
    const u = new URL(path, this.origin);
    if (u.origin !== this.origin) throw new Error(`refused a request outside the server: ${path.slice(0, 80)}`);
    return u;
  }

  private send(method: string, path: string, headers: Record<string, string>, body: Buffer | undefined, signal?: AbortSignal, timeoutMs?: number): Promise<http.IncomingMessage> {
    const u = this.target(path);
    const transport = this.secure ? https : http;
    return new Promise((resolve, reject) => {
      const req = transport.request(u, {
        method, headers: { ...headers, ...(body ? { 'content-length': String(body.length) } : {}) },
        ...(this.agent ? { agent: this.agent } : {}), ...(signal ? { signal } : {}),
      }, resolve);
      if (timeoutMs) req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`no answer in ${Math.round(timeoutMs / 1000)} s`), { code: 'ETIMEDOUT' })));
      req.once('error', reject);
      req.end(body);
    });
  }

  /** Checks the node answers and its certificate is accepted, before the console opens. */
  async check(): Promise<{ ok: true } | { ok: false; error: Error }> {
    try {
      const res = await this.send('GET', '/api/v1/health', {}, undefined, undefined, 10_000);
      res.resume();
      return res.statusCode === 200 ? { ok: true } : { ok: false, error: new Error(`${this.url.host} answered ${res.statusCode}: is it a Watchdesk server, and does it know this name (--allowed-host)?`) };
    } catch (err) {
      return { ok: false, error: err instanceof Error ? err : new Error(String(err)) };
    }
  }

  /** A route call as IpcHost makes it; failures to reach the node come back as replies, like the core's own errors. */
  async inject(call: InjectedCall): Promise<InjectedReply> {
    try {
      const body = call.body === undefined ? undefined : Buffer.from(JSON.stringify(call.body));
      const res = await this.send(call.method, call.url, {
        accept: 'application/json',
        ...(call.token ? { authorization: `Bearer ${call.token}` } : {}),
        ...(body ? { 'content-type': 'application/json' } : {}),
      }, body, undefined, this.callTimeoutMs);
      const chunks: Buffer[] = [];
      for await (const chunk of res) chunks.push(chunk as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      const headers = Object.fromEntries(Object.entries(res.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : v ?? '']));
      const json = (headers['content-type'] ?? '').startsWith('application/json');
      let parsed: unknown = text === '' ? undefined : text;
      if (json && text !== '') {
        try { parsed = JSON.parse(text) as unknown; } catch { return this.unavailable(new Error('the server answered something other than JSON')); }
      }
      return { status: res.statusCode ?? 502, body: parsed, headers };
    } catch (err) {
      return this.unavailable(err);
    }
  }

  private unavailable(err: unknown): InjectedReply {
    const host = this.url.host;
    if (err instanceof CertificateError) {
      this.log(`remote: ${err.message}`);
      return { status: 502, body: { error: { code: `certificate_${err.kind}`, message: err.message, details: [] } }, headers: {} };
    }
    const code = (err as { code?: string }).code;
    const reason = code ?? (err instanceof Error ? err.message : String(err));
    return { status: code === 'ETIMEDOUT' ? 504 : 503, body: { error: { code: 'unavailable', message: `The Watchdesk server at ${host} cannot be reached (${reason})`, details: [] } }, headers: {} };
  }

  /**
   * For the app protocol: video, snapshots, plan images and tiles, reports and plan uploads,
   * fetched from the node with the same trust rule (an <img> cannot hold a pinned certificate).
   */
  async fetch(path: string, init: { method?: string; headers?: Record<string, string>; body?: ArrayBuffer; signal?: AbortSignal } = {}): Promise<Response> {
    try {
      const res = await this.send(init.method ?? 'GET', path, init.headers ?? {}, init.body ? Buffer.from(init.body) : undefined, init.signal);
      const headers = new Headers();
      for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(', ') : v);
      const status = res.statusCode ?? 502;
      const empty = status === 204 || status === 304 || init.method === 'HEAD';
      if (empty) res.resume();
      return new Response(empty ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>), { status, headers });
    } catch (err) {
      const reply = this.unavailable(err);
      return new Response(JSON.stringify(reply.body), { status: reply.status, headers: { 'content-type': 'application/json' } });
    }
  }

  /** The app protocol's form of fetch: a full URL, which must be on the node. */
  readonly fetchUrl = (url: string, init: Parameters<RemoteHost['fetch']>[1] = {}): Promise<Response> => {
    const u = new URL(url);
    if (u.origin !== this.origin) return Promise.resolve(new Response('refused: not the Watchdesk server', { status: 403 }));
    return this.fetch(`${u.pathname}${u.search}`, init);
  };

  /**
   * The node's live stream for one console: a snapshot, then deltas. A lost node is reported as
   * 'closed' and tried again with a growing back-off; the fresh snapshot on reconnect restores
   * the console. A stream whose session ended (the node's close code, or a refused upgrade)
   * ends with the reason and is not retried.
   */
  stream(token: () => string | null, onMessage: (message: StreamMessage) => void, onState: (state: StreamState, reason?: string) => void): () => void {
    let stopped = false;
    let socket: WebSocket | null = null;
    let retry: NodeJS.Timeout | null = null;
    let heartbeat: NodeJS.Timeout | null = null;
    let delay = this.backoff.firstMs;
    let refusedWith: number | null = null;
    let failures = 0;
    const end = (reason: string): void => {
      stop();
      onState('closed', reason);
    };
    const open = (): void => {
      retry = null;
      if (stopped) return;
      const t = token();
      if (!t) return end('Signed out: this session ended');
      onState('connecting');
      const u = new URL('/api/v1/stream', this.origin);
      u.protocol = this.secure ? 'wss:' : 'ws:';
      u.searchParams.set('token', t);
      refusedWith = null;
      const ws = new WebSocket(u, { ...(this.agent ? { agent: this.agent } : {}), handshakeTimeout: 10_000, followRedirects: false, perMessageDeflate: false });
      socket = ws;
      ws.on('unexpected-response', (_req, res) => { refusedWith = res.statusCode ?? 0; res.resume(); ws.terminate(); });
      ws.on('open', () => {
        delay = this.backoff.firstMs;
        failures = 0;
        onState('live');
        let alive = true;
        ws.on('pong', () => { alive = true; });
        heartbeat = setInterval(() => {
          if (!alive) { this.log(`remote: the stream from ${this.url.host} went silent; reconnecting`); ws.terminate(); return; }
          alive = false;
          ws.ping();
        }, this.heartbeatMs);
        heartbeat.unref();
      });
      ws.on('message', (data) => {
        try {
          onMessage(JSON.parse(String(data)) as StreamMessage);
        } catch (err) {
          this.log(`remote: a stream message was not JSON (${err instanceof Error ? err.message : String(err)}); dropped`);
        }
      });
      ws.on('error', (err) => {
        // Once per outage, not once per retry.
        if (failures++ === 0) this.log(`remote: the stream from ${this.url.host} failed: ${err.message}`);
      });
      ws.on('close', (code, reason) => {
        if (heartbeat) { clearInterval(heartbeat); heartbeat = null; }
        if (socket === ws) socket = null;
        if (stopped) return;
        if (code === SIGNED_OUT) return end(reason.toString() || 'Signed out');
        if (refusedWith === 401) return end('Signed out: this session ended');
        onState('closed');
        retry = setTimeout(open, delay);
        retry.unref();
        delay = Math.min(delay * 2, this.backoff.maxMs);
      });
    };
    const stop = (): void => {
      if (stopped) return;
      stopped = true;
      this.streams.delete(stop);
      if (retry) clearTimeout(retry);
      if (heartbeat) clearInterval(heartbeat);
      socket?.terminate();
      socket = null;
    };
    this.streams.add(stop);
    open();
    return stop;
  }

  /** Ends every stream and drops kept-alive connections. */
  close(): void {
    for (const stop of [...this.streams]) stop();
    this.agent?.destroy();
  }
}
