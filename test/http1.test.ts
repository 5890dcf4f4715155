import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Http1Server, type Http1Request } from '../electron/core/collector/http1.js';

let server: Http1Server;
let port: number;
const seen: Http1Request[] = [];
const errors: number[] = [];

beforeAll(async () => {
  server = new Http1Server(async (req) => {
    seen.push(req);
    if (req.target === '/slow') await new Promise((r) => setTimeout(r, 30));
    return { status: 200, body: JSON.stringify({ target: req.target, body: req.body.toString('utf8') }) };
  }, { maxHeaderBytes: 1024, maxBodyBytes: 2048, idleTimeoutMs: 5000, headersTimeoutMs: 300 }, (status) => errors.push(status));
  port = await server.listen('127.0.0.1', 0);
});
afterAll(async () => { await server.close(); });

/** Sends raw bytes, optionally in pieces, and collects what comes back until the server closes or `until` matches. */
function exchange(pieces: string[], until?: (text: string) => boolean, gapMs = 5): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = net.connect({ host: '127.0.0.1', port }, async () => {
      for (const p of pieces) {
        s.write(p);
        await new Promise((r) => setTimeout(r, gapMs));
      }
    });
    let text = '';
    const timer = setTimeout(() => { s.destroy(); resolve(text); }, 3000);
    s.on('data', (d) => {
      text += d.toString('utf8');
      if (until?.(text)) { clearTimeout(timer); s.destroy(); resolve(text); }
    });
    s.on('close', () => { clearTimeout(timer); resolve(text); });
    s.on('error', reject);
  });
}

const count = (text: string, needle: string): number => text.split(needle).length - 1;

describe('the collector HTTP/1.1 server', () => {
  it('answers pipelined requests in order on one connection', async () => {
    const reqs = ['/slow', '/a', '/b'].map((p) => `GET ${p} HTTP/1.1\r\nHost: x\r\n\r\n`).join('');
    const text = await exchange([reqs], (t) => count(t, 'HTTP/1.1 200 OK') === 3);
    const order = [...text.matchAll(/"target":"([^"]+)"/g)].map((m) => m[1]);
    expect(order).toEqual(['/slow', '/a', '/b']);
    expect(count(text, 'Connection: keep-alive')).toBe(3);
  });

  it('reads a request split byte by byte, and a Content-Length body', async () => {
    const req = 'POST /p HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world';
    const text = await exchange(req.split(''), (t) => t.includes('}'), 1);
    expect(text).toContain('"body":"hello world"');
  });

  it('decodes chunked bodies', async () => {
    const req = 'POST /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6;ext=1\r\n world\r\n0\r\n\r\n';
    const text = await exchange([req.slice(0, 50), req.slice(50)], (t) => t.includes('}'));
    expect(text).toContain('"body":"hello world"');
  });

  it('sends 100 Continue once when asked, then reads the body', async () => {
    const head = 'POST /e HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n';
    const text = await exchange([head, 'da', 'ta'], (t) => t.includes('}'), 20);
    expect(count(text, 'HTTP/1.1 100 Continue')).toBe(1);
    expect(text).toContain('"body":"data"');
  });

  it('closes after the response when asked, and for HTTP/1.0 by default', async () => {
    expect(await exchange(['GET /x HTTP/1.1\r\nConnection: close\r\n\r\n'])).toContain('Connection: close');
    expect(await exchange(['GET /x HTTP/1.0\r\n\r\n'])).toContain('Connection: close');
    expect(await exchange(['GET /x HTTP/1.0\r\nConnection: keep-alive\r\n\r\n'], (t) => t.includes('}'))).toContain('Connection: keep-alive');
  });

  it.each([
    ['a malformed request line', 'HELLO\r\n\r\n', 400],
    ['HTTP/2 in the request line', 'GET / HTTP/2.0\r\n\r\n', 505],
    ['a malformed header', 'GET / HTTP/1.1\r\nNo colon here\r\n\r\n', 400],
    ['obsolete line folding', 'GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n', 400],
    ['both Content-Length and chunked', 'POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n', 400],
    ['an unsupported transfer coding', 'POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n', 501],
    ['a body over the limit', 'POST / HTTP/1.1\r\nContent-Length: 5000\r\n\r\n', 413],
    ['headers over the limit', `GET / HTTP/1.1\r\nX: ${'y'.repeat(2000)}\r\n\r\n`, 431],
    ['a bad chunk', 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 400],
  ])('refuses %s with a clear status, then closes', async (_what, raw, status) => {
    const before = errors.length;
    const text = await exchange([raw]);
    expect(text.startsWith(`HTTP/1.1 ${status} `)).toBe(true);
    expect(text).toContain('Connection: close');
    expect(text).toMatch(/"errorString":"[^"]+"/);
    expect(errors.length).toBe(before + 1);
  });
});
