const UNICODE_SPACE = /\s/;

/** Exactly the characters JavaScript's `\s` matches, so fast paths agree with the regex they replace. */
export function isRegexSpace(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 160) return false;
  return UNICODE_SPACE.test(String.fromCharCode(code));
}

const SPECIAL = new Set(['\\', '^', '$', '.', '|', '?', '*', '+', '(', ')', '[', ']', '{', '}']);
/** Characters that may be escaped without changing meaning outside a class. */
const ESCAPABLE = new Set([...SPECIAL, '-', '/', '=', '@', ':', '%']);

export function escapeRegex(literal: string): string {
  let out = '';
  for (const ch of literal) out += SPECIAL.has(ch) ? `\\${ch}` : ch;
  return out;
}

/** The literal a regex source stands for, or null when it contains any regex construct. */
export function literalOf(source: string): string | null {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const ch = source[i] as string;
    if (ch === '\\') {
      const next = source[i + 1];
      if (next === undefined || !ESCAPABLE.has(next)) return null;
      out += next;
      i++;
    } else if (SPECIAL.has(ch)) {
      return null;
    } else {
      out += ch;
    }
  }
  return out;
}
