// The rule is shared: the browser console notifies by the same one.
export { AlarmNotifier, NOTIFY_PRIORITY } from '../../shared/alarms/alarm-notifier.js';
