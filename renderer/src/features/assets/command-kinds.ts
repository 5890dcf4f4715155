import type { StringKey } from '../../i18n/strings.js';

/** Camera moves: the PTZ panel carries them, one camera at a time. */
export const PTZ_COMMANDS: ReadonlySet<string> = new Set(['pan-tilt', 'zoom', 'stop-ptz', 'ptz-preset', 'cancel']);

/** Commands that need values: their fields and starting values. */
export const PARAM_FIELDS: Readonly<Record<string, Array<[name: string, initial: number | string, options?: string[]]>>> = {
  'aux-set': [['auxId', 1]], 'aux-clear': [['auxId', 1]], 'playback-bookmark': [['postPlaybackS', 30]],
  'trigger-output': [['outputLogicalId', 1], ['outputBehaviourLogicalId', 1]], 'set-reader-mode': [['mode', 'Card or Pin', ['Card and Pin', 'Card or Pin']]],
};

/** A command one click runs as it is: no values to give, no camera to steer. Map popups and selections offer only these. */
export const isOneClick = (command: string): boolean => !PTZ_COMMANDS.has(command) && !(command in PARAM_FIELDS);

/** The words an operator reads beside each value field. */
export const PARAM_LABELS: Readonly<Record<string, StringKey>> = {
  auxId: 'assets.param.auxId', postPlaybackS: 'assets.param.postPlaybackS', outputLogicalId: 'assets.param.outputLogicalId', outputBehaviourLogicalId: 'assets.param.outputBehaviourLogicalId', mode: 'assets.param.mode',
};
