import { describe, expect, it } from 'vitest';
import { DeviceRegistry } from '../electron/core/devices.js';
import { DeviceConfigSchema, type Device } from '../shared/domain.js';

const device = (id: number, deviceId: string, name: string): Device => ({ ...DeviceConfigSchema.parse({ deviceId, name, typeId: 'halo', serverId: 1 }), id, demo: false });

describe('the device registry', () => {
  it('finds a generic event\'s source by device id first, then by name, through adds, renames and removals', () => {
    const r = new DeviceRegistry();
    r.upsertDevice(device(1, 'Bath2F', 'Bathroom 2F'));
    r.upsertDevice(device(2, 'Gym', 'Gymnasium'));
    expect(r.findBySource('Bath2F')?.status.id).toBe(1);
    expect(r.findBySource('Gymnasium')?.status.id).toBe(2);
    // A device named like another's id: the id wins.
    r.upsertDevice(device(3, 'Lab', 'Gym'));
    expect(r.findBySource('Gym')?.status.id).toBe(2);
    r.upsertDevice(device(2, 'Gym', 'Sports hall'));
    expect(r.findBySource('Gymnasium')).toBeUndefined();
    expect(r.findBySource('Sports hall')?.status.id).toBe(2);
    r.removeDevice(2);
    expect(r.findBySource('Gym')?.status.id).toBe(3);
    expect(r.findBySource('')).toBeUndefined();
  });

  it('loads 20,000 devices without rebuilding the source index for each one', () => {
    const r = new DeviceRegistry();
    // The index is built once, at the first lookup: loading is linear in the devices.
    for (let i = 1; i <= 20_000; i++) r.upsertDevice(device(i, `S${i}`, `Sensor ${i}`));
    const index = r as unknown as { bySource: Map<string, unknown> };
    expect(index.bySource.size).toBe(0);
    expect(r.findBySource('Sensor 19999')?.status.id).toBe(19_999);
    expect(index.bySource.size).toBe(40_000);
  });
});
