import { useEffect, useRef, useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import { AlarmNotifier } from '../../../../shared/alarms/alarm-notifier.js';
import type { Notification as AlarmNotification } from '../../../../shared/alarms/definitions.js';
import type { PreloadBridge } from '../../bridge/ipc-bridge.js';
import { useConsole } from '../../store/console-store.js';
import { alarmMarker } from '../map/markers.js';
import { t } from '../../i18n/strings.js';

/**
 * Brings an alarm to the operator, as its Map button does: the map that holds its source
 * opens, centres on it and flashes it, and its row scrolls into view. The caller shows the
 * monitoring view first.
 */
export function openAlarm(id: number): void {
  const known = useConsole.getState().alarms[id];
  if (known) {
    bringUp(id, known);
    return;
  }
  // The click can outrun the stream (the desktop's main process hears of an alarm first, and a
  // reconnecting console catches up a moment later): wait a little for the alarm to arrive.
  const stop = useConsole.subscribe((s) => {
    const alarm = s.alarms[id];
    if (!alarm) return;
    stop();
    clearTimeout(giveUp);
    bringUp(id, alarm);
  });
  const giveUp = setTimeout(stop, 10_000);
}

function bringUp(id: number, alarm: Parameters<typeof alarmMarker>[0]): void {
  const key = alarmMarker(alarm);
  if (key) useConsole.getState().focusOn(key);
  // After the monitoring view has rendered.
  setTimeout(() => {
    document.querySelector(`[data-testid="alarm-row-${id}"]`)?.scrollIntoView({ block: 'nearest' });
    if (key) document.querySelector('[data-testid="floor-map"]')?.scrollIntoView({ block: 'nearest' });
  }, 50);
}

/** The desktop app's main process notifies natively; a browser console does it itself. */
const browserNotifies = (bridge: Bridge): boolean => typeof Notification !== 'undefined' && !(bridge as PreloadBridge).onFocusAlarm;

/**
 * In a browser, an urgent alarm that is raised while the console is open shows a system
 * notification (the same rule as the desktop app's); clicking it brings the console forward
 * and opens the alarm.
 */
export function useBrowserNotifications(bridge: Bridge, onOpen: (id: number) => void): void {
  const notifications = useConsole((s) => s.notifications);
  const seen = useRef<WeakSet<AlarmNotification> | null>(null);
  const notifier = useRef(new AlarmNotifier());
  const open = useRef(onOpen);
  open.current = onOpen;
  useEffect(() => {
    // What was there when the console opened has been seen.
    if (!seen.current) { seen.current = new WeakSet(notifications); return; }
    const fresh = notifications.filter((n) => !seen.current!.has(n));
    for (const n of fresh) seen.current.add(n);
    if (!browserNotifies(bridge) || Notification.permission !== 'granted') return;
    const alarms = useConsole.getState().alarms;
    const raised = fresh.flatMap((n) => (n.kind === 'alarm' && n.alarmId !== undefined && alarms[n.alarmId] ? [alarms[n.alarmId]!] : []));
    for (const a of notifier.current.decide(raised)) {
      const shown = new Notification(`Priority ${a.priority}: ${a.name}`, { body: `${a.source.name}${a.procedure ? ` — ${a.procedure}` : ''}`, tag: `watchdesk-alarm-${a.id}`, requireInteraction: true });
      shown.onclick = () => {
        window.focus();
        shown.close();
        open.current(a.id);
      };
    }
  }, [notifications, bridge]);
}

/** Asks the browser, once, to let the console show system notifications for urgent alarms. */
export function NotificationsButton({ bridge }: { bridge: Bridge }) {
  const [permission, setPermission] = useState(() => (browserNotifies(bridge) ? Notification.permission : 'granted'));
  if (permission !== 'default') return null;
  return (
    <button data-testid="notifications-enable" className="icon" aria-label={t('alarms.alarmNotifications')} title={t('alarms.alarmNotificationsShowUrgent')}
      onClick={() => void Notification.requestPermission().then(setPermission)}>
      {/* A drawn bell: an emoji needs a font the control room's machine may not have. */}
      <svg width="14" height="14" viewBox="0 0 16 16" aria-hidden="true" fill="currentColor"><path d="M8 16a2 2 0 0 0 2-2H6a2 2 0 0 0 2 2zm5-5V7a5 5 0 0 0-4-4.9V1a1 1 0 1 0-2 0v1.1A5 5 0 0 0 3 7v4l-1.5 1.5V13h13v-.5L13 11z" /></svg>
    </button>
  );
}
