import net from 'node:net';

export interface Http1Limits {
  maxHeaderBytes: number;
  maxBodyBytes: number;
  idleTimeoutMs: number;
  /** From the first byte of a request until its headers are complete, as node:http's headersTimeout. */
  headersTimeoutMs: number;
}

export interface Http1Request {
  method: string;
  /** The request target as sent: path and query. */
  target: string;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Map<string, string>;
  body: Buffer;
  remoteAddress: string;
  /** Same object for every request on one connection (keep-alive). */
  connection: object;
}

export interface Http1Response {
  status: number;
  body: string;
  headers?: Record<string, string | string[]>;
}

export type Http1Handler = (request: Http1Request) => Promise<Http1Response> | Http1Response;

const REASONS: Record<number, string> = {
  100: 'Continue', 200: 'OK', 204: 'No Content', 400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found',
  408: 'Request Timeout',
  405: 'Method Not Allowed', 411: 'Length Required', 413: 'Payload Too Large', 414: 'URI Too Long', 429: 'Too Many Requests',
  431: 'Request Header Fields Too Large', 500: 'Internal Server Error', 501: 'Not Implemented', 503: 'Service Unavailable', 505: 'HTTP Version Not Supported',
};

const CRLF2 = Buffer.from('\r\n\r\n');
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

class ProtocolError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export function formatResponse(res: Http1Response, keepAlive: boolean, withBody = true): Buffer {
  let head = `HTTP/1.1 ${res.status} ${REASONS[res.status] ?? 'Status'}\r\nServer: Watchdesk\r\n`;
  const hasBody = res.status !== 204 && res.status !== 100;
  if (hasBody) head += `Content-Type: application/json\r\nContent-Length: ${Buffer.byteLength(res.body)}\r\n`;
  for (const [name, value] of Object.entries(res.headers ?? {})) {
    for (const v of Array.isArray(value) ? value : [value]) head += `${name}: ${v}\r\n`;
  }
  head += keepAlive ? 'Connection: keep-alive\r\n\r\n' : 'Connection: close\r\n\r\n';
  return Buffer.from(hasBody && withBody ? head + res.body : head, 'utf8');
}

/**
 * A strict, small HTTP/1.1 server for the generic-event collector: the product's hot path,
 * where Node's general-purpose `http` costs more than the work. Keep-alive, pipelining (in
 * order), Content-Length and chunked bodies, `Expect: 100-continue`, and hard limits that
 * answer before closing. No upgrades, no trailers.
 */
export class Http1Server {
  private readonly server: net.Server;
  private readonly sockets = new Set<net.Socket>();

  constructor(private readonly handler: Http1Handler, private readonly limits: Http1Limits, private readonly onProtocolError: (status: number) => void = () => undefined) {
    this.server = net.createServer((socket) => this.accept(socket));
  }

  listen(host: string, port: number): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve((this.server.address() as net.AddressInfo).port));
    });
  }

  get listening(): boolean {
    return this.server.listening;
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    return new Promise((resolve) => (this.server.listening ? this.server.close(() => resolve()) : resolve()));
  }

  private accept(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.setNoDelay(true);
    socket.setTimeout(this.limits.idleTimeoutMs, () => socket.destroy());
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
    const connection = {};
    const state = { continued: false, awaitingHeaders: false };
    // Each byte resets the idle timer, so only a deadline stops headers sent one byte at a time.
    let headersTimer: NodeJS.Timeout | null = null;
    const headersDeadline = (): void => {
      if (!state.awaitingHeaders || buffer.length === 0) {
        if (headersTimer) clearTimeout(headersTimer);
        headersTimer = null;
      } else if (!headersTimer) {
        headersTimer = setTimeout(() => fail(new ProtocolError(408, `The request headers did not arrive within ${this.limits.headersTimeoutMs / 1000} s.`)), this.limits.headersTimeoutMs);
      }
    };
    socket.on('close', () => { if (headersTimer) clearTimeout(headersTimer); });
    let buffer: Buffer = Buffer.alloc(0);
    let busy = false;
    let closing = false;
    const remoteAddress = socket.remoteAddress ?? 'unknown';

    const fail = (err: ProtocolError): void => {
      if (closing) return;
      this.onProtocolError(err.status);
      closing = true;
      const body = JSON.stringify({ error: '5', errorString: err.message, reply: null });
      socket.end(formatResponse({ status: err.status, body }, false));
    };

    const pump = async (): Promise<void> => {
      if (busy || closing) return;
      busy = true;
      try {
        for (;;) {
          const parsed = this.parse(buffer, socket, state);
          headersDeadline();
          if (!parsed) break;
          buffer = buffer.subarray(parsed.consumed);
          state.continued = false;
          const { method, target, headers, body, version } = parsed;
          const keepAlive = version === '1.1' ? headers.get('connection')?.toLowerCase() !== 'close' : headers.get('connection')?.toLowerCase() === 'keep-alive';
          let res: Http1Response;
          try {
            res = await this.handler({ method, target, headers, body, remoteAddress, connection });
          } catch {
            res = { status: 500, body: JSON.stringify({ error: '6', errorString: 'Internal server error.', reply: null }) };
          }
          if (socket.destroyed) return;
          socket.write(formatResponse(res, keepAlive, method !== 'HEAD'));
          if (!keepAlive) {
            closing = true;
            socket.end();
            return;
          }
        }
      } catch (err) {
        if (err instanceof ProtocolError) fail(err);
        else socket.destroy();
      } finally {
        busy = false;
      }
    };

    socket.on('data', (chunk: Buffer) => {
      if (closing) return;
      buffer = buffer.length === 0 ? chunk : Buffer.concat([buffer, chunk]);
      // One request may be in the handler while the next arrives; never buffer without bound.
      if (buffer.length > this.limits.maxHeaderBytes + this.limits.maxBodyBytes + 1024) {
        fail(new ProtocolError(413, 'The request is larger than the collector accepts.'));
        return;
      }
      void pump();
    });
  }

  /** One complete request from the front of the buffer, or null when more bytes are needed. */
  private parse(buf: Buffer, socket: net.Socket, state: { continued: boolean; awaitingHeaders: boolean }): { method: string; target: string; version: string; headers: Map<string, string>; body: Buffer; consumed: number } | null {
    // Tolerate stray CRLF between pipelined requests (RFC 9112 §2.2).
    let start = 0;
    while (start + 1 < buf.length && buf[start] === 13 && buf[start + 1] === 10) start += 2;
    const headEnd = buf.indexOf(CRLF2, start);
    state.awaitingHeaders = headEnd < 0;
    if (headEnd < 0) {
      if (buf.length - start > this.limits.maxHeaderBytes) throw new ProtocolError(431, `Request headers are larger than ${this.limits.maxHeaderBytes} bytes.`);
      return null;
    }
    if (headEnd - start > this.limits.maxHeaderBytes) throw new ProtocolError(431, `Request headers are larger than ${this.limits.maxHeaderBytes} bytes.`);
    const lines = buf.toString('latin1', start, headEnd).split('\r\n');
    const m = /^([A-Z]+) (\S+) HTTP\/(1\.[01])$/.exec(lines[0] ?? '');
    if (!m) throw new ProtocolError(/^[A-Z]+ \S+ HTTP\/\d/.test(lines[0] ?? '') ? 505 : 400, 'Malformed request line.');
    const [, method, target, version] = m as unknown as [string, string, string, string];
    const headers = new Map<string, string>();
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i]!;
      const colon = line.indexOf(':');
      if (colon <= 0 || line[0] === ' ' || line[0] === '\t') throw new ProtocolError(400, 'Malformed header line.');
      const name = line.slice(0, colon).toLowerCase();
      if (!TOKEN.test(name)) throw new ProtocolError(400, 'Malformed header name.');
      const value = line.slice(colon + 1).trim();
      const prev = headers.get(name);
      headers.set(name, prev === undefined ? value : `${prev}, ${value}`);
    }
    const bodyStart = headEnd + 4;
    const te = headers.get('transfer-encoding');
    const cl = headers.get('content-length');
    if (te !== undefined && cl !== undefined) throw new ProtocolError(400, 'Both Transfer-Encoding and Content-Length.');
    const wantsContinue = headers.get('expect')?.toLowerCase() === '100-continue';
    if (te !== undefined) {
      if (te.toLowerCase() !== 'chunked') throw new ProtocolError(501, `Transfer-Encoding ${te} is not supported.`);
      const chunked = this.readChunked(buf, bodyStart);
      if (!chunked) {
        this.sendContinue(socket, state, wantsContinue);
        return null;
      }
      return { method, target, version, headers, body: chunked.body, consumed: chunked.end };
    }
    if (cl !== undefined) {
      if (!/^\d{1,12}$/.test(cl)) throw new ProtocolError(400, 'Invalid Content-Length.');
      const length = Number(cl);
      if (length > this.limits.maxBodyBytes) throw new ProtocolError(413, `The request body is larger than ${this.limits.maxBodyBytes} bytes.`);
      if (buf.length < bodyStart + length) {
        this.sendContinue(socket, state, wantsContinue);
        return null;
      }
      return { method, target, version, headers, body: buf.subarray(bodyStart, bodyStart + length), consumed: bodyStart + length };
    }
    return { method, target, version, headers, body: Buffer.alloc(0), consumed: bodyStart };
  }

  private sendContinue(socket: net.Socket, state: { continued: boolean }, wanted: boolean): void {
    if (!wanted || state.continued) return;
    state.continued = true;
    socket.write('HTTP/1.1 100 Continue\r\n\r\n');
  }

  private readChunked(buf: Buffer, from: number): { body: Buffer; end: number } | null {
    const parts: Buffer[] = [];
    let size = 0;
    let at = from;
    for (;;) {
      const lineEnd = buf.indexOf('\r\n', at);
      if (lineEnd < 0) return null;
      const sizeText = buf.toString('latin1', at, lineEnd).split(';')[0]!.trim();
      if (!/^[0-9a-fA-F]{1,8}$/.test(sizeText)) throw new ProtocolError(400, 'Malformed chunk size.');
      const n = parseInt(sizeText, 16);
      size += n;
      if (size > this.limits.maxBodyBytes) throw new ProtocolError(413, `The request body is larger than ${this.limits.maxBodyBytes} bytes.`);
      if (n === 0) {
        const end = buf.indexOf(CRLF2, lineEnd);
        if (end !== lineEnd) {
          if (end < 0) return null;
          throw new ProtocolError(400, 'Trailers are not supported.');
        }
        return { body: Buffer.concat(parts), end: lineEnd + 4 };
      }
      if (buf.length < lineEnd + 2 + n + 2) return null;
      parts.push(buf.subarray(lineEnd + 2, lineEnd + 2 + n));
      if (buf[lineEnd + 2 + n] !== 13 || buf[lineEnd + 3 + n] !== 10) throw new ProtocolError(400, 'Malformed chunk.');
      at = lineEnd + 4 + n;
    }
  }
}
