import type net from 'node:net';
import WebSocket from 'ws';
import { afterEach, describe, expect, it } from 'vitest';
import type { WatchdeskApp } from '../electron/core/app.js';
import { streamGaps } from '../renderer/src/store/stream-gaps.js';
import type { StreamMessage } from '../shared/bridge.js';
import { startApp, until } from './support/app.js';

// Issue 19, defect 6: a client too far behind is caught up with what it missed.

let app: WatchdeskApp | null = null;
const sockets: WebSocket[] = [];
afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await app?.stop();
  app = null;
});

async function client(url: string, token: string): Promise<{ ws: WebSocket; messages: StreamMessage[] }> {
  const ws = new WebSocket(`${url.replace('http', 'ws')}api/v1/stream?token=${token}`);
  sockets.push(ws);
  const messages: StreamMessage[] = [];
  ws.on('message', (d) => messages.push(JSON.parse(String(d)) as StreamMessage));
  await new Promise((r) => ws.once('open', r));
  return { ws, messages };
}

const markers = (messages: StreamMessage[], where: 'events' | 'notifications'): number => {
  let n = 0;
  for (const m of messages) if (m.type === 'delta') for (const x of (m[where] ?? []) as Array<{ name?: string; text?: string }>) if ((x.name ?? x.text ?? '').startsWith('Marker')) n++;
  return n;
};

describe('a slow stream client (defect 6)', () => {
  it('is told what it missed when it catches up, and the console sees the gap', async () => {
    const started = await startApp({ streamFlushMs: 50 });
    app = started.app;
    const { ready, api } = started;
    const fast = await client(ready.url, api.token!);
    const slow = await client(ready.url, api.token!);
    // The slow console stops reading: the core's send buffer for it grows past 4 MiB.
    const raw = (slow.ws as unknown as { _socket: net.Socket })._socket;
    raw.pause();
    const stale = (app.hub as unknown as { stale: Map<WebSocket, unknown> }).stale;
    const big = 'x'.repeat(4000);
    const record = (name: string, description: string) => app!.events.record({ t: Date.now(), origin: 'system', deviceId: null, name, kind: 'instant', source: 'test', caption: name, description });
    await until('the slow client is behind', () => {
      for (let i = 0; i < 200; i++) record('Filler', big);
      return stale.size;
    }, (n) => n > 0, 30_000);
    for (let i = 0; i < 30; i++) {
      record(`Marker ${i}`, '');
      app.hub.notify({ kind: 'notify', text: `Marker ${i}`, level: 'info', at: Date.now() });
    }
    await until('the fast client has them all', () => markers(fast.messages, 'notifications'), (n) => n === 30);
    raw.resume();
    // Its catch-up: a fresh snapshot, then what it missed.
    const afterSnapshot = () => slow.messages.slice(slow.messages.findLastIndex((m) => m.type === 'snapshot'));
    await until('the slow client caught up', () => slow.messages.filter((m) => m.type === 'snapshot').length >= 2 && afterSnapshot().length >= 2, Boolean, 30_000);
    const catchUp = afterSnapshot()[1] as Extract<StreamMessage, { type: 'delta' }>;
    expect(catchUp.eventsDropped).toBeGreaterThanOrEqual(30);
    expect(markers(slow.messages, 'notifications')).toBe(30);
    // The console's rule: a gap in seq, or events left out, means fetch the events back.
    const gaps = streamGaps();
    expect(slow.messages.map(gaps).filter(Boolean).length).toBeGreaterThan(0);
    expect((await api.get('/events?text=Marker&limit=100')).body).toHaveLength(30);
  }, 60_000);

  it('the console refetches on any seq gap, a reconnect or a core restart', () => {
    const gaps = streamGaps();
    const delta = (seq: number, eventsDropped = 0): StreamMessage => ({ type: 'delta', seq, at: 0, devices: [], removedDevices: [], events: [], eventsDropped });
    expect([delta(1), delta(2), delta(3)].map(gaps)).toEqual([false, false, false]);
    expect(gaps(delta(7))).toBe(true);
    expect(gaps(delta(8, 2))).toBe(true);
    // Restarted core: seq starts over.
    expect(gaps(delta(1))).toBe(true);
    expect(gaps(delta(2))).toBe(false);
  });
});
