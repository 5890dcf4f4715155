import { z } from 'zod';
import { documented, typedNames, type RouteSpec } from './define.js';
import { API_PREFIX, routes } from './routes.js';

type Json = Record<string, unknown>;

const ERROR = {
  type: 'object', required: ['error'],
  properties: { error: { type: 'object', required: ['code', 'message', 'details'], properties: { code: { type: 'string' }, message: { type: 'string' }, details: { type: 'array', items: { type: 'string' } }, current: { description: 'With some 409s: the resource as it stands (an alarm changed on another node).' } } } },
};

function schemaOf(s: z.ZodType, components: Record<string, Json>): Json {
  const name = typedNames.get(s);
  if (name) {
    components[name] ??= { description: `${name}: the fields are listed in docs/api.md.` };
    return { $ref: `#/components/schemas/${name}` };
  }
  const json = z.toJSONSchema(documented.get(s) ?? s, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Json;
  delete json.$schema;
  return json;
}

function parameters(s: z.ZodType | undefined, where: 'path' | 'query'): Json[] {
  if (!(s instanceof z.ZodObject)) return [];
  return Object.entries(s.shape as Record<string, z.ZodType>).map(([name, field]) => {
    const json = z.toJSONSchema(field, { io: 'input', unrepresentable: 'any' }) as Json;
    delete json.$schema;
    return { name, in: where, required: where === 'path' || !field.safeParse(undefined).success, schema: json };
  });
}

function operation(name: string, spec: RouteSpec, components: Record<string, Json>): Json {
  const kind = spec.kind ?? 'json';
  const status = kind === 'websocket' ? '101' : String(spec.status ?? 200);
  const success = status === '204' || status === '101'
    ? { description: status === '101' ? 'Switching to the WebSocket protocol' : 'Done; no body.' }
    : kind === 'json' || kind === 'upload'
      ? { description: 'OK', content: { 'application/json': { schema: schemaOf(spec.reply, components) } } }
      : { description: spec.reply.description ?? 'OK', content: { [kind === 'stream' ? 'multipart/x-mixed-replace' : 'application/octet-stream']: { schema: { type: 'string', format: 'binary' } } } };
  const errors = Object.fromEntries(['400', '401', '403', '404', '409', '413', '429'].map((code) => [code, { $ref: `#/components/responses/Error` }]));
  return {
    operationId: name,
    summary: spec.summary,
    tags: [name.split('.')[0]],
    ...(spec.role ? { security: [{ bearer: [] }], 'x-watchdesk-role': spec.role } : { security: [] }),
    parameters: [...parameters(spec.params, 'path'), ...parameters(spec.query, 'query')],
    ...(kind === 'upload' ? { requestBody: { required: true, content: { 'multipart/form-data': { schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } } } } } : {}),
    ...(spec.body ? { requestBody: { required: true, content: { 'application/json': { schema: schemaOf(spec.body, components) } } } } : {}),
    responses: {
      [status]: success, ...errors,
      ...(spec.conflict ? { '409': { description: spec.conflict, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } } } : {}),
    },
  };
}

/** The API as OpenAPI 3.1, from the route table: what `GET /api/v1/openapi.json` serves. */
export function openApiDocument(version: string): Json {
  const components: Record<string, Json> = { Error: ERROR };
  const paths: Record<string, Json> = {};
  for (const [name, spec] of Object.entries(routes) as Array<[string, RouteSpec]>) {
    const path = `${API_PREFIX}${spec.path}`;
    paths[path] ??= {};
    paths[path]![spec.method.toLowerCase()] = operation(name, spec, components);
  }
  return {
    openapi: '3.1.0',
    info: { title: 'Watchdesk API', version, description: 'JSON over HTTP; times are epoch milliseconds. Errors: {"error":{"code","message","details"}}.' },
    servers: [{ url: '/' }],
    paths,
    components: {
      schemas: components,
      responses: { Error: { description: 'An error with a stable code', content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } } },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'POST /api/v1/sessions → token' } },
    },
  };
}
