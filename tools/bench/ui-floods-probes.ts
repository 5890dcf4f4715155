import { writeFileSync } from 'node:fs';
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

  async stop(top = Number(process.env.BENCH_PROFILE_TOP ?? 25)): Promise<string> {
    const { profile } = await this.cdp.send('Profiler.stop');
    await this.cdp.detach();
    if (process.env.BENCH_PROFILE_FILE) writeFileSync(process.env.BENCH_PROFILE_FILE, JSON.stringify(profile));
    const self = new Map<string, number>();
    const total = new Map<string, number>();
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const keyOf = (id: number): string => { const f = byId.get(id)!.callFrame; return `${f.functionName || '(anon)'} ${f.url.split('/').pop()}:${f.lineNumber}:${f.columnNumber}`; };
    (profile.samples ?? []).forEach((id, i) => {
      const ms = (profile.timeDeltas?.[i] ?? 0) / 1000;
      self.set(keyOf(id), (self.get(keyOf(id)) ?? 0) + ms);
      // Inclusive: once per function on the sample's stack, however deep it recurses.
      const seen = new Set<string>();
      for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) seen.add(keyOf(n));
      for (const k of seen) total.set(k, (total.get(k) ?? 0) + ms);
    });
    // The longest busy stretches (no idle sample in them), each with its heaviest functions.
    const stretches: Array<{ ms: number; total: Map<string, number> }> = [];
    let current: { ms: number; total: Map<string, number> } | null = null;
    (profile.samples ?? []).forEach((id, i) => {
      const ms = (profile.timeDeltas?.[i] ?? 0) / 1000;
      if (byId.get(id)!.callFrame.functionName === '(idle)') { if (current) stretches.push(current); current = null; return; }
      current ??= { ms: 0, total: new Map() };
      current.ms += ms;
      const seen = new Set<string>();
      for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) seen.add(keyOf(n));
      for (const k of seen) current.total.set(k, (current.total.get(k) ?? 0) + ms);
    });
    const longest = stretches.sort((x, y) => y.ms - x.ms).slice(0, 4)
      .map((st) => `busy stretch ${st.ms.toFixed(0)} ms:\n${[...st.total].filter(([k]) => /^[A-Z(]|^use|Groups|Order|Alarms|reduce|apply|listItems|keep|count|flush|dispatch|onmessage/.test(k) && !k.startsWith('(root)')).sort((x, y) => y[1] - x[1]).slice(0, 25).map(([k, v]) => `${v.toFixed(0).padStart(6)} ms  ${k}`).join('\n')}`);
    const list = (m: Map<string, number>): string => [...m].sort((x, y) => y[1] - x[1]).slice(0, top).map(([k, v]) => `${v.toFixed(0).padStart(6)} ms  ${k}`).join('\n');
    return `self time:\n${list(self)}\ntotal time:\n${list(total)}\n${longest.join('\n')}`;
  }
}

interface TraceEvent { name: string; ph: string; ts: number; dur?: number; tid: number; pid: number; args?: { name?: string; elementCount?: number; beginData?: { dirtyObjects?: number; totalObjects?: number } } }

/**
 * Where the page's main thread spends a stretch: time per trace event name (JavaScript,
 * style, layout, paint...), and the longest tasks broken down the same way. From a Chromium
 * trace (`devtools.timeline`): the sampling profiler lumps style, layout and paint together
 * as "(program)".
 */
export function summariseTrace(json: Buffer, top = 5): string {
  const events = (JSON.parse(json.toString('utf8')) as { traceEvents: TraceEvent[] }).traceEvents;
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  if (!main) return 'no renderer main thread in the trace';
  const mine = events.filter((e) => e.tid === main.tid && e.pid === main.pid && e.ph === 'X' && e.dur !== undefined).sort((x, y) => x.ts - y.ts);
  const tasks = mine.filter((e) => e.name === 'RunTask');
  // Self time per name inside tasks: an event's duration minus its direct children's.
  const breakdown = (from: number, to: number): Map<string, number> => {
    const inside = mine.filter((e) => e.ts >= from && e.ts + e.dur! <= to && e.name !== 'RunTask');
    const self = new Map<string, number>();
    const stack: TraceEvent[] = [];
    for (const e of inside) {
      while (stack.length && stack.at(-1)!.ts + stack.at(-1)!.dur! <= e.ts) stack.pop();
      const parent = stack.at(-1);
      if (parent) self.set(parent.name, (self.get(parent.name) ?? 0) - e.dur!);
      self.set(e.name, (self.get(e.name) ?? 0) + e.dur!);
      stack.push(e);
    }
    return self;
  };
  const line = (m: Map<string, number>, n: number): string => [...m].sort((x, y) => y[1] - x[1]).slice(0, n).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`).join(', ');
  const total = tasks.reduce((n, t) => n + t.dur!, 0);
  const all = new Map<string, number>();
  for (const t of tasks) for (const [k, v] of breakdown(t.ts, t.ts + t.dur!)) all.set(k, (all.get(k) ?? 0) + v);
  const longest = [...tasks].sort((x, y) => y.dur! - x.dur!).slice(0, top);
  const styles = mine.filter((e) => e.name === 'UpdateLayoutTree');
  const layouts = mine.filter((e) => e.name === 'Layout');
  return [
    `style recalcs ${styles.length}, ${styles.reduce((n, e) => n + (e.args?.elementCount ?? 0), 0)} elements in all, the largest ${Math.max(0, ...styles.map((e) => e.args?.elementCount ?? 0))}; layouts ${layouts.length}, objects laid out ${layouts.reduce((n, e) => n + (e.args?.beginData?.dirtyObjects ?? 0), 0)} of ${Math.max(0, ...layouts.map((e) => e.args?.beginData?.totalObjects ?? 0))} at most`,
    `main thread busy ${(total / 1000).toFixed(0)} ms in ${tasks.length} tasks; self ms: ${line(all, 14)}`,
    ...longest.map((t) => `  task ${(t.dur! / 1000).toFixed(1)} ms: ${line(breakdown(t.ts, t.ts + t.dur!), 8)}`),
  ].join('\n');
}
