import { NxCode, NxProblem, invalidParameter } from './errors.js';

/**
 * Decodes a query string or an `application/x-www-form-urlencoded` body strictly: `+` is a
 * space, and a percent-escape that is not valid UTF-8 is an error naming the parameter, where
 * URLSearchParams would silently substitute U+FFFD.
 */
export function decodeForm(text: string): Map<string, string> {
  const out = new Map<string, string>();
  if (text === '') return out;
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const rawKey = eq < 0 ? pair : pair.slice(0, eq);
    const rawValue = eq < 0 ? '' : pair.slice(eq + 1);
    let key: string;
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, ' '));
    } catch {
      throw new NxProblem(NxCode.badRequest, 'A parameter name is not valid percent-encoded UTF-8.');
    }
    try {
      out.set(key, decodeURIComponent(rawValue.replace(/\+/g, ' ')));
    } catch {
      throw invalidParameter(key, 'It is not valid percent-encoded UTF-8.');
    }
  }
  return out;
}
