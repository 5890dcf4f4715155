import { useCallback, useLayoutEffect, useRef, type ReactNode, type Ref } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { AlarmView } from '../../../../shared/alarms/definitions.js';
import type { FloodGroup } from '../../../../shared/alarms/flood-groups.js';
import type { FloodRole } from './alarm-row.js';
import { useOutOfView } from './use-out-of-view.js';

export type ListItem =
  | { kind: 'group'; group: FloodGroup }
  | { kind: 'alarm'; alarm: AlarmView; flood: FloodRole }
  | { kind: 'detail'; alarm: AlarmView };

export const itemKey = (item: ListItem): string =>
  item.kind === 'group' ? `g:${item.group.key}` : item.kind === 'alarm' ? `a:${item.alarm.id}` : `d:${item.alarm.id}`;

function roleIn(g: FloodGroup, id: number): FloodRole {
  const cause = g.causes.includes(id);
  const first = g.firstOutId === id;
  return cause && first ? 'cause first-out' : cause ? 'cause' : first ? 'first-out' : 'member';
}

/**
 * The list as the operator reads it, one item per table row: a flood takes the place of its most
 * urgent member, as one row; an open group shows its members under it, cause and first out on
 * top; the open alarm's details follow its row.
 */
export function listItems(rows: readonly AlarmView[], groupOf: ReadonlyMap<number, FloodGroup>, open: ReadonlySet<string>, detail: number | null): ListItem[] {
  const out: ListItem[] = [];
  const placed = new Set<string>();
  const push = (a: AlarmView, flood: FloodRole): void => {
    out.push({ kind: 'alarm', alarm: a, flood });
    if (a.id === detail) out.push({ kind: 'detail', alarm: a });
  };
  for (const a of rows) {
    const g = groupOf.get(a.id);
    if (!g) { push(a, 'none'); continue; }
    if (placed.has(g.key)) continue;
    placed.add(g.key);
    out.push({ kind: 'group', group: g });
    if (open.has(g.key)) for (const m of g.members) push(m, roleIn(g, m.id));
  }
  return out;
}

/** Up to this many rows the list is drawn whole; past it, only the rows in view and a few around them. */
export const WHOLE_UP_TO = 60;
const ROW = 34;
const DETAIL = 240;
const ALARM_ROW = '[data-testid^="alarm-row-"]';

export interface OutOfView { above: number; below: number }

/**
 * The scrolling table of alarms. A flood of thousands draws only the rows in view: group rows,
 * member rows and detail rows are items of one virtual list, each measured as drawn (actions
 * and notes wrap). The footer's count of rows out of view comes from the same measurements,
 * not from reading every row's box on each scroll.
 */
export function AlarmList({ items, head, renderItem, footer, onPointing }: {
  items: readonly ListItem[];
  head: ReactNode;
  renderItem: (item: ListItem, index: number, measure: Ref<HTMLTableRowElement> | undefined) => ReactNode;
  footer: (out: OutOfView) => ReactNode;
  onPointing: (on: boolean) => void;
}) {
  const scroller = useRef<HTMLDivElement>(null);
  const headRef = useRef<HTMLTableSectionElement>(null);
  const headHeight = useRef(0);
  const whole = items.length <= WHOLE_UP_TO;
  const virtual = useVirtualizer({
    count: whole ? 0 : items.length,
    // A short list needs no window: off, it does not read the list's box (a forced layout) on every change.
    enabled: !whole,
    getScrollElement: () => scroller.current,
    estimateSize: useCallback((i: number) => (items[i]?.kind === 'detail' ? DETAIL : ROW), [items]),
    getItemKey: useCallback((i: number) => (items[i] ? itemKey(items[i]) : i), [items]),
    overscan: 8,
  });
  // The header's height, once: reading it on every render would force a layout each time.
  useLayoutEffect(() => { if (!whole && headHeight.current === 0) headHeight.current = headRef.current?.offsetHeight ?? 0; });
  // A short list is all in the DOM: count its rows by their boxes, as drawn.
  const drawn = useOutOfView(scroller, ALARM_ROW, items, whole);
  let out: OutOfView = drawn;
  let body: ReactNode[];
  if (whole) body = items.map((item, i) => renderItem(item, i, undefined));
  else {
    const shown = virtual.getVirtualItems();
    const top = shown.length ? shown[0]!.start : 0;
    const bottom = shown.length ? virtual.getTotalSize() - shown[shown.length - 1]!.end : 0;
    body = [
      top > 0 && <tr key="space-above" aria-hidden style={{ height: top }} />,
      ...shown.map((v) => renderItem(items[v.index]!, v.index, virtual.measureElement)),
      bottom > 0 && <tr key="space-below" aria-hidden style={{ height: bottom }} />,
    ];
    out = countOutOfView(items, virtual.measurementsCache, (virtual.scrollOffset ?? 0) - headHeight.current, virtual.scrollRect?.height ?? 0);
  }
  return (
    <>
      <div className="alarm-scroll" ref={scroller} data-testid="alarm-scroll">
        <table data-testid="alarm-table" role="grid">
          <thead ref={headRef}>{head}</thead>
          <tbody onPointerEnter={() => onPointing(true)} onPointerLeave={() => onPointing(false)}>{body}</tbody>
        </table>
      </div>
      {footer(out)}
    </>
  );
}

/** Alarm rows whose middle lies above or below the window [from, from + height) of the rows' own coordinates. */
export function countOutOfView(items: readonly ListItem[], boxes: ReadonlyArray<{ start: number; end: number }>, from: number, height: number): OutOfView {
  let above = 0;
  let below = 0;
  for (let i = 0; i < items.length && i < boxes.length; i++) {
    if (items[i]!.kind !== 'alarm') continue;
    const middle = (boxes[i]!.start + boxes[i]!.end) / 2;
    if (middle < from) above++;
    else if (middle > from + height) below++;
  }
  return { above, below };
}
