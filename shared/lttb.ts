export type Sample = [t: number, v: number];

/** A series as columns: what the store decodes, without a small array per sample. */
export interface Columns {
  times: Float64Array;
  values: Float64Array;
}

/**
 * Largest-Triangle-Three-Buckets: keeps the visual shape of a series at `threshold` points,
 * so a chart's pixel width decides the payload, not the history's length. Works on columns:
 * a million samples cost two typed arrays, not a million tuples.
 */
export function lttbColumns({ times, values }: Columns, threshold: number): Sample[] {
  const n = times.length;
  const at = (i: number): Sample => [times[i]!, values[i]!];
  if (threshold >= n || threshold <= 0) return Array.from({ length: n }, (_, i) => at(i));
  if (threshold < 3) return threshold === 1 ? [at(0)] : [at(0), at(n - 1)];
  const out: Sample[] = [at(0)];
  const every = (n - 2) / (threshold - 2);
  let a = 0;
  for (let i = 0; i < threshold - 2; i++) {
    const nextStart = Math.floor((i + 1) * every) + 1;
    const nextEnd = Math.min(Math.floor((i + 2) * every) + 1, n);
    let avgT = 0;
    let avgV = 0;
    for (let j = nextStart; j < nextEnd; j++) { avgT += times[j]!; avgV += values[j]!; }
    const span = nextEnd - nextStart;
    avgT /= span;
    avgV /= span;
    const start = Math.floor(i * every) + 1;
    const end = Math.floor((i + 1) * every) + 1;
    const ta = times[a]!;
    const va = values[a]!;
    let best = -1;
    let pick = start;
    for (let j = start; j < end; j++) {
      const area = Math.abs((ta - avgT) * (values[j]! - va) - (ta - times[j]!) * (avgV - va));
      if (area > best) { best = area; pick = j; }
    }
    out.push(at(pick));
    a = pick;
  }
  out.push(at(n - 1));
  return out;
}

/** LTTB over samples as pairs. */
export function lttb(data: readonly Sample[], threshold: number): Sample[] {
  return lttbColumns({ times: Float64Array.from(data, (s) => s[0]), values: Float64Array.from(data, (s) => s[1]) }, threshold);
}
