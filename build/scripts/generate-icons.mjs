#!/usr/bin/env node
// Draws the tray and app icons and writes them as PNGs into build/icons/ (committed, so a build
// needs no image tooling). Run again after changing a shape: `node build/scripts/generate-icons.mjs`.
//
// Each tray state has its own shape, not only its own colour, so the icon reads without colour
// and as a macOS template image (black + alpha, tinted by the menu bar):
//   ok: a filled disc; warning: a triangle; critical: a disc with an X cut out; unknown: a ring.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const outDir = join(dirname(fileURLToPath(import.meta.url)), '..', 'icons');

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** Encodes RGBA pixels (Uint8Array, width*height*4) as a PNG file. */
function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// Shapes live in a unit square (0..1); `inside(x, y)` says whether a point is covered.
const disc = (cx, cy, r) => (x, y) => (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
const ring = (cx, cy, r, w) => (x, y) => {
  const d = Math.hypot(x - cx, y - cy);
  return d <= r && d >= r - w;
};
const bar = (x1, y1, x2, y2, w) => (x, y) => {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const t = Math.max(0, Math.min(1, ((x - x1) * dx + (y - y1) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - (x1 + t * dx), y - (y1 + t * dy)) <= w / 2;
};
const triangle = (x, y) => {
  // Apex at the top, flat base; inset so it fits the square with a small margin.
  const top = 0.1;
  const bottom = 0.88;
  if (y < top || y > bottom) return false;
  const half = ((y - top) / (bottom - top)) * 0.45;
  return Math.abs(x - 0.5) <= half;
};
const minus = (a, b) => (x, y) => a(x, y) && !b(x, y);
const union = (a, b) => (x, y) => a(x, y) || b(x, y);

const SHAPES = {
  ok: disc(0.5, 0.5, 0.42),
  warning: minus(triangle, union(bar(0.5, 0.4, 0.5, 0.62, 0.09), disc(0.5, 0.75, 0.05))),
  critical: minus(
    disc(0.5, 0.5, 0.44),
    union(bar(0.33, 0.33, 0.67, 0.67, 0.11), bar(0.67, 0.33, 0.33, 0.67, 0.11)),
  ),
  unknown: ring(0.5, 0.5, 0.42, 0.14),
};

const COLOURS = {
  ok: [0x1e, 0x9e, 0x4a],
  warning: [0xe0, 0x8e, 0x00],
  critical: [0xd0, 0x2b, 0x2b],
  unknown: [0x80, 0x80, 0x80],
};

/** Rasterizes a shape with 4x4 supersampling for smooth edges. */
function draw(size, shape, [r, g, b]) {
  const px = new Uint8Array(size * size * 4);
  const samples = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let hits = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          if (shape((x + (sx + 0.5) / samples) / size, (y + (sy + 0.5) / samples) / size)) hits++;
        }
      }
      const i = (y * size + x) * 4;
      px[i] = r;
      px[i + 1] = g;
      px[i + 2] = b;
      px[i + 3] = Math.round((hits / (samples * samples)) * 255);
    }
  }
  return encodePng(size, size, px);
}

/** The app icon: a rounded square in Calypso-ish blue with a white hook-shaped ring and dot. */
function appIcon(size) {
  const rounded = (x, y) => {
    const r = 0.18;
    const qx = Math.max(Math.abs(x - 0.5) - (0.5 - r), 0);
    const qy = Math.max(Math.abs(y - 0.5) - (0.5 - r), 0);
    return qx * qx + qy * qy <= r * r;
  };
  const mark = union(ring(0.5, 0.5, 0.3, 0.08), disc(0.5, 0.5, 0.1));
  const px = new Uint8Array(size * size * 4);
  const samples = 3;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let cover = 0;
      let white = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const u = (x + (sx + 0.5) / samples) / size;
          const v = (y + (sy + 0.5) / samples) / size;
          if (rounded(u, v)) {
            cover++;
            if (mark(u, v)) white++;
          }
        }
      }
      const i = (y * size + x) * 4;
      const w = cover === 0 ? 0 : white / cover;
      px[i] = Math.round(0x1f + (255 - 0x1f) * w);
      px[i + 1] = Math.round(0x4f + (255 - 0x4f) * w);
      px[i + 2] = Math.round(0xb8 + (255 - 0xb8) * w);
      px[i + 3] = Math.round((cover / (samples * samples)) * 255);
    }
  }
  return encodePng(size, size, px);
}

function write(name, bytes) {
  const path = join(outDir, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}

for (const [state, shape] of Object.entries(SHAPES)) {
  write(`tray-${state}.png`, draw(16, shape, COLOURS[state]));
  write(`tray-${state}@2x.png`, draw(32, shape, COLOURS[state]));
  write(`tray-${state}Template.png`, draw(16, shape, [0, 0, 0]));
  write(`tray-${state}Template@2x.png`, draw(32, shape, [0, 0, 0]));
}
write('icon.png', appIcon(512));
for (const size of [16, 32, 48, 64, 128, 256, 512]) write(`linux/${size}x${size}.png`, appIcon(size));
console.log(`generate-icons: wrote tray and app icons to ${outDir}`);
