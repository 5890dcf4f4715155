/**
 * The console's words, in one catalogue per language, so a translation is one new object.
 * Only English exists; a key missing from another language falls back to English.
 */
const en = {
  'tab.monitoring': 'Monitoring',
  'tab.dashboard': 'Dashboard',
  'tab.assets': 'Assets',
  'tab.integration': 'Devices & integration',
  'tab.rules': 'Rules',
  'tab.incidents': 'Incidents',
  'tab.reports': 'Reports',
  'tab.settings': 'Settings',
  'top.demoOff': 'Switch demo off',
  'top.demoOn': 'Switch demo on',
  'top.demoOffConfirm': 'Switch the demo off? Its simulated devices, cameras, doors and their alarms are removed.',
  'top.mute': 'Mute',
  'top.unmute': 'Unmute',
  'top.soundsOn': 'Alarm sounds are on: click to mute them',
  'top.soundsOff': 'Alarm sounds are off: click to hear them again',
  'top.help': 'Help',
  'top.helpTitle': 'Keyboard shortcuts (?)',
  'top.search': 'Search',
  'top.searchTitle': 'Search devices, assets and alarms (Ctrl+K)',
  'top.myPassword': 'My password…',
  'top.display': 'Display…',
  'top.logOut': 'Log out',
  'top.demoTitle': 'Simulated HALO devices; not a real site',
  'palette.title': 'Search devices, assets and alarms',
  'palette.placeholder': 'Device, door, camera, area or alarm…',
  'palette.none': 'Nothing matches.',
  'palette.hint': '↑ ↓ to choose, Enter to go there, Esc to close',
  'palette.alarm': 'Alarm',
  'palette.device': 'Device',
  'display.title': 'Display',
  'display.theme': 'Theme',
  'display.night': 'Night (dark)',
  'display.day': 'Day (light)',
  'display.fontSize': 'Text size',
  'display.language': 'Language',
  'display.note': 'Kept in this browser for {user}.',
  'display.close': 'Close',
  'alert.title': 'Repeating alert sound',
  'alert.explain': 'An unacknowledged alarm of this priority or more urgent sounds again until someone acknowledges it.',
  'alert.upTo': 'Repeat for priorities 1 to',
  'alert.off': '(0: never repeat)',
  'alert.every': 'every (seconds)',
  'alert.save': 'Save',
  'alert.saved': 'Saved: {what}.',
  'shortcut.search': 'Search devices, assets and alarms, and jump to one',
  'assets.monitors': 'Monitors',
  'assets.map': 'Map',
  'assets.mapTitle': 'Open the map that holds this area',
  'assets.notOnMap': 'not on a map',
  'assets.place': 'Place on a map…',
  'assets.placeTitle': 'Opens the maps: choose a floor, Edit map, pick these assets from the list and Place them',
  'assets.noCameraMulti': 'Cameras cannot be multi-selected: open one camera at a time.',
  'assets.securitySystem': 'Security system:',
  'assets.notConfigured': 'not configured',
  'assets.multiHint': 'Ctrl-click tiles to run one command on several doors, readers or outputs.',
  'assets.none': 'No security system is connected. An administrator sets it up under the site connection (PUT /api/v1/site/connection), or turns on the demo.',
  'assets.openCamera': 'Open this camera',
  'cameras.enlarge': 'Click to enlarge',
  'cameras.shrink': 'Click to shrink',
  'cameras.loading': 'Loading {name}…',
  'cameras.pick': 'Cameras…',
  'cameras.pickTitle': 'Choose the cameras that show {what}',
  'cameras.for': 'Cameras for {what}',
  'cameras.count': '({n} of at most {max})',
  'cameras.save': 'Save',
  'cameras.cancel': 'Cancel',
  'cameras.none': 'No camera linked to {what} or {area}.',
} as const;

export type StringKey = keyof typeof en;
type Catalogue = Partial<Record<StringKey, string>>;

export const LANGUAGES: Readonly<Record<string, { name: string; strings: Catalogue }>> = {
  en: { name: 'English', strings: en },
};

let current: Catalogue = en;

export function setLanguage(code: string): void {
  current = LANGUAGES[code]?.strings ?? en;
}

/** The operator's words for a key, with {name} placeholders filled in. */
export function t(key: StringKey, vars: Record<string, string | number> = {}): string {
  const text = current[key] ?? en[key];
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in vars ? String(vars[name]) : m));
}
