/** A 5×7 pixel font: enough for a sensor dashboard rendered without a graphics stack. */
const GLYPHS: Record<string, string> = {
  '0': '0e11131519110e', '1': '040c040404040e', '2': '0e11010204081f', '3': '1f02040201110e', '4': '02060a121f0202',
  '5': '1f1e010101110e', '6': '0608101e11110e', '7': '1f010204080808', '8': '0e11110e11110e', '9': '0e11110f01020c',
  A: '0e11111f111111', B: '1e11111e11111e', C: '0e11101010110e', D: '1c12111111121c', E: '1f10101e10101f', F: '1f10101e101010',
  G: '0e11101713110f', H: '1111111f111111', I: '0e04040404040e', J: '0702020202120c', K: '11121418141211', L: '1010101010101f',
  M: '111b1515111111', N: '11111915131111', O: '0e11111111110e', P: '1e11111e101010', Q: '0e111111151209', R: '1e11111e141211',
  S: '0f10100e01011e', T: '1f040404040404', U: '1111111111110e', V: '11111111110a04', W: '11111115151b11', X: '11110a040a1111',
  Y: '11110a04040404', Z: '1f01020408101f', '.': '00000000000c0c', ':': '000c0c000c0c00', '-': '0000001f000000',
  '%': '18190204081303', '/': '00010204081000', ' ': '00000000000000', '(': '02040808080402', ')': '08040202020408',
  '@': '0e11010d15150e', '=': '00001f001f0000', '_': '0000000000001f',
};

export const GLYPH_WIDTH = 5;
export const GLYPH_HEIGHT = 7;

export interface Canvas {
  width: number;
  height: number;
  /** RGBA, row-major. */
  data: Uint8Array;
}

export function createCanvas(width: number, height: number, rgb: readonly [number, number, number]): Canvas {
  const data = new Uint8Array(width * height * 4);
  for (let i = 0; i < data.length; i += 4) { data[i] = rgb[0]; data[i + 1] = rgb[1]; data[i + 2] = rgb[2]; data[i + 3] = 255; }
  return { width, height, data };
}

export function fillRect(c: Canvas, x: number, y: number, w: number, h: number, rgb: readonly [number, number, number]): void {
  const x0 = Math.max(0, Math.floor(x));
  const y0 = Math.max(0, Math.floor(y));
  const x1 = Math.min(c.width, Math.floor(x + w));
  const y1 = Math.min(c.height, Math.floor(y + h));
  for (let yy = y0; yy < y1; yy++) {
    for (let xx = x0; xx < x1; xx++) {
      const i = (yy * c.width + xx) * 4;
      c.data[i] = rgb[0]; c.data[i + 1] = rgb[1]; c.data[i + 2] = rgb[2];
    }
  }
}

/** Draws upper-cased text at (x, y), each font pixel `scale` × `scale`; unknown characters are blank. */
export function drawText(c: Canvas, text: string, x: number, y: number, scale: number, rgb: readonly [number, number, number]): number {
  let cx = x;
  for (const ch of text.toUpperCase()) {
    const glyph = GLYPHS[ch] ?? GLYPHS[' ']!;
    for (let row = 0; row < GLYPH_HEIGHT; row++) {
      const bits = parseInt(glyph.slice(row * 2, row * 2 + 2), 16);
      for (let col = 0; col < GLYPH_WIDTH; col++) {
        if (bits & (1 << (GLYPH_WIDTH - 1 - col))) fillRect(c, cx + col * scale, y + row * scale, scale, scale, rgb);
      }
    }
    cx += (GLYPH_WIDTH + 1) * scale;
  }
  return cx;
}
