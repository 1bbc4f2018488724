// Draws images/icon.png (128×128, the marketplace size) without dependencies: a shield on a dark tile,
// with two rows of data in it, the signed-in user's row highlighted. 4×4 supersampling for smooth edges;
// written with node:zlib. Run it again after changing it; the PNG is committed.
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SS = 4;
const hex = (h) => [parseInt(h.slice(1, 3), 16), parseInt(h.slice(3, 5), 16), parseInt(h.slice(5, 7), 16)];
const TILE = hex('#1e2a3a');
const SHIELD = hex('#3fb27f');
const ROW = hex('#1e2a3a');
const MINE = hex('#ffffff');

const roundRect = (x0, y0, x1, y1, r) => (x, y) => {
  const cx = Math.min(Math.max(x, x0 + r), x1 - r);
  const cy = Math.min(Math.max(y, y0 + r), y1 - r);
  return x >= x0 && x <= x1 && y >= y0 && y <= y1 && (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
};
// A shield: straight top and sides down to y = 62, then two arcs meeting at the point (64, 114).
const shield = (x, y) => {
  if (y < 16 || y > 114) return false;
  const top = 16 + (Math.abs(x - 64) / 38) * 14;
  if (y < top) return false;
  const half = y <= 62 ? 38 : 38 * Math.sqrt(Math.max(0, 1 - ((y - 62) / 52) ** 2));
  return Math.abs(x - 64) <= half;
};
const circle = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
// Painted in order, the last that covers a point wins.
const layers = [
  [roundRect(0, 0, 128, 128, 24), TILE],
  [shield, SHIELD],
  [roundRect(40, 40, 88, 54, 4), ROW],
  [roundRect(40, 64, 88, 78, 4), MINE],
  [circle(48, 71, 3.5), ROW],
];

const raw = Buffer.alloc(SIZE * (1 + SIZE * 4));
for (let py = 0; py < SIZE; py++) {
  raw[py * (1 + SIZE * 4)] = 0; // filter: none
  for (let px = 0; px < SIZE; px++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const x = px + (sx + 0.5) / SS;
        const y = py + (sy + 0.5) / SS;
        let color;
        for (const [inside, c] of layers) if (inside(x, y)) color = c;
        if (color) (r += color[0]), (g += color[1]), (b += color[2]), a++;
      }
    }
    const o = py * (1 + SIZE * 4) + 1 + px * 4;
    if (a) (raw[o] = r / a), (raw[o + 1] = g / a), (raw[o + 2] = b / a);
    raw[o + 3] = Math.round((255 * a) / (SS * SS));
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc32 = (buf) => {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
};
const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', header),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
const out = join(dirname(fileURLToPath(import.meta.url)), '../images/icon.png');
writeFileSync(out, png);
console.log(`${out}: ${png.length} bytes`);
