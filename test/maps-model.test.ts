import { describe, expect, it } from 'vitest';
import { PlacementSchema, placementProblems, type Placement, type PlacementInput, type SiteMap } from '../shared/maps/model.js';
import { RollupIndex, mapsBelow } from '../shared/maps/rollup.js';
import { nameLies, sniffImage } from '../shared/maps/sniff.js';
import { demoSpot } from '../electron/core/maps/demo-maps.js';
import { clusterPoints } from '../shared/maps/cluster.js';
import { geoToPlan, georefProblems, planToGeo, type Georef } from '../shared/maps/georef.js';

const map = (id: number, parentId: number | null, placements: PlacementInput[]): Pick<SiteMap, 'id' | 'parentId' | 'placements'> =>
  ({ id, parentId, placements: placements.map((p, i) => ({ ...p, id: `p${i}` }) as Placement) });

describe('alarm roll-up over a map tree', () => {
  // Campus (1) → linked area → building (2) → link → floor 2 (4); floor 1 (3) is the building's child.
  // Floor 2 links back up to the campus: a cycle must end.
  const maps = [
    map(1, null, [{ kind: 'area', name: 'B', polygon: [[0, 0], [1, 0], [1, 1]], linkMapId: 2 }, { kind: 'device', deviceId: 9, x: 1, y: 1 }]),
    map(2, null, [{ kind: 'link', linkMapId: 4, label: '', x: 0, y: 0 }]),
    map(3, 2, [{ kind: 'asset', assetId: 'door-01', x: 5, y: 5 }]),
    map(4, null, [{ kind: 'device', deviceId: 7, x: 5, y: 5 }, { kind: 'fov', assetId: 'camera-01', x: 1, y: 1, direction: 90, angle: 60, range: 50 }, { kind: 'link', linkMapId: 1, label: 'up', x: 1, y: 1 }]),
    map(5, null, [{ kind: 'device', deviceId: 7, x: 1, y: 1 }]),
  ];

  it('follows children, links and linked areas at any depth, and ends at cycles', () => {
    const below = mapsBelow(maps);
    expect([...below.get(1)!].sort()).toEqual([1, 2, 3, 4]);
    expect([...below.get(2)!].sort()).toEqual([1, 2, 3, 4]);
    expect([...below.get(3)!]).toEqual([3]);
    expect([...below.get(5)!]).toEqual([5]);
  });

  it('counts each alarm once per map, with the worst priority', () => {
    const index = new RollupIndex(maps.slice(0, 3).concat([map(4, null, maps[3]!.placements.filter((p) => p.kind !== 'link')), maps[4]!]));
    const r = index.rollUp([
      { id: 1, priority: 50, object: 'asset:door-01' },
      { id: 2, priority: 10, object: 'device:7' },
      { id: 3, priority: 30, object: 'asset:camera-01' },
      { id: 4, priority: 1, object: null },
      { id: 5, priority: 1, object: 'device:404' },
    ]);
    expect(r.get(3)).toEqual({ count: 1, worst: 50 });
    expect(r.get(4)).toEqual({ count: 2, worst: 10 });
    expect(r.get(2)).toEqual({ count: 3, worst: 10 });
    expect(r.get(1)).toEqual({ count: 3, worst: 10 });
    // Device 7 is on two maps: map 5 counts it too, once.
    expect(r.get(5)).toEqual({ count: 1, worst: 10 });
    expect(index.mapsOf('device:7')).toEqual([4, 5]);
    // Seen from floor 1, the alarms on floor 2 (and map 5, which also holds device 7) are elsewhere.
    expect(index.elsewhere(3, [{ id: 2, priority: 10, object: 'device:7' }, { id: 1, priority: 50, object: 'asset:door-01' }])).toEqual({ count: 1, worst: 10 });
  });

  it('recomputes 5,000 alarms over 50 maps quickly', () => {
    const many = Array.from({ length: 50 }, (_, i) => map(i + 1, i === 0 ? null : Math.floor(i / 7) + 1, Array.from({ length: 100 }, (_, k) => ({ kind: 'device' as const, deviceId: i * 100 + k + 1, x: 1, y: 1 }))));
    const index = new RollupIndex(many);
    const alarms = Array.from({ length: 5000 }, (_, i) => ({ id: i + 1, priority: i % 100, object: `device:${i + 1}` }));
    const times: number[] = [];
    let r = index.rollUp(alarms);
    for (let i = 0; i < 11; i++) {
      const started = performance.now();
      r = index.rollUp(alarms);
      times.push(performance.now() - started);
    }
    expect(r.get(1)!.count).toBe(5000);
    // The budget for an alarm change is 5 ms of main-thread time; this takes about 0.4 ms.
    expect(times.sort((a, b) => a - b)[5]).toBeLessThan(5);
  });
});

describe('plan upload sniffing', () => {
  it('knows PNG, JPEG, WebP, SVG and PDF by their first bytes', () => {
    expect(sniffImage(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]))).toBe('png');
    expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0]))).toBe('jpeg');
    expect(sniffImage(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('webp');
    expect(sniffImage(Buffer.from('RIFF\0\0\0\0WAVEfmt '))).toBeNull();
    expect(sniffImage(Buffer.from('%PDF-1.4'))).toBe('pdf');
    expect(sniffImage(Buffer.from('\uFEFF<?xml version="1.0"?>\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x">\n<!-- a -->\n<svg width="1">'))).toBe('svg');
    expect(sniffImage(Buffer.from('<svgx>'))).toBeNull();
    expect(sniffImage(Buffer.from('<html><svg>'))).toBeNull();
    expect(sniffImage(Buffer.alloc(0))).toBeNull();
  });

  it('catches a name that lies about the type, and lets unknown extensions be', () => {
    expect(nameLies('plan.jpg', 'png')).toBe(true);
    expect(nameLies('plan.PNG', 'png')).toBe(false);
    expect(nameLies('plan.jpeg', 'jpeg')).toBe(false);
    expect(nameLies('plan.svg', 'webp')).toBe(true);
    expect(nameLies('plan.scan', 'png')).toBe(false);
    expect(nameLies('plan', 'svg')).toBe(false);
  });
});

describe('placement validation', () => {
  const plan = { kind: 'plan' as const, image: { type: 'png' as const, width: 1000, height: 600, bytes: 1, key: 'k', tiled: false, maxZoom: 2, levelOffset: 8 } };

  it('checks each kind by its own fields', () => {
    expect(PlacementSchema.safeParse({ kind: 'fov', assetId: 'camera-01', x: 1, y: 1, direction: 400, angle: 60, range: 10 }).success).toBe(false);
    expect(PlacementSchema.safeParse({ kind: 'fov', assetId: 'camera-01', x: 1, y: 1, direction: 90, angle: 60, range: 10 }).success).toBe(true);
    expect(PlacementSchema.safeParse({ kind: 'area', polygon: [[0, 0], [1, 1]] }).success).toBe(false);
    expect(PlacementSchema.safeParse({ kind: 'label', text: ' ', x: 1, y: 1 }).success).toBe(false);
    expect(PlacementSchema.safeParse({ kind: 'device', deviceId: 1, x: 1, y: 1, extra: true }).success).toBe(false);
    expect(PlacementSchema.safeParse({ kind: 'door', x: 1, y: 1 }).success).toBe(false);
    expect(PlacementSchema.safeParse({ kind: 'preset', assetId: 'camera-01', presetId: '2', x: 1, y: 1 }).success).toBe(true);
    expect(PlacementSchema.safeParse({ kind: 'preset', assetId: 'camera-01', presetId: '', x: 1, y: 1 }).success).toBe(false);
  });

  it('keeps points inside the plan, and on the globe for a geo map', () => {
    expect(placementProblems(plan, [{ kind: 'device', deviceId: 1, x: 1000, y: 600 }])).toEqual([]);
    expect(placementProblems(plan, [{ kind: 'device', deviceId: 1, x: 1001, y: 5 }])).toEqual(['placements.0: outside the plan (0..1000 × 0..600)']);
    expect(placementProblems(plan, [{ kind: 'area', polygon: [[0, 0], [10, 0], [10, -1]] }])).toHaveLength(1);
    expect(placementProblems({ kind: 'geo', image: null }, [{ kind: 'label', text: 'x', x: 4.3, y: 50.8 }, { kind: 'label', text: 'y', x: 4.3, y: 95 }])).toEqual(['placements.1: outside longitude -180..180 and latitude -90..90']);
  });

  it('puts demo objects in the room their name or area gives, always the same place', () => {
    const bath = demoSpot('device:1', 'Bath2F Floor 2, east wing');
    expect(bath.plan).toBe(2);
    expect(bath.x).toBeGreaterThanOrEqual(320);
    expect(bath.x).toBeLessThan(480);
    expect(demoSpot('asset:camera-09', 'Somewhere new')).toEqual(demoSpot('asset:camera-09', 'Somewhere new'));
  });
});

describe('georeference transforms', () => {
  const size = { width: 1000, height: 600 };
  // A plan turned 90° clockwise: its top edge runs south, its left edge runs west.
  const turned: Georef = { mapId: 1, topLeft: [4.35, 50.85], topRight: [4.35, 50.84], bottomLeft: [4.34, 50.85] };
  const straight: Georef = { mapId: 1, topLeft: [4.3, 50.9], topRight: [4.4, 50.9], bottomLeft: [4.3, 50.8] };

  it('maps plan corners to their given places, and the middle between them', () => {
    expect(planToGeo(straight, size, 0, 0)).toEqual([4.3, 50.9]);
    const [lng, lat] = planToGeo(straight, size, 1000, 600);
    expect(lng).toBeCloseTo(4.4, 10);
    expect(lat).toBeCloseTo(50.8, 10);
    const mid = planToGeo(turned, size, 500, 300);
    expect(mid[0]).toBeCloseTo(4.345, 10);
    expect(mid[1]).toBeCloseTo(50.845, 10);
  });

  it('inverts exactly, rotated or not', () => {
    for (const g of [straight, turned]) {
      for (const [x, y] of [[0, 0], [1000, 0], [0, 600], [123.4, 456.7], [-50, 700]] as const) {
        const [lng, lat] = planToGeo(g, size, x, y);
        const back = geoToPlan(g, size, lng, lat)!;
        expect(back[0]).toBeCloseTo(x, 6);
        expect(back[1]).toBeCloseTo(y, 6);
      }
    }
  });

  it('refuses corners in a line', () => {
    const line: Georef = { mapId: 1, topLeft: [4.3, 50.9], topRight: [4.4, 50.9], bottomLeft: [4.5, 50.9] };
    expect(geoToPlan(line, size, 4.3, 50.9)).toBeNull();
    expect(georefProblems(line)).toEqual(['georef: the three corners must not lie in a line']);
    expect(georefProblems(turned)).toEqual([]);
  });
});

describe('clustering', () => {
  it('groups points per grid cell with the worst priority they hold', () => {
    const clusters = clusterPoints([
      { id: 'a', px: 10, py: 10, priority: null },
      { id: 'b', px: 30, py: 50, priority: 120 },
      { id: 'c', px: 70, py: 20, priority: 10 },
      { id: 'd', px: 200, py: 200, priority: null },
    ], 64);
    expect(clusters).toHaveLength(3);
    expect(clusters[0]).toEqual({ ids: ['a', 'b'], px: 20, py: 30, worst: 120 });
    expect(clusters[1]).toMatchObject({ ids: ['c'], worst: 10 });
    expect(clusters[2]).toMatchObject({ ids: ['d'], worst: null });
  });

  it('reclusters 10,000 points well inside a frame', () => {
    const points = Array.from({ length: 10_000 }, (_, i) => ({ id: String(i), px: (i * 37) % 4000, py: (i * 91) % 3000, priority: i % 97 === 0 ? i % 300 : null }));
    clusterPoints(points, 64);
    const started = performance.now();
    const clusters = clusterPoints(points, 64);
    expect(performance.now() - started).toBeLessThan(50);
    expect(clusters.reduce((n, c) => n + c.ids.length, 0)).toBe(10_000);
  });
});
