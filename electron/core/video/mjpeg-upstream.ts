import http from 'node:http';
import https from 'node:https';
import type { ServerResponse } from 'node:http';
import type { VideoState } from '../../../shared/domain.js';
import { TargetPolicy, TargetRefused } from '../net/target-policy.js';
import { MultipartParser } from './multipart.js';

export interface VideoSource {
  url: string;
  username: string;
  password: string;
}

const BOUNDARY = 'watchdeskframe';
const STALL_MS = 10_000;
const MAX_BACKOFF_MS = 30_000;

/** What every operator sees: the precise reason goes to the log, so the proxy is no port scanner. */
export const UNREACHABLE = 'camera unreachable';

/** A JPEG starts with SOI and a marker: FF D8 FF. */
export function isJpeg(b: Buffer): boolean {
  return b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff;
}

export interface UpstreamDeps {
  policy: TargetPolicy;
  /** The precise reason a camera failed, for the admin's log. */
  log(reason: string): void;
  onChange(): void;
}

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

  private readonly onChange: () => void;

  constructor(private source: VideoSource, private readonly deps: UpstreamDeps = { policy: new TargetPolicy(true), log: () => undefined, onChange: () => undefined }) {
    this.onChange = deps.onChange;
  }

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
    let guard: ReturnType<TargetPolicy['requestOptions']>;
    try {
      url = new URL(this.source.url);
      guard = this.deps.policy.requestOptions(url);
    } catch (err) {
      this.deps.log(err instanceof TargetRefused ? `refused: ${err.message}` : 'the stream URL is not valid');
      this.setState('unreachable', UNREACHABLE);
      return;
    }
    const client = url.protocol === 'https:' ? https : http;
    const req = client.get(url, { headers: { ...basicAuth(this.source), 'user-agent': 'Watchdesk' }, timeout: 10_000, ...guard }, (res) => {
      const status = res.statusCode ?? 0;
      const type = String(res.headers['content-type'] ?? '');
      const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
      if (status === 401 || status === 403) return this.fail(res, 'unauthorised', `the camera refused the credentials (HTTP ${status})`);
      // Some HALO firmware answers 206 Partial Content for the stream.
      if ((status !== 200 && status !== 206) || !boundary || !/^multipart\//i.test(type)) return this.fail(res, 'unreachable', `HTTP ${status} ${type || 'without a multipart stream'}`);
      const parser = new MultipartParser(boundary, (jpeg) => {
        if (this.request !== req) return;
        if (isJpeg(jpeg)) this.frame(jpeg);
        else this.fail(res, 'unreachable', 'a part of the stream is not a JPEG');
      });
      res.on('data', (chunk: Buffer) => { if (this.request === req && !parser.push(chunk)) this.fail(res, 'unreachable', 'a frame is larger than 8 MiB'); });
      // After a refusal the request is dropped: its ending is no news.
      res.on('end', () => { if (this.request === req) this.lost('the camera ended the stream'); });
      res.on('error', () => { if (this.request === req) this.lost('the stream broke'); });
      this.armStall();
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 10 s')));
    req.on('error', (err) => {
      if (this.request === req) this.lost(err instanceof TargetRefused ? `refused: ${err.message}` : err.message, this.state === 'live' ? 'reconnecting' : 'unreachable');
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
    this.deps.log(error);
    this.setState(state, UNREACHABLE);
    this.scheduleRetry(state === 'unauthorised' ? MAX_BACKOFF_MS : undefined);
  }

  private lost(error: string, state: VideoState = 'reconnecting'): void {
    this.drop();
    if (this.viewers.size === 0) return this.setState('idle');
    this.deps.log(error);
    this.setState(state, UNREACHABLE);
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
