// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { cleanup, render, screen } from '@testing-library/react';
import { AlarmPanel } from '../../renderer/src/features/alarms/alarm-panel.js';
import { countOutOfView, listItems, WHOLE_UP_TO, type ListItem } from '../../renderer/src/features/alarms/alarm-list.js';
import { useConsole } from '../../renderer/src/store/console-store.js';
import type { FloodGroup } from '../../shared/alarms/flood-groups.js';
import { alarm, fakeBridge } from './fake-bridge.js';

afterEach(cleanup);

const describeItem = (i: ListItem): string => (i.kind === 'group' ? `group ${i.group.key}` : i.kind === 'alarm' ? `${i.alarm.id} ${i.flood}` : `detail ${i.alarm.id}`);

describe('the alarm list as items', () => {
  const [a1, a2, a3, a4, a5] = [1, 2, 3, 4, 5].map((id) => alarm(id));
  // 2 is the cause, 4 the first out; 3 and 4 are members too.
  const group = { key: 'cause:c', members: [a2!, a4!, a3!], firstOutId: 4, causes: [2] } as unknown as FloodGroup;
  const groupOf = new Map([[2, group], [3, group], [4, group]]);

  it('puts the group where its most urgent member sorts, its members under it only when open, and the details under their alarm', () => {
    const rows = [a1!, a3!, a2!, a4!, a5!];
    expect(listItems(rows, groupOf, new Set(), null).map(describeItem)).toEqual(['1 none', 'group cause:c', '5 none']);
    expect(listItems(rows, groupOf, new Set(['cause:c']), 4).map(describeItem)).toEqual(['1 none', 'group cause:c', '2 cause', '4 first-out', 'detail 4', '3 member', '5 none']);
    expect(listItems(rows, groupOf, new Set(), 5).map(describeItem)).toEqual(['1 none', 'group cause:c', '5 none', 'detail 5']);
  });

  it('counts alarm rows out of view from their measured boxes, not group or detail rows', () => {
    const items = listItems([a1!, a2!, a5!], groupOf, new Set(['cause:c']), 5);
    // group 0–30, 2: 30–60, 4: 60–90, 3: 90–120, 1 … in this order: 1, group, 2, 4, 3, 5, detail 5.
    const boxes = items.map((_, i) => ({ start: i * 30, end: i * 30 + 30 }));
    expect(items.map(describeItem)).toEqual(['1 none', 'group cause:c', '2 cause', '4 first-out', '3 member', '5 none', 'detail 5']);
    expect(countOutOfView(items, boxes, 60, 60)).toEqual({ above: 1, below: 2 });
    expect(countOutOfView(items, boxes, 0, 1000)).toEqual({ above: 0, below: 0 });
  });
});

describe('a long alarm list', () => {
  // happy-dom lays nothing out: the list is 300 px high and a row 34 px.
  const clientHeight = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'clientHeight');
  const rowBox = Object.getOwnPropertyDescriptor(HTMLElement.prototype, 'offsetHeight');
  const Observer = window.ResizeObserver;
  beforeEach(() => {
    // Its observer would report every row 0 px high.
    (window as { ResizeObserver?: unknown }).ResizeObserver = undefined;
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get(this: HTMLElement) { return this.dataset.testid === 'alarm-scroll' ? 300 : 0; } });
    Object.defineProperty(HTMLElement.prototype, 'offsetHeight', { configurable: true, get(this: HTMLElement) { return this.tagName === 'TR' ? 34 : 0; } });
    // 300 alarms of 300 definitions: no flood, 300 rows.
    const alarms = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [i + 1, alarm(i + 1, { definitionId: `D${i}`, name: `Alarm ${i}`, priority: 10 + i })]));
    useConsole.setState({ session: { username: 'olga', role: 'operator', expiresAt: 0 }, muted: true, notifications: [], alarms });
  });
  afterEach(() => {
    window.ResizeObserver = Observer;
    // Back to what happy-dom had: its own property, or the one it inherits.
    const proto = HTMLElement.prototype as unknown as Record<string, unknown>;
    if (clientHeight) Object.defineProperty(proto, 'clientHeight', clientHeight);
    else delete proto.clientHeight;
    if (rowBox) Object.defineProperty(proto, 'offsetHeight', rowBox);
    else delete proto.offsetHeight;
  });

  it('draws only the rows in view and a few around them, and says how many more there are', () => {
    render(<AlarmPanel bridge={fakeBridge()} />);
    const drawn = screen.queryAllByTestId(/^alarm-row-/);
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn.length).toBeLessThan(WHOLE_UP_TO);
    expect(drawn[0]!.getAttribute('data-testid')).toBe('alarm-row-1');
    expect(screen.getByTestId('alarm-out-of-view').textContent).toMatch(/^300 shown · \d+ more below/);
  });
});
