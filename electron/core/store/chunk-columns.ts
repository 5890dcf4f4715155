import type { Columns } from '../../../shared/lttb.js';
import { decodeChunkColumn } from './chunk-codec.js';

/**
 * One point's samples in [from, to] out of chunk rows (raw or packed, oldest first), for both
 * stores: NaN (no value in that frame) left out, oldest first.
 */
export function columnsFromChunks(rows: Iterable<{ points: readonly string[]; data: Uint8Array }>, point: string, from: number, to: number, onUnreadable: () => void): Columns {
  const parts: Columns[] = [];
  let total = 0;
  for (const row of rows) {
    const col = row.points.indexOf(point);
    if (col < 0) continue;
    let decoded: { times: Float64Array; values: Float64Array };
    try {
      decoded = decodeChunkColumn(row.data, col);
    } catch {
      onUnreadable();
      continue;
    }
    const { times, values } = decoded;
    let n = 0;
    for (let i = 0; i < times.length; i++) {
      const t = times[i]!;
      const v = values[i]!;
      if (t >= from && t <= to && v === v) { times[n] = t; values[n] = v; n++; }
    }
    parts.push({ times: times.subarray(0, n), values: values.subarray(0, n) });
    total += n;
  }
  return concatSorted(parts, total);
}

function concatSorted(parts: Columns[], total: number): Columns {
  const times = new Float64Array(total);
  const values = new Float64Array(total);
  let at = 0;
  for (const p of parts) { times.set(p.times, at); values.set(p.values, at); at += p.times.length; }
  // Blocks and chunks of one device never overlap in time, but a clock step back could reorder them.
  for (let i = 1; i < total; i++) {
    if (times[i]! < times[i - 1]!) {
      const order = Array.from({ length: total }, (_, k) => k).sort((x, y) => times[x]! - times[y]! || x - y);
      return { times: Float64Array.from(order, (k) => times[k]!), values: Float64Array.from(order, (k) => values[k]!) };
    }
  }
  return { times, values };
}
