/** True when a URL carries a user name or password (`http://user:pw@host/`). */
export function hasCredentials(url: string): boolean {
  try {
    const u = new URL(url);
    return u.username !== '' || u.password !== '';
  } catch {
    // Not a URL at all: other checks say so; look for userinfo by hand so nothing slips by.
    return /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*@/i.test(url);
  }
}

/**
 * Credentials inside URLs leak: into lists, the audit log and error texts. They go in their
 * own fields, which are stored encrypted and never shown.
 */
export const NO_URL_CREDENTIALS = 'must not contain a user name or password: credentials have their own fields';

/** The URL with any `user:password@` removed, for texts that must never show them. */
export function withoutCredentials(text: string): string {
  return text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#@"'<>]*@/gi, '$1');
}
