import { existsSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WatchdeskApp } from '../electron/core/app.js';
import { PDF_MAX_SIDE, POPPLER, dpiFor, renderFirstPage } from '../electron/core/maps/pdf-plan.js';
import { PlanImages } from '../electron/core/maps/plan-images.js';
import { startApp, tempDir, type Api } from './support/app.js';

/** An architect's PDF, drawn here: a page of `w` × `h` points with a red room on page one and a second page. */
function pdf(w: number, h: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: [w, h], margin: 0 });
    const parts: Buffer[] = [];
    doc.on('data', (b: Buffer) => parts.push(b));
    doc.on('end', () => resolve(Buffer.concat(parts)));
    doc.on('error', reject);
    doc.rect(0, 0, w / 2, h / 2).fill('#ff0000');
    doc.fillColor('#000000').fontSize(12).text('Floor 1', 10, h - 30);
    doc.addPage({ size: [100, 100], margin: 0 }).rect(0, 0, 100, 100).fill('#00ff00');
    doc.end();
  });
}

const tempFiles = (): string[] => readdirSync(tmpdir()).filter((f) => f.startsWith('watchdesk-pdf-'));

describe('PDF plans, rendered on the server by poppler', () => {
  it('draws the first page at 200 dpi, and no larger than the plan limits allow', async () => {
    // 288 × 144 pt = 4 × 2 inches.
    const png = await renderFirstPage(await pdf(288, 144));
    const meta = await sharp(png).metadata();
    expect(meta).toMatchObject({ format: 'png', width: 800, height: 400 });
    // The top-left quarter is the red room: page one, not page two.
    const { data } = await sharp(png).extract({ left: 100, top: 100, width: 1, height: 1 }).raw().toBuffer({ resolveWithObject: true });
    expect([...data.subarray(0, 3)]).toEqual([255, 0, 0]);
    // A0 stays at 200 dpi; a 10 m banner is drawn smaller so its long side fits.
    expect(dpiFor({ w: 2384, h: 3370 })).toBe(200);
    expect(dpiFor({ w: 28_346, h: 1000 }) * (28_346 / 72)).toBeLessThanOrEqual(PDF_MAX_SIDE);
  });

  it('refuses a corrupt PDF, or a missing poppler, with the reason, and leaves no temporary files', async () => {
    const before = tempFiles();
    const good = await pdf(200, 200);
    for (const corrupt of [Buffer.from('%PDF-1.7\nthis is not a PDF at all\n'), good.subarray(0, 40)]) {
      await expect(renderFirstPage(corrupt)).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/^the PDF (cannot be read|has no first page|'s first page cannot be drawn)/) });
    }
    await expect(renderFirstPage(good, { ...POPPLER, pdfinfo: '/nonexistent/pdfinfo' })).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/poppler-utils.*pdfinfo is not installed/) });
    await expect(renderFirstPage(good, { ...POPPLER, pdftoppm: '/nonexistent/pdftoppm' })).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/poppler-utils.*pdftoppm is not installed/) });
    expect(tempFiles()).toEqual(before);
  });

  it('stores a PDF plan as the PNG of its first page, through the normal path', async () => {
    const dir = tempDir();
    const images = new PlanImages(dir);
    const image = await images.store(1, await pdf(1440, 720), 'architect.pdf');
    // 20 × 10 inches at 200 dpi: a tiled pyramid, like any large PNG.
    expect(image).toMatchObject({ type: 'png', width: 4000, height: 2000, tiled: true });
    expect((await sharp(images.original(1, image)!).metadata()).format).toBe('png');
    const missing = new PlanImages(dir, { ...POPPLER, pdftoppm: '/nonexistent/pdftoppm' });
    await expect(missing.store(1, await pdf(100, 100), 'plan.pdf')).rejects.toMatchObject({ status: 400 });
    expect(readdirSync(join(dir, '1'))).toEqual([image.key]);
  });
});

describe('PDF plan upload', () => {
  let app: WatchdeskApp;
  let api: Api;
  beforeAll(async () => { ({ app, api } = await startApp()); });
  afterAll(async () => { await app.stop(); });

  const send = async (mapId: number, data: Buffer, filename: string): Promise<{ status: number; body: { image?: { type: string; width: number }; error?: { message: string } } }> => {
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(data)]), filename);
    const res = await fetch(`${api.base}api/v1/maps/${mapId}/image`, { method: 'POST', body: form, headers: { authorization: `Bearer ${api.token}` } });
    return { status: res.status, body: await res.json() };
  };

  it('takes a PDF, audits it as rendered from PDF, and refuses a corrupt one storing nothing', async () => {
    const map = (await api.post('/maps', { name: 'From the architect' })).body as { id: number };
    const r = await send(map.id, await pdf(360, 216), 'ground-floor.pdf');
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.image).toMatchObject({ type: 'png', width: 1000, height: 600, tiled: false });
    const audit = (await api.get('/audit?action=map.image')).body as Array<{ after: { renderedFrom?: string; file: string } }>;
    expect(audit.find((a) => a.after.file === 'ground-floor.pdf')?.after.renderedFrom).toBe('pdf');

    const bad = await send(map.id, Buffer.from('%PDF-1.4\n%\u00e2\u00e3\ngarbage without objects\n%%EOF\n'), 'broken.pdf');
    expect(bad.status).toBe(400);
    expect(bad.body.error?.message).toMatch(/PDF/);
    expect((await api.get(`/maps/${map.id}`)).body.image).toMatchObject({ type: 'png', width: 1000 });
    const dir = join(app.options.dataDir, 'maps', String(map.id));
    expect(existsSync(dir) ? readdirSync(dir) : []).toHaveLength(1);
  });
});
