import { useMemo } from 'react';
import { useConsole } from './console-store.js';

export interface DirectoryEntry {
  id: number;
  name: string;
}

/**
 * Devices by name, for lists and pickers. It changes only when a device is added, removed or
 * renamed, not on every new value, so a 5,000-entry picker is not rebuilt ten times a second.
 */
export function useDeviceDirectory(): DirectoryEntry[] {
  const key = useConsole((s) => {
    let k = '';
    for (const d of Object.values(s.devices)) k += `${d.id}\u0000${d.name}\u0001`;
    return k;
  });
  return useMemo(() => key.split('\u0001').filter(Boolean).map((e) => {
    const [id, name] = e.split('\u0000');
    return { id: Number(id), name: name! };
  }).sort((a, b) => a.name.localeCompare(b.name)), [key]);
}
