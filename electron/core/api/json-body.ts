import { ApiError } from '../errors.js';

/** Deeper than this is no configuration anyone writes; it is an attempt to exhaust the stack. */
export const MAX_JSON_DEPTH = 64;

/** Bracket depth outside strings, in one pass: cheaper than the parse it guards. */
function depthOf(text: string): number {
  let depth = 0;
  let max = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++; // backslash: skip the escaped character
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) { if (++depth > max) max = depth; }
    else if (c === 125 || c === 93) depth--;
  }
  return max;
}

/** A request body as JSON: empty is no body; anything else must parse and stay shallow. */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === '') return undefined;
  if (depthOf(text) > MAX_JSON_DEPTH) throw new ApiError(400, 'invalid_json', `the request body is nested deeper than ${MAX_JSON_DEPTH} levels`);
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ApiError(400, 'invalid_json', `the request body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
}
