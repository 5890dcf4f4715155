export type Sample = [t: number, v: number];

/**
 * Largest-Triangle-Three-Buckets: keeps the visual shape of a series at `threshold` points,
 * so a chart's pixel width decides the payload, not the history's length.
 */
export function lttb(data: readonly Sample[], threshold: number): Sample[] {
  const n = data.length;
  if (threshold >= n || threshold <= 0) return data.slice();
  if (threshold < 3) return threshold === 1 ? [data[0]!] : [data[0]!, data[n - 1]!];
  const out: Sample[] = [data[0]!];
  const every = (n - 2) / (threshold - 2);
  let a = 0;
  for (let i = 0; i < threshold - 2; i++) {
    const nextStart = Math.floor((i + 1) * every) + 1;
    const nextEnd = Math.min(Math.floor((i + 2) * every) + 1, n);
    let avgT = 0;
    let avgV = 0;
    for (let j = nextStart; j < nextEnd; j++) { avgT += data[j]![0]; avgV += data[j]![1]; }
    const span = nextEnd - nextStart;
    avgT /= span;
    avgV /= span;
    const start = Math.floor(i * every) + 1;
    const end = Math.floor((i + 1) * every) + 1;
    const [at, av] = data[a]!;
    let best = -1;
    let pick = start;
    for (let j = start; j < end; j++) {
      const [t, v] = data[j]!;
      const area = Math.abs((at - avgT) * (v - av) - (at - t) * (avgV - av));
      if (area > best) { best = area; pick = j; }
    }
    out.push(data[pick]!);
    a = pick;
  }
  out.push(data[n - 1]!);
  return out;
}
