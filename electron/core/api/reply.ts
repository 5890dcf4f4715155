import type { IncomingMessage, ServerResponse } from 'node:http';
import type { RouteArgs, RouteName, RouteReply } from '../../../shared/api/routes.js';
import type { Session } from '../auth/sessions.js';

/** Returned by a handler that wrote the response itself (a video stream). */
export const STREAMED = Symbol('streamed');

/** A reply with its own status, headers, or bytes (an image, a CSV export). */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
  /** Sent as is; otherwise the body is JSON. */
  raw?: string | Buffer;
  __reply: true;
}

export function isReply(value: unknown): value is Reply {
  return typeof value === 'object' && value !== null && '__reply' in value;
}

export function reply(status: number, body: unknown, headers?: Record<string, string>, raw?: string | Buffer): Reply {
  return { status, body, headers, raw, __reply: true };
}

/** What a handler gets: the route's checked params, query and body, and who is asking. */
export type RouteContext<N extends RouteName> = RouteArgs<N> & {
  session: Session | null;
  token: string | null;
  address: string;
  /** The raw HTTP exchange, for a handler that streams. */
  http: { req: IncomingMessage; res: ServerResponse };
  /** Reads the one file of an `upload` route's multipart body: after the handler has checked who asks. */
  upload?: () => Promise<{ filename: string; data: Buffer }>;
};

type Result<N extends RouteName> = RouteReply<N> | Reply | typeof STREAMED | void;
export type Handler<N extends RouteName> = (ctx: RouteContext<N>) => Result<N> | Promise<Result<N>>;
/** One handler per route name: a route without its handler is a compile error. */
export type Handlers<K extends RouteName> = { [N in K]: Handler<N> };
