import type { StreamMessage } from '../../../shared/bridge.js';

/** At most this many store flushes a second, however fast the stream delivers (twice as many while alarms change). */
export const FLUSHES_PER_SECOND = 10;

/** What an operator must see or hear at once: alarms, notifications, commands. */
const urgent = (m: StreamMessage): boolean => m.type === 'delta' && Boolean(m.alarms?.length || m.notifications?.length || m.commands?.length);

/**
 * Collects stream messages and hands them over together, at most once per window, so a burst
 * of deltas costs one render rather than one each. A snapshot flushes at once: it is what
 * the operator sees first after (re)connecting. A message with alarms waits at most half a
 * window (`urgentMs`): with the render after it, a change of the alarm list (a flood group
 * forming with its 11th alarm) shows within one stream window of its arrival, in a burst too.
 */
export function streamBatcher(
  flush: (messages: StreamMessage[]) => void,
  windowMs = 1000 / FLUSHES_PER_SECOND,
  timers: { set: (f: () => void, ms: number) => unknown; clear: (h: unknown) => void } = { set: (f, ms) => setTimeout(f, ms), clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
  urgentMs = windowMs / 2,
): { push(message: StreamMessage): void; stop(): void } {
  let queue: StreamMessage[] = [];
  let timer: unknown = null;
  let due = Infinity;
  let lastFlush = -Infinity;
  const run = (): void => {
    timer = null;
    due = Infinity;
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
      const now = Date.now();
      const wait = Math.max(0, (urgent(message) ? urgentMs : windowMs) - (now - lastFlush));
      if (now + wait >= due) return;
      if (timer !== null) timers.clear(timer);
      due = now + wait;
      timer = timers.set(run, wait);
    },
    stop() {
      if (timer !== null) timers.clear(timer);
      timer = null;
      due = Infinity;
      queue = [];
    },
  };
}
