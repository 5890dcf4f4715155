import { useEffect, useRef, useState } from 'react';
import type { Bridge } from '../../../../shared/bridge.js';
import { AlarmNotifier } from '../../../../shared/alarms/alarm-notifier.js';
import type { Notification as AlarmNotification } from '../../../../shared/alarms/definitions.js';
import type { PreloadBridge } from '../../bridge/ipc-bridge.js';
import { useConsole } from '../../store/console-store.js';
import { alarmMarker } from '../map/markers.js';

/**
 * Brings an alarm to the operator, as its Map button does: the map that holds its source
 * opens, centres on it and flashes it, and its row scrolls into view. The caller shows the
 * monitoring view first.
 */
export function openAlarm(id: number): void {
  const s = useConsole.getState();
  const alarm = s.alarms[id];
  const key = alarm ? alarmMarker(alarm) : null;
  if (key) s.focusOn(key);
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
    <button data-testid="notifications-enable" title="Show urgent alarms as system notifications; a click opens the alarm on its map"
      onClick={() => void Notification.requestPermission().then(setPermission)}>Alarm notifications</button>
  );
}
