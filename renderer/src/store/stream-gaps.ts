import type { StreamMessage } from '../../../shared/bridge.js';

/**
 * Whether the console missed something and must fetch events back: a delta whose `seq` does not
 * follow the last one (the core skipped it for a slow client, the stream reconnected, the core
 * restarted), or one that says events were left out. A snapshot restores state but not what
 * happened meanwhile, so it does not reset the count.
 */
export function streamGaps(): (message: StreamMessage) => boolean {
  let last: number | null = null;
  return (m) => {
    if (m.type !== 'delta') return false;
    const gap = (last !== null && m.seq !== last + 1) || m.eventsDropped > 0;
    last = m.seq;
    return gap;
  };
}
