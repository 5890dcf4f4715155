/** The words of help. */
export const help = {
  'help.keyboardShortcuts': 'Keyboard shortcuts',
  'help.close': 'Close',
} as const;
