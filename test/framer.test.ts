import { describe, expect, it } from 'vitest';
import { Framer } from '../electron/core/ingest/framer.js';

function feed(framer: Framer, chunks: Buffer[]): { frames: string[]; ok: boolean } {
  const frames: string[] = [];
  let ok = true;
  for (const c of chunks) ok = framer.push(c, (f) => frames.push(f)) && ok;
  return { frames, ok };
}

describe('Framer', () => {
  const text = 'DeviceId=Café Noise=@48@ Lieu=@Salle de bain ☕@;DeviceId=B PM2.5=@3@;\r\n;;  DeviceId=C RH=@41@ ;';
  const bytes = Buffer.from(text, 'utf8');
  const expected = ['DeviceId=Café Noise=@48@ Lieu=@Salle de bain ☕@', 'DeviceId=B PM2.5=@3@', 'DeviceId=C RH=@41@'];

  it('cuts several frames in one segment, trims CR/LF and whitespace, skips empty frames', () => {
    expect(feed(new Framer(';', 1024), [bytes]).frames).toEqual(expected);
  });

  it('gives the same frames however the bytes are split, inside multi-byte characters too', () => {
    for (let a = 1; a < bytes.length; a++) {
      for (const b of [a + 1, a + 3, bytes.length - 1]) {
        if (b <= a || b >= bytes.length) continue;
        const chunks = [bytes.subarray(0, a), bytes.subarray(a, b), bytes.subarray(b)];
        expect(feed(new Framer(';', 1024), chunks).frames, `split at ${a},${b}`).toEqual(expected);
      }
    }
  });

  it('handles one byte at a time', () => {
    const chunks = [...bytes].map((b) => Buffer.from([b]));
    expect(feed(new Framer(';', 1024), chunks).frames).toEqual(expected);
  });

  it('finds a multi-byte delimiter split across segments', () => {
    const crlf = Buffer.from('A=@1@\r\nB=@2@\r\nC=@3@\r\n');
    for (let a = 1; a < crlf.length; a++) {
      expect(feed(new Framer('\r\n', 1024), [crlf.subarray(0, a), crlf.subarray(a)]).frames, `split at ${a}`).toEqual(['A=@1@', 'B=@2@', 'C=@3@']);
    }
    const byByte = [...crlf].map((b) => Buffer.from([b]));
    expect(feed(new Framer('\r\n', 1024), byByte).frames).toEqual(['A=@1@', 'B=@2@', 'C=@3@']);
    expect(feed(new Framer('§§', 1024), [Buffer.from('x§'), Buffer.from('§y§§')]).frames).toEqual(['x', 'y']);
  });

  it('refuses a frame longer than the limit, complete or still arriving, and keeps nothing', () => {
    const f = new Framer(';', 16);
    expect(feed(f, [Buffer.from('DeviceId=A;')]).ok).toBe(true);
    expect(feed(f, [Buffer.from('x'.repeat(17) + ';')]).ok).toBe(false);
    const g = new Framer(';', 16);
    expect(g.push(Buffer.from('x'.repeat(10)), () => undefined)).toBe(true);
    expect(g.push(Buffer.from('x'.repeat(10)), () => undefined)).toBe(false);
    expect(g.buffered).toBe(0);
  });
});
