import { useEffect, useRef, useState, type RefObject } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { Bridge, SeriesReply } from '../../../../shared/bridge.js';
import type { AlarmPeriod } from '../../../../shared/alarms/periods.js';
import { useConsole } from '../../store/console-store.js';
import { resolveWindow, type ChartWindow } from './chart-window.js';

/** Recharts stays smooth up to a couple of thousand points; the server downsamples to this. */
export const MAX_POINTS = 1500;

/** Appends a live value to a series, dropping what slid out of the window, at most MAX_POINTS kept. */
export function appendLive(s: SeriesReply, t: number, v: number, windowFrom: number): SeriesReply {
  const last = s.samples[s.samples.length - 1];
  if (last && last[0] >= t) return s;
  let start = 0;
  while (start < s.samples.length && s.samples[start]![0] < windowFrom) start++;
  const from = Math.max(start, s.samples.length + 1 - MAX_POINTS);
  const samples = s.samples.slice(from);
  samples.push([t, v]);
  // A rollup chart's band stays aligned with its points; a live value is its own low and high.
  const band = s.min && s.max ? { min: [...s.min.slice(from), v], max: [...s.max.slice(from), v] } : {};
  return { ...s, to: t, total: s.total + 1, samples, ...band };
}

/** The low–high band of a rollup series, point by point; none for raw samples. */
export function bandOf(s: SeriesReply | undefined): Array<[number, number, number]> | undefined {
  if (!s?.min || !s.max) return undefined;
  const { min, max } = s;
  return s.samples.map(([t], i) => [t, min[i] ?? NaN, max[i] ?? NaN]);
}

/**
 * History for each device's point, downsampled on the server to the chart's width; then, in a
 * live window, the tail appends from the stream without fetching the history again.
 */
export function useSeries(bridge: Bridge, deviceIds: number[], point: string, chartWindow: ChartWindow, box: RefObject<HTMLElement | null>): Record<number, SeriesReply> {
  const [series, setSeries] = useState<Record<number, SeriesReply>>({});
  const key = deviceIds.join(',');
  // The chart's width from a ResizeObserver: reading clientWidth here would force a reflow of
  // the whole console on every device switch (~60 ms with thousands of devices).
  // The box may appear only after the first render (the chart waits for a device), so the
  // observer is attached on the first render that has it, and kept until the chart goes.
  const width = useRef(800);
  const observer = useRef<ResizeObserver | null>(null);
  useEffect(() => {
    if (!box.current || observer.current || typeof ResizeObserver === 'undefined') return;
    observer.current = new ResizeObserver(([entry]) => { if (entry) width.current = entry.contentRect.width; });
    observer.current.observe(box.current);
  });
  useEffect(() => () => observer.current?.disconnect(), []);

  const latest = useConsole(useShallow((s) => deviceIds.map((id) => s.devices[id]?.latest[point])));
  // The stream's newest value per device, for a history that arrives after it: the query may
  // have read the store before that value was written, and the value would be missing.
  const newest = useRef(new Map<number, { t: number; v: number }>());
  newest.current = new Map(deviceIds.flatMap((id, i) => { const v = latest[i]; return v ? [[id, v] as const] : []; }));

  useEffect(() => {
    const { from, to } = resolveWindow(chartWindow, Date.now());
    const maxPoints = Math.min(MAX_POINTS, Math.max(100, Math.round(width.current)));
    const liveFrom = chartWindow.kind === 'live' ? Date.now() - chartWindow.span : null;
    let cancelled = false;
    setSeries({});
    for (const id of deviceIds) {
      void bridge.call('devices.series', { params: { id }, query: { point, from, to, maxPoints } })
        .then((s) => {
          if (cancelled) return;
          const v = liveFrom === null ? undefined : newest.current.get(id);
          setSeries((all) => ({ ...all, [id]: v && liveFrom !== null ? appendLive(s, v.t, v.v, liveFrom) : s }));
        })
        .catch(() => undefined);
    }
    return () => { cancelled = true; };
  }, [bridge, key, point, chartWindow]);

  useEffect(() => {
    if (chartWindow.kind !== 'live') return;
    const from = Date.now() - chartWindow.span;
    setSeries((all) => {
      let next = all;
      deviceIds.forEach((id, i) => {
        const v = latest[i];
        const s = all[id];
        if (!v || !s || s.point !== point) return;
        const appended = appendLive(s, v.t, v.v, from);
        if (appended !== s) next = { ...next, [id]: appended };
      });
      return next;
    });
  }, [latest]);

  return series;
}

/** When each device's alarms stood in the window; fetched again when one of its alarms changes. */
export function useAlarmPeriods(bridge: Bridge, deviceIds: number[], chartWindow: ChartWindow): Record<number, AlarmPeriod[]> {
  const [periods, setPeriods] = useState<Record<number, AlarmPeriod[]>>({});
  const key = deviceIds.join(',');
  const alarmStates = useConsole((s) => Object.values(s.alarms).filter((a) => a.source.deviceId !== null && deviceIds.includes(a.source.deviceId)).map((a) => `${a.id}:${a.state}`).join(','));
  useEffect(() => {
    const { from, to } = resolveWindow(chartWindow, Date.now());
    let cancelled = false;
    for (const id of deviceIds) {
      void bridge.call('devices.alarmPeriods', { params: { id }, query: { from, to } }).then((p) => { if (!cancelled) setPeriods((all) => ({ ...all, [id]: p })); }).catch(() => undefined);
    }
    return () => { cancelled = true; };
  }, [bridge, key, chartWindow, alarmStates]);
  return periods;
}
