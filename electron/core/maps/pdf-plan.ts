import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiError } from '../errors.js';

/** Where poppler-utils' programs are; tests point them elsewhere to prove a missing renderer is reported. */
export interface PdfRenderer {
  pdftoppm: string;
  pdfinfo: string;
  /** A page that takes longer than this is refused: a hostile PDF must not hold a core. */
  timeoutMs: number;
}

export const POPPLER: PdfRenderer = { pdftoppm: 'pdftoppm', pdfinfo: 'pdfinfo', timeoutMs: 60_000 };

/** Architects' drawings are read at this resolution… */
const DPI = 200;
/** …unless the page is so large that its long side would pass this many pixels (an A0 at 200 dpi is 9,362 px). */
export const PDF_MAX_SIDE = 10_000;
const POINTS_PER_INCH = 72;

const bad = (message: string): ApiError => new ApiError(400, 'invalid_image', message);

interface Run { stdout: string; stderr: string }

function run(file: string, args: string[], timeoutMs: number): Promise<Run> {
  return new Promise((resolve, reject) => {
    // No shell: the arguments are passed as they are, whatever the file holds.
    execFile(file, args, { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1024 * 1024, windowsHide: true }, (err, stdout, stderr) => {
      if (err) reject(Object.assign(err, { stderr: String(stderr) }));
      else resolve({ stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** Why poppler refused, in one line: its last message, without the temporary path. */
function reason(err: unknown, dir: string): string {
  const e = err as NodeJS.ErrnoException & { killed?: boolean; stderr?: string };
  if (e.killed) return 'rendering took too long';
  const lines = (e.stderr ?? '').split('\n').map((l) => l.replaceAll(dir, '').trim()).filter(Boolean);
  return (lines.at(-1) ?? e.message).slice(0, 200);
}

function missing(err: unknown, program: string): ApiError | null {
  if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return null;
  return bad(`PDF plans are rendered on the server with poppler-utils, but ${program} is not installed here: install poppler-utils, or export the first page as PNG and upload that`);
}

/** The first page's size in points, from pdfinfo: "Page    1 size: 2384 x 3370 pts (A0)". */
function pageSize(info: string): { w: number; h: number } | null {
  const m = /^Page\s+1 size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info) ?? /^Page size:\s+([\d.]+) x ([\d.]+) pts/m.exec(info);
  if (!m) return null;
  const w = Number(m[1]);
  const h = Number(m[2]);
  return w > 0 && h > 0 ? { w, h } : null;
}

/** The resolution that keeps the page's long side within PDF_MAX_SIDE pixels. */
export function dpiFor(page: { w: number; h: number }): number {
  const longInches = Math.max(page.w, page.h) / POINTS_PER_INCH;
  return Math.max(1, Math.min(DPI, Math.floor(PDF_MAX_SIDE / longInches)));
}

/**
 * A PDF plan's first page as PNG, drawn by poppler's pdftoppm in a temporary folder of its own.
 * A PDF that poppler cannot read, or no poppler, is a 400 with the reason; nothing is left behind.
 */
export async function renderFirstPage(pdf: Buffer, renderer: PdfRenderer = POPPLER): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'watchdesk-pdf-'));
  try {
    const input = join(dir, 'plan.pdf');
    await writeFile(input, pdf);
    let info: Run;
    try {
      info = await run(renderer.pdfinfo, ['-f', '1', '-l', '1', input], renderer.timeoutMs);
    } catch (err) {
      throw missing(err, 'pdfinfo') ?? bad(`the PDF cannot be read: ${reason(err, dir)}`);
    }
    const page = pageSize(info.stdout);
    if (!page) throw bad('the PDF has no first page');
    try {
      await run(renderer.pdftoppm, ['-png', '-f', '1', '-l', '1', '-singlefile', '-r', String(dpiFor(page)), input, join(dir, 'page')], renderer.timeoutMs);
    } catch (err) {
      throw missing(err, 'pdftoppm') ?? bad(`the PDF's first page cannot be drawn: ${reason(err, dir)}`);
    }
    return await readFile(join(dir, 'page.png')).catch(() => { throw bad("the PDF's first page cannot be drawn"); });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
