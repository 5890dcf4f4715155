import http from 'node:http';
import https from 'node:https';
import type { ServerResponse } from 'node:http';
import type { VideoState } from '../../../shared/domain.js';
import { MultipartParser } from './multipart.js';

export interface VideoSource {
  url: string;
  username: string;
  password: string;
}

const BOUNDARY = 'watchdeskframe';
const STALL_MS = 10_000;
const MAX_BACKOFF_MS = 30_000;

export function basicAuth(source: VideoSource): Record<string, string> {
  return source.username ? { authorization: `Basic ${Buffer.from(`${source.username}:${source.password}`).toString('base64')}` } : {};
}

/**
 * One camera's MJPEG stream, fetched once however many operators watch it. Credentials stay
 * here: viewers get our own multipart stream. The upstream opens with the first viewer, closes
 * with the last, and reconnects with backoff while anyone is watching.
 */
export class MjpegUpstream {
  private readonly viewers = new Set<ServerResponse>();
  private request: http.ClientRequest | null = null;
  private retry: NodeJS.Timeout | null = null;
  private stall: NodeJS.Timeout | null = null;
  private backoffMs = 500;
  state: VideoState = 'idle';
  lastError: string | null = null;
  lastFrame: Buffer | null = null;
  framesIn = 0;
  connects = 0;

  constructor(private source: VideoSource, private readonly onChange: () => void = () => undefined) {}

  get viewerCount(): number {
    return this.viewers.size;
  }

  /** New settings take effect on the next connection. */
  reconfigure(source: VideoSource): void {
    this.source = source;
    if (this.viewers.size > 0) this.restart();
  }

  addViewer(res: ServerResponse): void {
    res.writeHead(200, { 'content-type': `multipart/x-mixed-replace; boundary=${BOUNDARY}`, 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' });
    // The viewer learns at once that it is connected, before the camera's first frame.
    res.flushHeaders();
    this.viewers.add(res);
    res.on('close', () => this.removeViewer(res));
    // A new viewer sees the latest picture at once instead of waiting for the next frame.
    if (this.lastFrame && this.state === 'live') this.write(res, this.lastFrame);
    if (this.viewers.size === 1 && this.state !== 'connecting' && !this.request) this.connect();
  }

  private removeViewer(res: ServerResponse): void {
    this.viewers.delete(res);
    if (this.viewers.size === 0) this.halt('idle');
  }

  private write(res: ServerResponse, jpeg: Buffer): void {
    // A slow viewer skips frames; it never makes the others wait or our memory grow.
    if (res.writableLength > 2 * 1024 * 1024) return;
    res.write(`--${BOUNDARY}\r\nContent-Type: image/jpeg\r\nContent-Length: ${jpeg.length}\r\n\r\n`);
    res.write(jpeg);
    res.write('\r\n');
  }

  private setState(state: VideoState, error: string | null = null): void {
    const changed = state !== this.state || error !== this.lastError;
    this.state = state;
    this.lastError = error;
    if (changed) this.onChange();
  }

  private connect(): void {
    this.retry = null;
    if (this.viewers.size === 0) return;
    this.connects++;
    // Reconnecting, unreachable and unauthorised stay shown until the attempt has an outcome.
    if (this.state === 'idle') this.setState('connecting');
    let url: URL;
    try {
      url = new URL(this.source.url);
    } catch {
      this.setState('unreachable', 'the stream URL is not valid');
      return;
    }
    const client = url.protocol === 'https:' ? https : http;
    const req = client.get(url, { headers: { ...basicAuth(this.source), 'user-agent': 'Watchdesk' }, timeout: 10_000 }, (res) => {
      const status = res.statusCode ?? 0;
      const type = String(res.headers['content-type'] ?? '');
      const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
      if (status === 401 || status === 403) return this.fail(res, 'unauthorised', `the camera refused the credentials (HTTP ${status})`);
      // Some HALO firmware answers 206 Partial Content for the stream.
      if ((status !== 200 && status !== 206) || !boundary) return this.fail(res, 'unreachable', `HTTP ${status} ${type || 'without a multipart stream'}`);
      const parser = new MultipartParser(boundary, (jpeg) => this.frame(jpeg));
      res.on('data', (chunk: Buffer) => { if (!parser.push(chunk)) this.fail(res, 'unreachable', 'a frame is larger than 8 MiB'); });
      res.on('end', () => this.lost('the camera ended the stream'));
      res.on('error', () => this.lost('the stream broke'));
      this.armStall();
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 10 s')));
    req.on('error', (err) => {
      if (this.request === req) this.lost(err.message, this.state === 'live' ? 'reconnecting' : 'unreachable');
    });
    this.request = req;
  }

  private frame(jpeg: Buffer): void {
    this.framesIn++;
    this.lastFrame = jpeg;
    this.backoffMs = 500;
    if (this.state !== 'live') this.setState('live');
    this.armStall();
    for (const v of this.viewers) this.write(v, jpeg);
  }

  private armStall(): void {
    if (this.stall) clearTimeout(this.stall);
    this.stall = setTimeout(() => this.lost('no frame for 10 s'), STALL_MS);
  }

  private fail(res: http.IncomingMessage, state: VideoState, error: string): void {
    res.resume();
    this.drop();
    this.setState(state, error);
    this.scheduleRetry(state === 'unauthorised' ? MAX_BACKOFF_MS : undefined);
  }

  private lost(error: string, state: VideoState = 'reconnecting'): void {
    this.drop();
    if (this.viewers.size === 0) return this.setState('idle');
    this.setState(state, error);
    this.scheduleRetry();
  }

  private scheduleRetry(delay?: number): void {
    if (this.viewers.size === 0 || this.retry) return;
    const wait = delay ?? this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, MAX_BACKOFF_MS);
    this.retry = setTimeout(() => this.connect(), wait);
  }

  private drop(): void {
    if (this.stall) clearTimeout(this.stall);
    this.stall = null;
    const req = this.request;
    this.request = null;
    req?.destroy();
  }

  private restart(): void {
    this.drop();
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.backoffMs = 500;
    this.connect();
  }

  private halt(state: VideoState): void {
    this.drop();
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.backoffMs = 500;
    this.setState(state);
  }

  close(): void {
    for (const v of this.viewers) v.end();
    this.viewers.clear();
    this.halt('idle');
  }
}
