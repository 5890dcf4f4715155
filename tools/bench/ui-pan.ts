import type { Page } from '@playwright/test';
import { frameStats, type FrameStats } from './frames.js';

/**
 * Frame times while the floor plan is dragged around in circles for 2 s. The drag is made of
 * mouse events dispatched in the page, one per frame: driving it from outside would time the
 * remote-control round trip instead of the map.
 */
export async function panFrames(page: Page): Promise<FrameStats> {
  // A string, not a function: the bundler would wrap named callbacks in a helper the page lacks.
  const deltas = await page.evaluate(`(async () => {
    const el = document.querySelector('[data-testid="floor-map"] .leaflet-container');
    const box = el.getBoundingClientRect();
    const cx = box.left + box.width / 2, cy = box.top + box.height / 2;
    const at = (type, target, x, y) => target.dispatchEvent(new MouseEvent(type, { clientX: x, clientY: y, bubbles: true, cancelable: true, button: 0, buttons: 1, view: window }));
    at('mousedown', el, cx, cy);
    const pane = el.querySelector('.leaflet-map-pane');
    const seen = new Set();
    const out = [];
    let last = performance.now();
    const end = last + 2000;
    for (let i = 0; last < end; i++) {
      await new Promise((r) => requestAnimationFrame(r));
      const now = performance.now();
      out.push(now - last);
      last = now;
      at('mousemove', el, cx + Math.cos(i / 10) * 150, cy + Math.sin(i / 10) * 100);
      seen.add(pane.style.transform);
    }
    // A drag that moved nothing would time an idle page.
    if (seen.size < 10) throw new Error('the drag did not move the map (' + seen.size + ' positions)');
    at('mouseup', el, cx, cy);
    return out.slice(1);
  })()`) as number[];
  return frameStats(deltas);
}

