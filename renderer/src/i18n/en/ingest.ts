/** The words of ingest. */
export const ingest = {
  'ingest.online': 'online',
  'ingest.neverSeen': 'never seen',
  'ingest.offline': 'offline',
  'ingest.notANumber': 'not a number: "{raw}"',
  'ingest.devices': 'Devices',
  'ingest.noDevicesYetTurn': 'No devices yet. Turn on the demo, or add a device for your HALO.',
  'ingest.device': 'Device',
  'ingest.deviceId': 'Device id',
  'ingest.lastSeen': 'Last seen',
  'ingest.unmatchedDeviceIds': 'Unmatched device ids',
  'ingest.frames': 'Frames',
  'ingest.sample': 'Sample',
  'ingest.connecting': 'Connecting…',
} as const;
