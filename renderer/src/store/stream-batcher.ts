import type { StreamMessage } from '../../../shared/bridge.js';

/** At most this many store flushes a second, however fast the stream delivers. */
export const FLUSHES_PER_SECOND = 10;

/**
 * Collects stream messages and hands them over together, at most once per window, so a burst
 * of deltas costs one render rather than one each. A snapshot flushes at once: it is what
 * the operator sees first after (re)connecting.
 */
export function streamBatcher(
  flush: (messages: StreamMessage[]) => void,
  windowMs = 1000 / FLUSHES_PER_SECOND,
  timers: { set: (f: () => void, ms: number) => unknown; clear: (h: unknown) => void } = { set: (f, ms) => setTimeout(f, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
): { push(message: StreamMessage): void; stop(): void } {
  let queue: StreamMessage[] = [];
  let timer: unknown = null;
  let lastFlush = -Infinity;
  const run = (): void => {
    timer = null;
    lastFlush = Date.now();
    const batch = queue;
    queue = [];
    if (batch.length) flush(batch);
  };
  return {
    push(message) {
      queue.push(message);
      if (message.type === 'snapshot') {
        if (timer !== null) timers.clear(timer);
        run();
        return;
      }
      if (timer === null) timer = timers.set(run, Math.max(0, windowMs - (Date.now() - lastFlush)));
    },
    stop() {
      if (timer !== null) timers.clear(timer);
      timer = null;
      queue = [];
    },
  };
}
