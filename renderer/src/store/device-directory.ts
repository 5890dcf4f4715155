import { useConsole } from './console-store.js';
import type { DirectoryEntry } from './live-slice.js';

export type { DirectoryEntry } from './live-slice.js';

/** Devices by name; it changes only when a device is added, removed or renamed. */
export const useDeviceDirectory = (): DirectoryEntry[] => useConsole((s) => s.directory);
