import type { z } from 'zod';
import type { RouteSpec } from './define.js';
import { accountRoutes } from './routes-account.js';
import { alarmRoutes } from './routes-alarms.js';
import { configRoutes } from './routes-config.js';
import { connectionRoutes } from './routes-connections.js';
import { siteRoutes } from './routes-site.js';
import { storageRoutes } from './routes-storage.js';
import { starterRoutes } from './routes-starter.js';
import { mapRoutes } from './routes-maps.js';
import { floodRoutes } from './routes-floods.js';
import { procedureRoutes } from './routes-procedures.js';
import { incidentRoutes } from './routes-incidents.js';
import { cameraLinkRoutes } from './routes-camera-links.js';
import { consoleRoutes } from './routes-console.js';
import { operatorAreaRoutes } from './routes-operator-areas.js';

/**
 * Every route of the API, once. The core binds a handler to each name, OpenAPI is generated
 * from it, and both shells' clients call routes by name with the types it gives.
 */
export const routes = { ...configRoutes, ...alarmRoutes, ...siteRoutes, ...storageRoutes, ...connectionRoutes, ...accountRoutes, ...starterRoutes, ...mapRoutes, ...procedureRoutes, ...incidentRoutes, ...floodRoutes, ...cameraLinkRoutes, ...consoleRoutes, ...operatorAreaRoutes } satisfies Record<string, RouteSpec>;
export type Routes = typeof routes;
export type RouteName = keyof Routes & string;
export const ROUTE_NAMES = Object.keys(routes) as RouteName[];

export const API_PREFIX = '/api/v1';

type Field<S, K extends string> = [S] extends [z.ZodType]
  ? (object extends z.input<S> ? { [P in K]?: z.input<S> } : { [P in K]: z.input<S> })
  : { [P in K]?: never };
type Part<N extends RouteName, K extends 'params' | 'query' | 'body'> = Routes[N] extends { [P in K]: infer S } ? S : undefined;
/** What a caller passes: the route's params, query and body, each present only where declared. */
export type RouteInput<N extends RouteName> = Field<Part<N, 'params'>, 'params'> & Field<Part<N, 'query'>, 'query'> & Field<Part<N, 'body'>, 'body'>;
/** What a handler receives after the table's schemas have checked and defaulted it. */
export type RouteArgs<N extends RouteName> = {
  params: Routes[N] extends { params: infer P extends z.ZodType } ? z.output<P> : Record<string, never>;
  query: Routes[N] extends { query: infer Q extends z.ZodType } ? z.output<Q> : Record<string, never>;
  body: Routes[N] extends { body: infer B extends z.ZodType } ? z.output<B> : undefined;
};
export type RouteReply<N extends RouteName> = z.output<Routes[N]['reply']>;

export function isRouteName(name: unknown): name is RouteName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(routes, name);
}
