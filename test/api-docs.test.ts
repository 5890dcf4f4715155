import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROUTE_NAMES, routes } from '../shared/api/routes.js';
import type { WatchdeskApp } from '../electron/core/app.js';
import { startApp } from './support/app.js';

const documented = (): Set<string> => {
  const text = readFileSync('docs/api.md', 'utf8');
  return new Set([...text.matchAll(/`(GET|POST|PUT|DELETE) (\/[^`\s?]*)/g)].map((m) => `${m[1]} ${m[2]!.replace(/^\/api\/v1/, '')}`));
};

describe('the API contract', () => {
  const table = new Set(ROUTE_NAMES.map((n) => `${routes[n].method} ${routes[n].path}`));

  it('docs/api.md names every route of the table', () => {
    const docs = documented();
    expect([...table].filter((r) => !docs.has(r))).toEqual([]);
  });

  it('docs/api.md names no route the table lacks', () => {
    expect([...documented()].filter((r) => !table.has(r))).toEqual([]);
  });

  it('has one name per method and path', () => {
    expect(table.size).toBe(ROUTE_NAMES.length);
  });

  describe('served as OpenAPI 3.1', () => {
    let app: WatchdeskApp;
    let url: string;
    beforeAll(async () => { const s = await startApp(); app = s.app; url = s.ready.url; });
    afterAll(async () => { await app.stop(); });

    it('without a session, with every route, its role and its schemas', async () => {
      const res = await fetch(`${url}api/v1/openapi.json`);
      expect(res.status).toBe(200);
      const doc = await res.json() as { openapi: string; paths: Record<string, Record<string, { operationId: string; 'x-watchdesk-role'?: string; parameters: Array<{ name: string; in: string; required: boolean }>; requestBody?: { content: Record<string, { schema: Record<string, unknown> }> } }>> };
      expect(doc.openapi).toBe('3.1.0');
      const operations = Object.entries(doc.paths).flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ key: `${method.toUpperCase()} ${path.replace(/^\/api\/v1/, '')}`, op })));
      expect(operations.map((o) => o.key).sort()).toEqual([...table].sort());
      const series = doc.paths['/api/v1/devices/{id}/series']!.get!;
      expect(series.operationId).toBe('devices.series');
      expect(series.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'id', in: 'path', required: true }), expect.objectContaining({ name: 'point', in: 'query', required: true }), expect.objectContaining({ name: 'from', in: 'query', required: false })]));
      const shelve = doc.paths['/api/v1/alarms/{id}/shelve']!.post!;
      expect(shelve['x-watchdesk-role']).toBe('operator');
      expect(shelve.requestBody!.content['application/json']!.schema).toMatchObject({ type: 'object', required: ['reason'] });
      // A body the core checks itself is still described field by field.
      const device = doc.paths['/api/v1/devices']!.post!.requestBody!.content['application/json']!.schema;
      expect(device).toMatchObject({ type: 'object', properties: { deviceId: { type: 'string' } } });
    });
  });
});
