import { z } from 'zod';
import { MapInputSchema, PlacementsSchema, type MapsExport, type SiteMap } from '../maps/model.js';
import { IdParams, checkedByCore, route, typed } from './define.js';

const Key = z.object({ key: z.string().regex(/^[0-9a-f]{32}$/, 'key must be the image key from the map').optional() });
const TileParams = IdParams.extend({ z: z.coerce.number().int().min(-8).max(30), x: z.coerce.number().int().min(0), y: z.coerce.number().int().min(0) });

/** Site maps: plans and geo maps in a tree, their placements, plan images and tiles. */
export const mapRoutes = {
  'maps.list': route({ method: 'GET', path: '/maps', role: 'operator', summary: 'Every map with its placements.', reply: typed<SiteMap[]>('SiteMapList') }),
  'maps.export': route({ method: 'GET', path: '/maps/export', role: 'supervisor', summary: "The site's maps as one file: maps, images and tiles as uploaded, placements.", reply: typed<MapsExport>('MapsExport') }),
  'maps.importTicket': route({ method: 'POST', path: '/maps/import-ticket', role: 'supervisor', status: 201, summary: 'A single-use ticket for importing maps with ?ticket=.', reply: z.object({ ticket: z.string(), expiresAt: z.number() }) }),
  'maps.import': route({ method: 'POST', path: '/maps/import', role: null, kind: 'upload', status: 201, summary: 'Recreate an export (multipart, one file) on a site without maps; a supervisor session or ?ticket=.', query: z.object({ ticket: z.string().max(64).optional() }), reply: typed<SiteMap[]>('SiteMapList') }),
  'maps.create': route({ method: 'POST', path: '/maps', role: 'supervisor', status: 201, summary: 'Create a map (a plan or a geo map).', body: checkedByCore(MapInputSchema), reply: typed<SiteMap>('SiteMap') }),
  'maps.get': route({ method: 'GET', path: '/maps/{id}', role: 'operator', summary: 'One map with its placements.', params: IdParams, reply: typed<SiteMap>('SiteMap') }),
  'maps.update': route({ method: 'PUT', path: '/maps/{id}', role: 'supervisor', summary: "Replace a map's name, kind, parent, order, default view and tile source.", params: IdParams, body: checkedByCore(MapInputSchema), reply: typed<SiteMap>('SiteMap') }),
  'maps.delete': route({ method: 'DELETE', path: '/maps/{id}', role: 'supervisor', status: 204, summary: 'Delete a map; its children move to the top, links to it go.', params: IdParams, reply: z.void() }),
  'maps.placements': route({ method: 'PUT', path: '/maps/{id}/placements', role: 'supervisor', summary: 'Replace everything placed on a map.', params: IdParams, body: checkedByCore(PlacementsSchema), reply: typed<SiteMap>('SiteMap') }),
  'maps.uploadTicket': route({ method: 'POST', path: '/maps/{id}/upload-ticket', role: 'supervisor', status: 201, summary: 'A single-use ticket for uploading a plan image with ?ticket=.', params: IdParams, reply: z.object({ ticket: z.string(), expiresAt: z.number() }) }),
  'maps.upload': route({ method: 'POST', path: '/maps/{id}/image', role: null, kind: 'upload', summary: "Upload a plan's image (multipart, one file, PNG/JPEG/WebP/SVG up to 50 MB, or a PDF whose first page the server renders) or a geo map's MBTiles file; a supervisor session or ?ticket=.", params: IdParams, query: z.object({ ticket: z.string().max(64).optional() }), reply: typed<SiteMap>('SiteMap') }),
  'maps.image': route({ method: 'GET', path: '/maps/{id}/image', role: null, kind: 'binary', summary: "A plan's image: the upload as it came (variant=original) or as shown (variant=display); ?key= from the map.", params: IdParams, query: Key.extend({ variant: z.enum(['original', 'display']).default('display') }), reply: z.string().meta({ description: 'the image' }) }),
  'maps.tiles': route({ method: 'GET', path: '/maps/{id}/tiles/{z}/{x}/{y}', role: null, kind: 'binary', summary: "One 256 px tile: a large plan's pyramid, a geo map's MBTiles, or its XYZ source fetched by the core; ?key= from the map.", params: TileParams, query: Key, reply: z.string().meta({ description: 'image/webp' }) }),
} as const;
