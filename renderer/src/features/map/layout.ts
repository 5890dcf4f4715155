import type { MapLayout } from '../../../../shared/bridge.js';

export interface Placeable {
  key: string;
  area: string;
}

/** Rooms on each demo plan, so devices and assets land where their names say. */
const ROOMS: Record<number, Array<[name: string, x: number, y: number, w: number, h: number]>> = {
  1: [['Gym', 20, 20, 240, 240], ['Locker', 260, 20, 160, 240], ['Bath1F', 420, 20, 140, 240], ['Nurse', 560, 20, 200, 240], ['Floor 1 – East', 760, 20, 220, 240], ['Cafeteria', 20, 340, 320, 240], ['Floor 1 – West', 340, 340, 200, 240], ['Parking', 540, 340, 220, 240], ['Floor 1', 760, 340, 220, 240]],
  2: [['Library', 20, 20, 300, 240], ['Bath2F', 320, 20, 160, 240], ['Floor 2 – East', 480, 20, 260, 240], ['Floor 2 – West', 740, 20, 240, 240], ['Stair3', 20, 340, 240, 240], ['Floor 3', 260, 340, 240, 240], ['Floor 2', 500, 340, 240, 240], ['Server', 740, 340, 240, 240]],
};

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** Markers without a saved place get one: in the room their area or id names, else spread out. */
export function placeMissing(items: readonly Placeable[], layout: MapLayout): MapLayout {
  const positions = { ...layout.positions };
  for (const it of items) {
    if (positions[it.key]) continue;
    const h = hash(it.key);
    let spot: { plan: number; x: number; y: number } | null = null;
    for (const [plan, rooms] of Object.entries(ROOMS)) {
      const room = rooms.find(([name]) => it.area.includes(name) || it.key.includes(name));
      if (room) {
        const [, x, y, w, hgt] = room;
        spot = { plan: Number(plan), x: x + 20 + (h % Math.max(1, w - 40)), y: y + 30 + ((h >>> 8) % Math.max(1, hgt - 50)) };
        break;
      }
    }
    positions[it.key] = spot ?? { plan: 1 + (h % 2), x: 40 + (h % 920), y: 40 + ((h >>> 10) % 520) };
  }
  return { positions };
}
