import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';

export interface PdfPage {
  png: Buffer;
  width: number;
  height: number;
  /** Pixels within `tolerance` (per channel) of an RGB colour such as '#1f6feb'. */
  count(hex: string, tolerance?: number): number;
  /** Pixels that are not (near) white. */
  inked(): number;
}

/** A PDF as poppler sees it: its text (pdftotext) and its pages as PNG (pdftoppm). */
export async function readPdf(pdf: Buffer, dpi = 60): Promise<{ text: string; pages: PdfPage[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'watchdesk-pdf-'));
  try {
    const file = join(dir, 'report.pdf');
    writeFileSync(file, pdf);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    execFileSync('pdftoppm', ['-r', String(dpi), '-png', file, join(dir, 'page')]);
    const files = readdirSync(dir).filter((f) => f.startsWith('page') && f.endsWith('.png')).sort();
    const pages = await Promise.all(files.map(async (f) => {
      const img = sharp(join(dir, f));
      const png = await img.png().toBuffer();
      const { data, info } = await sharp(png).removeAlpha().raw().toBuffer({ resolveWithObject: true });
      const count = (hex: string, tolerance = 40): number => {
        const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) as [number, number, number];
        let n = 0;
        for (let i = 0; i < data.length; i += 3) if (Math.abs(data[i]! - r) <= tolerance && Math.abs(data[i + 1]! - g) <= tolerance && Math.abs(data[i + 2]! - b) <= tolerance) n++;
        return n;
      };
      const inked = (): number => {
        let n = 0;
        for (let i = 0; i < data.length; i += 3) if (data[i]! < 230 || data[i + 1]! < 230 || data[i + 2]! < 230) n++;
        return n;
      };
      return { png, width: info.width, height: info.height, count, inked };
    }));
    return { text, pages };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
