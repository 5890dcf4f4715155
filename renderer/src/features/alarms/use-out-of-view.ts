import { useEffect, useState, type RefObject } from 'react';

/** How many rows of a scrolling list sit above and below what the operator sees. */
export function rowsOutOfView(container: HTMLElement, rowSelector: string): { above: number; below: number } {
  const box = container.getBoundingClientRect();
  let above = 0;
  let below = 0;
  for (const row of container.querySelectorAll<HTMLElement>(rowSelector)) {
    const r = row.getBoundingClientRect();
    // A row counts as seen when at least half of it shows.
    const middle = (r.top + r.bottom) / 2;
    if (middle < box.top) above++;
    else if (middle > box.bottom) below++;
  }
  return { above, below };
}

/**
 * Recounts on scroll, on resize (the operator drags the list's edge) and when the rows change.
 * Off (`enabled` false) where the list counts by other means: its rows are not all drawn.
 */
export function useOutOfView(ref: RefObject<HTMLElement | null>, rowSelector: string, rowsKey: unknown, enabled = true): { above: number; below: number } {
  const [count, setCount] = useState({ above: 0, below: 0 });
  useEffect(() => {
    const el = ref.current;
    if (!el || !enabled) return;
    const update = (): void => setCount((c) => { const n = rowsOutOfView(el, rowSelector); return n.above === c.above && n.below === c.below ? c : n; });
    update();
    el.addEventListener('scroll', update, { passive: true });
    const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver(update);
    observer?.observe(el);
    return () => { el.removeEventListener('scroll', update); observer?.disconnect(); };
  }, [ref, rowSelector, rowsKey, enabled]);
  return count;
}
