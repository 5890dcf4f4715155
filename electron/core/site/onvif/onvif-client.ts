import http from 'node:http';
import type { Socket } from 'node:net';
import onvif from 'onvif';

/** Every SOAP call: a camera that has not answered in this long is treated as not answering. */
export const CALL_TIMEOUT_MS = 5000;
/** Parsing is bounded: no answer may be larger than this. */
export const MAX_RESPONSE_BYTES = 2 * 1024 * 1024;

/**
 * An HTTP agent that counts every byte a camera sends and cuts the connection past the cap, and
 * refuses any answer declaring a DOCTYPE: the XML parser then never sees an entity definition
 * to expand, nor a response too large to hold.
 */
export class BoundedAgent extends http.Agent {
  private readonly open = new Set<Socket>();

  constructor() {
    super({ keepAlive: false });
  }

  override createConnection(...args: Parameters<http.Agent['createConnection']>): ReturnType<http.Agent['createConnection']> {
    const socket = (http.Agent.prototype as unknown as { createConnection: (...a: unknown[]) => Socket }).createConnection.apply(this, args);
    let size = 0;
    let tail = '';
    this.open.add(socket);
    socket.on('close', () => this.open.delete(socket));
    socket.on('data', (chunk: Buffer) => {
      size += chunk.length;
      const text = tail + chunk.toString('latin1');
      tail = text.slice(-16);
      if (size > MAX_RESPONSE_BYTES) socket.destroy(new Error(`the camera's answer is larger than ${MAX_RESPONSE_BYTES / 1024 / 1024} MiB; it was cut off`));
      else if (/<!(DOCTYPE|ENTITY)/i.test(text)) socket.destroy(new Error("the camera's answer declares a DOCTYPE or entities, which are refused (no entity expansion)"));
    });
    return socket;
  }

  /** Cuts every connection still open (a call the camera never answers). */
  cutAll(): void {
    for (const s of this.open) s.destroy();
    this.open.clear();
  }
}

/** The part of the `onvif` package's Cam the driver uses. */
export interface Cam {
  uri?: Record<string, unknown>;
  [method: string]: unknown;
}

export interface CamOptions {
  hostname: string;
  port: number;
  username: string;
  password: string;
}

export function makeCam(o: CamOptions, agent: BoundedAgent): Cam {
  // preserveAddress: service addresses the camera gives (often its own LAN address, or 0.0.0.0
  // behind NAT) are reached at the host and port the operator typed.
  return new onvif.Cam({ hostname: o.hostname, port: o.port, username: o.username, password: o.password, autoconnect: false, timeout: CALL_TIMEOUT_MS, agent, preserveAddress: true }) as unknown as Cam;
}

/** Describes a failed call in the operator's words, naming the SOAP fault or the network error. */
export function describeError(err: unknown, action: string, where: string): Error {
  const e = err as { code?: string; message?: string } | null;
  const message = e?.message ?? String(err);
  const code = e?.code;
  if (/not ?authori[sz]ed/i.test(message)) return new Error(`NotAuthorized: the camera at ${where} refused the user name or password (${message})`);
  if (code === 'ECONNREFUSED') return new Error(`the camera at ${where} refused the connection (ECONNREFUSED): nothing listens on that port`);
  if (code === 'ECONNRESET' || code === 'EPIPE') return new Error(`the camera at ${where} closed the connection during ${action} (${code})`);
  if (code && ['EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EADDRNOTAVAIL'].includes(code)) return new Error(`the camera at ${where} cannot be reached (${code})`);
  if (/Network timeout|no answer within/i.test(message)) return new Error(`no answer from the camera at ${where} to ${action} within ${CALL_TIMEOUT_MS / 1000} s`);
  if (/Wrong ONVIF SOAP response|Unexpected|Unclosed|Non-whitespace|Invalid character|Text data outside|Unmatched/i.test(message)) return new Error(`the camera's answer to ${action} is not valid SOAP (malformed or truncated)`);
  if (/SOAP Fault/.test(message)) return new Error(`${action}: ${message}`);
  if (e instanceof TypeError) return new Error(`the camera's answer to ${action} is not what ONVIF specifies (${message})`);
  return new Error(`${action}: ${message}`);
}

/**
 * Calls one Cam method and settles once: with the result, the camera's fault, or a timeout of
 * its own (a camera that accepts the connection and never answers).
 */
export function call<T>(cam: Cam, method: string, args: unknown[], where: string, timeoutMs = CALL_TIMEOUT_MS): Promise<T> {
  const action = method[0]!.toUpperCase() + method.slice(1);
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const done = (err: unknown, value?: T): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) reject(describeError(err, action, where));
      else resolve(value as T);
    };
    const timer = setTimeout(() => done(new Error('no answer within the timeout')), timeoutMs + 500);
    const fn = cam[method] as ((...a: unknown[]) => void) | undefined;
    if (typeof fn !== 'function') { done(new Error(`no method ${method}`)); return; }
    try {
      fn.call(cam, ...args, (err: unknown, value: T) => done(err, value));
    } catch (err) {
      done(err);
    }
  });
}

/** Escapes a value the `onvif` package writes into its XML as is. */
export function xmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
