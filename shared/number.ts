/**
 * Strict decimal parse. `Number('')` is 0 and `Number('0x1f')` is 31, and a sensor value
 * must never be stored as a number it did not send, so only plain decimals pass.
 */
export function parseDecimal(raw: string): number {
  let start = 0;
  let end = raw.length;
  while (start < end && raw.charCodeAt(start) <= 32) start++;
  while (end > start && raw.charCodeAt(end - 1) <= 32) end--;
  if (start === end) return NaN;
  let i = start;
  let c = raw.charCodeAt(i);
  if (c === 43 || c === 45) i++; // + -
  let digits = 0;
  while (i < end && (c = raw.charCodeAt(i)) >= 48 && c <= 57) { i++; digits++; }
  if (i < end && raw.charCodeAt(i) === 46) {
    i++;
    while (i < end && (c = raw.charCodeAt(i)) >= 48 && c <= 57) { i++; digits++; }
  }
  if (digits === 0) return NaN;
  if (i < end && (raw.charCodeAt(i) | 32) === 101) { // e E
    i++;
    if (i < end && ((c = raw.charCodeAt(i)) === 43 || c === 45)) i++;
    let expDigits = 0;
    while (i < end && (c = raw.charCodeAt(i)) >= 48 && c <= 57) { i++; expDigits++; }
    if (expDigits === 0) return NaN;
  }
  if (i !== end) return NaN;
  const n = Number(start === 0 && end === raw.length ? raw : raw.slice(start, end));
  return Number.isFinite(n) ? n : NaN;
}
