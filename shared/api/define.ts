import { z } from 'zod';

export const RoleSchema = z.enum(['operator', 'supervisor', 'admin']);
export type Role = z.infer<typeof RoleSchema>;

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * What a route's success reply is: JSON (the default), bytes for an <img> or a download
 * (`binary`), or an endless multipart stream (`stream`). Only JSON routes travel over the
 * desktop bridge; bytes and streams are fetched by URL, and the WebSocket is the live stream
 * (the desktop gets the same messages over its own port). `upload` takes one multipart file
 * and answers JSON; it is fetched by URL too.
 */
export type ReplyKind = 'json' | 'binary' | 'stream' | 'websocket' | 'upload';

/** One route, declared once: the server, OpenAPI, the browser client and the IPC host read this. */
export interface RouteSpec {
  method: HttpMethod;
  /** Under /api/v1, with `{name}` path parameters (OpenAPI's spelling). */
  path: string;
  /** null: no session needed. */
  role: Role | null;
  summary: string;
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  reply: z.ZodType;
  /** The success status; 200 unless said. */
  status?: 200 | 201 | 202 | 204;
  kind?: ReplyKind;
  /** Names the body in error messages ("Shelve is invalid: reason: …"). */
  label?: string;
  /** What a 409 of this route means, when its error body carries `current` (the resource as it stands). */
  conflict?: string;
}

export const route = <const S extends RouteSpec>(spec: S): S => spec;

/**
 * A reply or body whose type lives in TypeScript (an interface in shared/); OpenAPI shows it
 * by name. The core builds these values itself, so there is nothing to check at run time.
 */
export function typed<T>(name: string): z.ZodType<T> {
  const schema = z.custom<T>(() => true);
  typedNames.set(schema, name);
  return schema;
}

/** The names OpenAPI gives `typed` replies. */
export const typedNames = new WeakMap<z.ZodType, string>();

/**
 * A body the core checks itself, with field-named errors and cross-checks a schema cannot
 * express (a device's server exists, a regex compiles). OpenAPI shows `schema`.
 */
export function checkedByCore<S extends z.ZodType>(schema: S): z.ZodType<z.input<S>> {
  const body = z.custom<z.input<S>>(() => true);
  documented.set(body, schema);
  return body;
}

/** The schema that documents a `checkedByCore` body, for OpenAPI. */
export const documented = new WeakMap<z.ZodType, z.ZodType>();

/** A whole-number path parameter (`/devices/{id}`). */
export const IdParams = z.object({ id: z.coerce.number().int().refine(Number.isSafeInteger, 'must be an integer') });
/** A text path parameter (`/rules/{id}`). */
export const NameParams = z.object({ id: z.string().min(1).max(256) });

/** Epoch milliseconds in a query string. */
export const qTime = z.coerce.number({ error: 'must be a number (epoch milliseconds for times)' }).refine(Number.isFinite, 'must be a number (epoch milliseconds for times)');
export const qInt = z.coerce.number({ error: 'must be a whole number' }).int('must be a whole number');
