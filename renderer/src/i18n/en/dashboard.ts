/** The words of dashboard. */
export const dashboard = {
  'dashboard.noDevicesYetTurn': 'No devices yet. Turn on the demo, or add a device for your HALO.',
  'dashboard.device': 'Device',
  'dashboard.custom': 'Custom…',
  'dashboard.online': 'Online',
  'dashboard.offline': 'Offline',
  'dashboard.thisDeviceHasNot': 'This device has not reported any values yet.',
  'dashboard.dataPoints': '{n} data points',
} as const;
