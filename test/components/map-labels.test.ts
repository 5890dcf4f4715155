import { describe, expect, it } from 'vitest';
import type { Placement } from '../../shared/maps/model.js';
import { labelSide, shownCount } from '../../renderer/src/features/map/label-place.js';

const building: Array<[number, number]> = [[700, 620], [1300, 620], [1300, 1060], [700, 1060]];

describe('map labels', () => {
  it('puts a link label on the side away from the building it sits in or beside', () => {
    // On a plan y runs down: near the bottom edge inside, the label goes out through the bottom.
    expect(labelSide(1000, 1040, [building], false)).toBe('bottom');
    expect(labelSide(1280, 800, [building], false)).toBe('right');
    expect(labelSide(1000, 630, [building], false)).toBe('top');
    // Beside it, the label faces away from it.
    expect(labelSide(1340, 1030, [building], false)).toBe('right');
    expect(labelSide(650, 800, [building], false)).toBe('left');
    // Far from anything, or on a map without areas: above, as before.
    expect(labelSide(3000, 3000, [building], false)).toBe('top');
    expect(labelSide(5, 5, [], false)).toBe('top');
  });

  it('turns the sides over on a geo map, where latitude runs up', () => {
    const block: Array<[number, number]> = [[4.0, 50.0], [4.01, 50.0], [4.01, 50.01], [4.0, 50.01]];
    expect(labelSide(4.005, 50.0095, [block], true)).toBe('top');
    expect(labelSide(4.005, 50.0005, [block], true)).toBe('bottom');
  });

  it('counts what the map shows: markers, areas and links', () => {
    const p = (kind: string, extra: object = {}): Placement => ({ id: `${kind}-${Math.random()}`, kind, x: 1, y: 1, ...extra }) as unknown as Placement;
    expect(shownCount([])).toBe('0 markers');
    expect(shownCount([p('device'), p('asset'), p('fov')])).toBe('3 markers');
    expect(shownCount([p('area', { polygon: [] }), p('area', { polygon: [] }), p('link'), p('label')])).toBe('2 areas, 1 link');
    expect(shownCount([p('asset'), p('area', { polygon: [] }), p('link'), p('link')])).toBe('1 marker, 1 area, 2 links');
  });
});
