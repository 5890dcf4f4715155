import { SqliteStore } from '../../electron/core/store/sqlite-store.js';
import { HOUR } from '../../electron/core/store/rollups.js';
import { historyDb } from './history-data.js';
const h = historyDb(console.log);
const store = new SqliteStore(h.dir);
const Y = 365 * 24 * HOUR;
for (let i = 0; i < 5; i++) { const t = performance.now(); store.series.query(h.yearDevice, 'Noise', h.end - Y, h.end, 1000); console.log('q', performance.now() - t); }
let t = performance.now();
const m = store.series.minutes(h.yearDevice, 'Noise', h.end - Y, h.end);
console.log('minutes', performance.now() - t, m.t.length);
const db = (store as any).db;
t = performance.now();
const rows = db.prepare('SELECT hour, data FROM rollups WHERE device = ? AND point = ? AND hour >= ? AND hour <= ? ORDER BY hour').all(1, 'Noise', Math.floor((h.end - Y) / HOUR), Math.floor(h.end / HOUR));
console.log('sql only', performance.now() - t, rows.length, rows.reduce((a: number, r: any) => a + r.data.length, 0));
console.log(db.prepare('EXPLAIN QUERY PLAN SELECT hour, data FROM rollups WHERE device = ? AND point = ? AND hour >= ? AND hour <= ? ORDER BY hour').all(1, 'Noise', 1, 2));
