import type { CDPSession, Page } from '@playwright/test';

/**
 * Probes the flood bench installs in the console page. Strings, not functions: the bundler would
 * wrap named callbacks in a helper the page lacks.
 */

/**
 * Before the console loads: counts alert sounds (each beep starts two or three tones that share
 * its start time, so a beep is a new start time) and spoken announcements, and, for a watched
 * definition, notes the stream message that brings its (count+1)-th standing alarm: the server's
 * send time (`at`, Date.now on the same machine) and when the page received it.
 */
export const PAGE_PROBES = `(() => {
  window.__beeps = 0;
  window.__spoken = 0;
  const Real = window.AudioContext;
  window.AudioContext = class extends Real {
    createOscillator() {
      if (this.currentTime !== this.__last) { window.__beeps += 1; this.__last = this.currentTime; }
      return super.createOscillator();
    }
  };
  if (window.speechSynthesis) {
    const speak = window.speechSynthesis.speak.bind(window.speechSynthesis);
    window.speechSynthesis.speak = (u) => { window.__spoken += 1; return speak(u); };
  }
  window.__watch = null;
  const RealSocket = window.WebSocket;
  window.WebSocket = class extends RealSocket {
    constructor(...args) {
      super(...args);
      // Added before the console sets onmessage, so it runs first: the time the message arrived.
      this.addEventListener('message', (e) => {
        const w = window.__watch;
        if (!w || w.sentAt || typeof e.data !== 'string' || !e.data.includes(w.definitionId)) return;
        const received = Date.now();
        const m = JSON.parse(e.data);
        for (const a of m.alarms || []) if (a.definitionId === w.definitionId && a.state !== 'normal') w.ids[a.id] = true;
        if (Object.keys(w.ids).length > w.count) { w.sentAt = m.at; w.receivedAt = received; }
      });
    }
  };
})()`;

/** Watches for the group of `definitionId` in `place`: the delta that completes it and the moment its row is in the DOM. */
export function watchGroup(page: Page, definitionId: string, place: string, count: number): Promise<unknown> {
  return page.evaluate(`(() => {
    const testid = ${JSON.stringify(`flood-group-definition:${definitionId}@${place}`)};
    window.__watch = { definitionId: ${JSON.stringify(definitionId)}, count: ${count}, ids: {}, sentAt: 0, receivedAt: 0, inDom: 0, painted: 0 };
    const w = window.__watch;
    const observer = new MutationObserver(() => {
      if (w.inDom || !document.querySelector('[data-testid="' + testid + '"]')) return;
      w.inDom = Date.now();
      observer.disconnect();
      // rAF runs before the frame paints; a task after it runs once it has.
      requestAnimationFrame(() => setTimeout(() => { w.painted = Date.now(); }, 0));
    });
    observer.observe(document.body, { childList: true, subtree: true });
  })()`);
}

export interface GroupTiming { sentAt: number; receivedAt: number; inDom: number; painted: number }
export const groupTiming = (page: Page): Promise<GroupTiming> => page.evaluate('window.__watch') as Promise<GroupTiming>;

/**
 * Real input latency: key presses dispatched through the browser's input pipeline (CDP
 * `Input.dispatchKeyEvent`, as a keyboard would), timed in the page from the event's own
 * timestamp: to the first keydown handler (input delay) and to the frame painted after the
 * handlers ran (what the operator sees). The console's own keydown handler (A acknowledges)
 * runs for every key, so the press goes through its real work; "x" does nothing else.
 */
export class KeyProbe {
  private timer: ReturnType<typeof setTimeout> | null = null;
  private pending: Promise<unknown> = Promise.resolve();
  private sent = 0;

  private constructor(private readonly page: Page, private readonly cdp: CDPSession) {}

  static async start(page: Page, everyMs: number): Promise<KeyProbe> {
    const cdp = await page.context().newCDPSession(page);
    await page.evaluate(`(() => {
      document.activeElement && document.activeElement.blur && document.activeElement.blur();
      window.__keys = { handler: [], painted: [] };
      window.__keyListener = (e) => {
        if (e.key !== 'x') return;
        const k = window.__keys;
        k.handler.push(performance.now() - e.timeStamp);
        requestAnimationFrame(() => setTimeout(() => k.painted.push(performance.now() - e.timeStamp), 0));
      };
      // Capture on window: it runs before the console's own listeners.
      window.addEventListener('keydown', window.__keyListener, true);
    })()`);
    const probe = new KeyProbe(page, cdp);
    const tick = (): void => {
      probe.sent++;
      probe.pending = probe.pending
        .then(() => cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', key: 'x', code: 'KeyX', text: 'x', windowsVirtualKeyCode: 88 }))
        .then(() => cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', key: 'x', code: 'KeyX', windowsVirtualKeyCode: 88 }))
        .catch(() => undefined);
      probe.timer = setTimeout(tick, everyMs);
    };
    tick();
    return probe;
  }

  /** Stops pressing; the delays to the handler and to the painted frame (ms), and how many presses were sent. */
  async stop(): Promise<{ handler: number[]; painted: number[]; sent: number }> {
    if (this.timer) clearTimeout(this.timer);
    await this.pending;
    await this.page.waitForFunction((n) => (window as unknown as { __keys: { painted: number[] } }).__keys.painted.length >= n, this.sent, { timeout: 10_000 }).catch(() => undefined);
    const keys = (await this.page.evaluate(`(() => {
      window.removeEventListener('keydown', window.__keyListener, true);
      return window.__keys;
    })()`)) as { handler: number[]; painted: number[] };
    await this.cdp.detach();
    return { ...keys, sent: this.sent };
  }
}

/** Chromium's sampling profiler over a stretch of the run: the top functions by self time. */
export class Profile {
  private constructor(private readonly cdp: CDPSession) {}

  static async start(page: Page): Promise<Profile> {
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
    return new Profile(cdp);
  }

  async stop(top = 25): Promise<string> {
    const { profile } = await this.cdp.send('Profiler.stop');
    await this.cdp.detach();
    const self = new Map<string, number>();
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    (profile.samples ?? []).forEach((id, i) => {
      const n = byId.get(id)!;
      const k = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`;
      self.set(k, (self.get(k) ?? 0) + (profile.timeDeltas?.[i] ?? 0) / 1000);
    });
    return [...self].sort((x, y) => y[1] - x[1]).slice(0, top).map(([k, v]) => `${v.toFixed(0).padStart(6)} ms  ${k}`).join('\n');
  }
}
