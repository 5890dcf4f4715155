import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

/**
 * Draws the Watchdesk icon (a ring with a green eye, as assets/icon.svg) into assets/icon.png:
 * the tray and electron-builder need a bitmap. Run `npx tsx tools/make-icon.ts` after changing it.
 */
const SIZE = 512;
const px = Buffer.alloc(SIZE * SIZE * 4);
const set = (x: number, y: number, [r, g, b]: readonly [number, number, number], a = 255): void => {
  const i = (y * SIZE + x) * 4;
  px[i] = r; px[i + 1] = g; px[i + 2] = b; px[i + 3] = a;
};
const c = SIZE / 2;
for (let y = 0; y < SIZE; y++) {
  for (let x = 0; x < SIZE; x++) {
    // Rounded square background.
    const rx = Math.max(0, Math.abs(x - c + 0.5) - (c - 96));
    const ry = Math.max(0, Math.abs(y - c + 0.5) - (c - 96));
    if (Math.hypot(rx, ry) > 96) continue;
    set(x, y, [15, 20, 25]);
    const d = Math.hypot(x - c + 0.5, y - c + 0.5);
    if (Math.abs(d - 152) < 14) set(x, y, [88, 166, 255]);
    if (d < 60) set(x, y, [63, 185, 80]);
    const onCross = (Math.abs(x - c) < 12 && (y < 112 && y > 40 || y > SIZE - 112 && y < SIZE - 40)) || (Math.abs(y - c) < 12 && (x < 112 && x > 40 || x > SIZE - 112 && x < SIZE - 40));
    if (onCross) set(x, y, [88, 166, 255]);
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => { let k = n; for (let i = 0; i < 8; i++) k = k & 1 ? 0xedb88320 ^ (k >>> 1) : k >>> 1; return k >>> 0; });
const crc32 = (buf: Buffer): number => { let k = 0xffffffff; for (const b of buf) k = crcTable[(k ^ b) & 0xff]! ^ (k >>> 8); return (k ^ 0xffffffff) >>> 0; };
const chunk = (type: string, data: Buffer): Buffer => {
  const len = Buffer.alloc(4); len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4); crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0); ihdr.writeUInt32BE(SIZE, 4); ihdr[8] = 8; ihdr[9] = 6; ihdr[10] = 0; ihdr[11] = 0; ihdr[12] = 0;
const raw = Buffer.alloc((SIZE * 4 + 1) * SIZE);
for (let y = 0; y < SIZE; y++) px.copy(raw, y * (SIZE * 4 + 1) + 1, y * SIZE * 4, (y + 1) * SIZE * 4);
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
writeFileSync('assets/icon.png', png);
process.stdout.write(`assets/icon.png: ${png.length} bytes\n`);
