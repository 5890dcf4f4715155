import type { Bridge, BridgeArgs, BridgeReply, BridgeRoute, StreamMessage, StreamState } from '../../../shared/bridge.js';
import { routeRequest } from '../../../shared/api/request.js';
import { SIGNED_OUT } from '../../../shared/bridge-channels.js';
import { t } from '../i18n/strings.js';

const TOKEN_KEY = 'watchdesk.session';

export class ApiRequestError extends Error {
  constructor(readonly status: number, message: string, readonly details: string[] = [], readonly code = 'internal') {
    super(message);
  }
}

/**
 * The Bridge in a browser: any route of the table over the core's HTTP API, and its WebSocket
 * stream. The session token lives in this tab's sessionStorage only, so a reload keeps the
 * operator logged in.
 */
export class HttpBridge implements Bridge {
  private token: string | null = sessionStorage.getItem(TOKEN_KEY);

  constructor(private readonly base = '') {}

  get mediaBase(): string {
    return this.base;
  }

  call<N extends BridgeRoute>(name: N, ...args: BridgeArgs<N>): Promise<BridgeReply<N>> {
    return this.send(name, args[0] ?? {}) as Promise<BridgeReply<N>>;
  }

  private async send(name: BridgeRoute, input: { params?: unknown; query?: unknown; body?: unknown }): Promise<unknown> {
    const request = routeRequest(name, input);
    const res = await fetch(`${this.base}${request.url}`, {
      method: request.method,
      headers: { ...(request.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: request.body !== undefined ? JSON.stringify(request.body) : undefined,
    });
    if (name === 'sessions.delete') this.forget();
    if (res.status === 204) return undefined;
    const data = (await res.json().catch(() => null)) as { error?: { code?: string; message?: string; details?: string[] } } | null;
    if (!res.ok) {
      if (res.status === 401 && name !== 'sessions.create') this.forget();
      throw new ApiRequestError(res.status, data?.error?.message ?? t('app.requestFailed', { name, status: res.status }), data?.error?.details ?? [], data?.error?.code);
    }
    if (name === 'sessions.create') {
      const { token, ...session } = data as unknown as { token: string };
      this.token = token;
      sessionStorage.setItem(TOKEN_KEY, token);
      return session;
    }
    return data;
  }

  private forget(): void {
    this.token = null;
    sessionStorage.removeItem(TOKEN_KEY);
  }

  subscribe(onMessage: (message: StreamMessage) => void, onState: (state: StreamState, reason?: string) => void): () => void {
    let socket: WebSocket | null = null;
    let closed = false;
    let retry: ReturnType<typeof setTimeout> | null = null;
    let backoff = 500;
    const open = (): void => {
      if (closed || !this.token) return;
      onState('connecting');
      const url = new URL(`${this.base}/api/v1/stream`, window.location.href);
      url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
      url.searchParams.set('token', this.token);
      socket = new WebSocket(url);
      socket.onopen = () => { backoff = 500; onState('live'); };
      socket.onmessage = (e) => onMessage(JSON.parse(String(e.data)) as StreamMessage);
      socket.onclose = (e) => {
        // The core closes a stream whose session ended (logout elsewhere, disabled, password reset, expiry).
        if (e.code === SIGNED_OUT) {
          this.forget();
          closed = true;
          onState('closed', e.reason || t('app.signedOut'));
          return;
        }
        onState('closed');
        if (!closed) retry = setTimeout(open, backoff);
        backoff = Math.min(backoff * 2, 10_000);
      };
    };
    open();
    return () => {
      closed = true;
      if (retry) clearTimeout(retry);
      socket?.close();
    };
  }
}
