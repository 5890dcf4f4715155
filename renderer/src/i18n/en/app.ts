/** The words of app. */
export const app = {
  'app.somethingWentWrongIn': 'Something went wrong in the console',
  'app.reloadTheConsole': 'Reload the console',
  'app.thisPanelStopped': 'This panel stopped:',
  'app.tryAgain': 'Try again',
  'app.requestFailed': '{name} failed with {status}',
  'app.signedOut': 'Signed out',
} as const;
