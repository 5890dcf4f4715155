import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import type { DeviceStatus } from '../../../shared/domain.js';
import { placementObject, type PlacementInput } from '../../../shared/maps/model.js';
import type { AssetView } from '../../../shared/site/views.js';
import type { SqliteStore } from '../store/sqlite-store.js';
import type { MapService } from './map-service.js';
import { CAMPUS, campusLngLat, demoCampusMbtiles } from './demo-campus.js';

const SEEDED = 'maps.demo';
/** Where markers sat before maps were data (`PUT /map/layout`): plan 1 or 2, in a 1000 × 600 box. */
const LEGACY_LAYOUT = 'mapLayout';
const LEGACY_MIGRATED = 'maps.layoutMigrated';
const LegacyLayoutSchema = z.object({ positions: z.record(z.string(), z.object({ plan: z.number().int(), x: z.number(), y: z.number() })) });

/** The rooms drawn on the demo plans, so demo devices and assets land where their names say. */
type Floor = 1 | 2 | 3;
const ROOMS: Record<Floor, Array<[name: string, x: number, y: number, w: number, h: number]>> = {
  1: [['Gym', 20, 20, 240, 240], ['Locker', 260, 20, 160, 240], ['Bath1F', 420, 20, 140, 240], ['Nurse', 560, 20, 200, 240], ['Floor 1 – East', 760, 20, 220, 240], ['Cafeteria', 20, 340, 320, 240], ['Floor 1 – West', 340, 340, 200, 240], ['Parking', 540, 340, 220, 240], ['Floor 1', 760, 340, 220, 240]],
  2: [['Library', 20, 20, 300, 240], ['Bath2F', 320, 20, 160, 240], ['Floor 2 – East', 480, 20, 260, 240], ['Floor 2 – West', 740, 20, 240, 240], ['Floor 2', 500, 340, 240, 240], ['Server', 740, 340, 240, 240]],
  3: [['Stair3', 20, 20, 240, 240], ['Floor 3', 260, 20, 720, 560]],
};

/** The third floor is drawn here: the demo ships only the first two plans as files. */
const FLOOR_3_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 600" width="1000" height="600">
<rect width="1000" height="600" fill="#121922"/>
<rect x="20" y="20" width="960" height="560" fill="none" stroke="#3a4a5c" stroke-width="6"/>
<rect x="20" y="20" width="240" height="240" fill="#17212c" stroke="#3a4a5c" stroke-width="3"/>
<text x="30" y="42" fill="#6f8296" font-family="sans-serif" font-size="15">Stairwell 3</text>
<rect x="260" y="20" width="360" height="560" fill="#17212c" stroke="#3a4a5c" stroke-width="3"/>
<text x="270" y="42" fill="#6f8296" font-family="sans-serif" font-size="15">Classroom 301</text>
<rect x="620" y="20" width="360" height="560" fill="#17212c" stroke="#3a4a5c" stroke-width="3"/>
<text x="630" y="42" fill="#6f8296" font-family="sans-serif" font-size="15">Classroom 302</text>
<text x="30" y="590" fill="#55677a" font-family="sans-serif" font-size="14">Floor 3</text>
</svg>`;

/** The main building in section: a band per floor, each an area that opens its floor. */
const BUILDING_SVG = `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 600" width="1000" height="600">
<rect width="1000" height="600" fill="#121922"/>
<polygon points="100,120 500,40 900,120" fill="#1b2633" stroke="#4a6078" stroke-width="4"/>
<rect x="100" y="120" width="800" height="140" fill="#17212c" stroke="#4a6078" stroke-width="4"/>
<rect x="100" y="260" width="800" height="140" fill="#17212c" stroke="#4a6078" stroke-width="4"/>
<rect x="100" y="400" width="800" height="140" fill="#17212c" stroke="#4a6078" stroke-width="4"/>
<rect x="0" y="540" width="1000" height="60" fill="#1a2a20"/>
<text x="120" y="575" fill="#6f8296" font-family="sans-serif" font-size="16">Main building, in section</text>
</svg>`;
const BAND = (floor: Floor): Array<[number, number]> => { const top = 120 + (3 - floor) * 140; return [[100, top], [900, top], [900, top + 140], [100, top + 140]]; };
/** The system, its roles and readers (they sit on their doors) have no place of their own. */
const OFF_PLAN = new Set<AssetView['type']>(['system', 'role', 'reader']);

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** In the room the name or area gives, else spread over the plans; the same key always lands in the same place. */
export function demoSpot(key: string, area: string): { plan: Floor; x: number; y: number } {
  const h = hash(key);
  for (const plan of [3, 1, 2] as const) {
    const room = ROOMS[plan].find(([name]) => area.includes(name) || key.includes(name));
    if (room) {
      const [, x, y, w, hgt] = room;
      return { plan, x: x + 20 + (h % Math.max(1, w - 40)), y: y + 30 + ((h >>> 8) % Math.max(1, hgt - 50)) };
    }
  }
  return { plan: (1 + (h % 2)) as 1 | 2, x: 40 + (h % 920), y: 40 + ((h >>> 10) % 520) };
}

function bundledPlan(n: 1 | 2): Buffer {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++, dir = dirname(dir)) {
    const file = join(dir, 'assets', `floorplan-${n}.svg`);
    if (existsSync(file)) return readFileSync(file);
  }
  throw new Error(`assets/floorplan-${n}.svg not found`);
}

interface Seeded { campus: number; building: number; floors: number[] }

/**
 * The demo site as maps: an outdoor campus (MBTiles drawn at start-up) with the main building
 * as a linked area; the building in section, a linked area per floor; its three floors. Maps
 * are made once; a layout saved before maps existed moves onto floors 1 and 2; demo devices and
 * assets placed nowhere yet land in their rooms. A site that saved a layout but
 * runs without the demo gets the same plans, with only its saved markers on them.
 */
export async function seedDemoMaps(maps: MapService, store: SqliteStore, objects: { devices: readonly DeviceStatus[]; assets: readonly AssetView[]; demo: boolean }): Promise<void> {
  let seeded = parseSeeded(store.getSetting(SEEDED));
  if (seeded && seeded.floors.some((id) => !maps.list().some((m) => m.id === id))) return;
  if (!seeded) {
    if (maps.list().length > 0) return;
    seeded = await makeDemoMaps(maps);
    store.setSetting(SEEDED, JSON.stringify(seeded));
  }
  const placed = new Set(maps.list().flatMap((m) => m.placements.map(placementObject)));
  const add: Record<Floor, PlacementInput[]> = { 1: [], 2: [], 3: [] };
  const legacy = store.getSetting(LEGACY_MIGRATED) ? null : LegacyLayoutSchema.safeParse(JSON.parse(store.getSetting(LEGACY_LAYOUT) ?? 'null'));
  const saved = legacy?.success ? legacy.data.positions : {};
  const place = (key: string, area: string, make: (x: number, y: number) => PlacementInput): void => {
    if (placed.has(key)) return;
    const old = saved[key];
    // Off the demo, only what a supervisor had placed moves onto the plans.
    if (!old && !objects.demo) return;
    const spot = old && (old.plan === 1 || old.plan === 2) ? { plan: old.plan as 1 | 2, x: clamp(old.x, 1000), y: clamp(old.y, 600) } : demoSpot(key, area);
    add[spot.plan].push(make(spot.x, spot.y));
    placed.add(key);
  };
  for (const d of objects.devices) place(`device:${d.id}`, `${d.deviceId} ${d.location}`, (x, y) => ({ kind: 'device', deviceId: d.id, x, y }));
  for (const a of objects.assets) {
    if (OFF_PLAN.has(a.type)) continue;
    place(`asset:${a.id}`, a.area, (x, y) => (a.type === 'camera' ? { kind: 'fov', assetId: a.id, x, y, direction: hash(a.id) % 360, angle: 70, range: 90 } : { kind: 'asset', assetId: a.id, x, y }));
  }
  for (const n of [1, 2, 3] as const) {
    if (!add[n].length || seeded.floors[n - 1] === undefined) continue;
    const floor = maps.get(seeded.floors[n - 1]!);
    maps.setPlacements(floor.id, { placements: [...floor.placements, ...add[n]] }, 'demo');
  }
  if (legacy) store.setSetting(LEGACY_MIGRATED, String(Date.now()));
}

const clamp = (v: number, max: number): number => Math.min(max, Math.max(0, v));

function parseSeeded(text: string | undefined): Seeded | null {
  if (!text) return null;
  try {
    return JSON.parse(text) as Seeded;
  } catch {
    return null;
  }
}

async function makeDemoMaps(maps: MapService): Promise<Seeded> {
  const [cx, cy] = campusLngLat(...CAMPUS.centre);
  const campus = await maps.createWithImage({ name: 'Campus', kind: 'geo', defaultView: { x: cx, y: cy, zoom: 17 } }, await demoCampusMbtiles(), 'campus.mbtiles', [], 'demo');
  // Floor 1 lies in the main building on the campus: its corners there, so it shows in place outdoors.
  const [x0, y0] = CAMPUS.building[0]!;
  const georef = { mapId: campus.id, topLeft: campusLngLat(x0, y0), topRight: campusLngLat(x0 + 600, y0), bottomLeft: campusLngLat(x0, y0 + 360) };
  const building = await maps.createWithImage({ name: 'Main building', kind: 'plan', parentId: campus.id }, Buffer.from(BUILDING_SVG), 'main-building.svg', [], 'demo');
  const f1 = await maps.createWithImage({ name: 'Floor 1', kind: 'plan', parentId: building.id, order: 1, georef }, bundledPlan(1), 'floorplan-1.svg', [], 'demo');
  const f2 = await maps.createWithImage({ name: 'Floor 2', kind: 'plan', parentId: building.id, order: 2 }, bundledPlan(2), 'floorplan-2.svg', [{ kind: 'link', linkMapId: f1.id, label: 'Stairs down to Floor 1', x: 130, y: 560 }], 'demo');
  const f3 = await maps.createWithImage({ name: 'Floor 3', kind: 'plan', parentId: building.id, order: 3 }, Buffer.from(FLOOR_3_SVG), 'floor-3.svg', [{ kind: 'link', linkMapId: f2.id, label: 'Stairs down to Floor 2', x: 140, y: 230 }], 'demo');
  maps.setPlacements(f1.id, { placements: [{ kind: 'link', linkMapId: f2.id, label: 'Stairs up to Floor 2', x: 130, y: 300 }] }, 'demo');
  maps.setPlacements(f2.id, { placements: [...maps.get(f2.id).placements, { kind: 'link', linkMapId: f3.id, label: 'Stairs up to Floor 3', x: 130, y: 300 }] }, 'demo');
  maps.setPlacements(building.id, { placements: ([[1, f1], [2, f2], [3, f3]] as const).map(([n, f]) => ({ kind: 'area' as const, id: `floor-${n}`, name: `Floor ${n}`, polygon: BAND(n), linkMapId: f.id })) }, 'demo');
  maps.setPlacements(campus.id, {
    placements: [
      { kind: 'area', id: 'main-building', name: 'Main building', polygon: CAMPUS.building.map(([x, y]) => campusLngLat(x, y)), linkMapId: building.id },
      { kind: 'area', name: 'Sports hall', polygon: CAMPUS.hall.map(([x, y]) => campusLngLat(x, y)), linkMapId: null },
      // Beside the building, not on it: its label faces away, clear of the georeferenced plan.
      { kind: 'link', linkMapId: f2.id, label: 'Floor 2', x: campusLngLat(1340, 1030)[0], y: campusLngLat(1340, 1030)[1] },
      { kind: 'label', text: 'Car park', x: campusLngLat(...CAMPUS.carPark)[0], y: campusLngLat(...CAMPUS.carPark)[1] },
    ],
  }, 'demo');
  return { campus: campus.id, building: building.id, floors: [f1.id, f2.id, f3.id] };
}
