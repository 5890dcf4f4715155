/** The words of video. */
export const video = {
  'video.snapshot': '{name} snapshot',
  'video.camerasFor': 'Cameras for {label}',
  'video.snapshot2': 'SNAPSHOT',
  'video.noCommunication': 'NO COMMUNICATION',
  'video.video': 'Video',
  'video.live': 'live',
  'video.snapshotAlt': 'snapshot',
} as const;
