/** What an uploaded plan is, by its first bytes: never by its name or the browser's word. */
export type SniffedType = 'png' | 'jpeg' | 'webp' | 'svg' | 'pdf';

const startsWith = (b: Uint8Array, bytes: readonly number[], at = 0): boolean => bytes.every((v, i) => b[at + i] === v);
const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));

/** An SVG is text: an optional BOM, XML declaration, comments and doctype, then `<svg`. */
function isSvg(b: Uint8Array): boolean {
  let text = new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(0, 4096)).replace(/^\uFEFF/, '');
  for (;;) {
    text = text.trimStart();
    const skip = /^<\?xml[\s\S]*?\?>|^<!--[\s\S]*?-->|^<!DOCTYPE[^>[]*(\[[\s\S]*?\])?\s*>/i.exec(text);
    if (!skip) break;
    text = text.slice(skip[0].length);
  }
  return /^<svg[\s>]/.test(text);
}

export function sniffImage(b: Uint8Array): SniffedType | null {
  if (startsWith(b, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (startsWith(b, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(b, ascii('RIFF')) && startsWith(b, ascii('WEBP'), 8)) return 'webp';
  if (startsWith(b, ascii('%PDF-'))) return 'pdf';
  if (isSvg(b)) return 'svg';
  return null;
}

const EXTENSIONS: Record<SniffedType, readonly string[]> = { png: ['png'], jpeg: ['jpg', 'jpeg', 'jpe'], webp: ['webp'], svg: ['svg'], pdf: ['pdf'] };

/** A name whose extension says another image type than the bytes do: the file lies. */
export function nameLies(filename: string, type: SniffedType): boolean {
  const ext = /\.([a-z0-9]{1,5})$/i.exec(filename)?.[1]?.toLowerCase();
  if (!ext) return false;
  const known = Object.values(EXTENSIONS).some((list) => list.includes(ext));
  return known && !EXTENSIONS[type].includes(ext);
}

/** An MBTiles file is an SQLite database. */
export function isSqlite(b: Uint8Array): boolean {
  return startsWith(b, ascii('SQLite format 3\0'));
}
