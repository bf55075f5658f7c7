/**
 * Draws the two Teams app icons in code, so they can be regenerated and reviewed as source:
 *
 * - manifest/color.png    192×192: a council-blue rounded square with a white checklist glyph.
 * - manifest/outline.png   32×32: the same glyph, white on a fully transparent background
 *   (Teams tints the outline icon itself, so any other colour would show up wrongly).
 *
 * Shapes are described as signed-distance tests and anti-aliased by supersampling, so the edges
 * are smooth without an image library.
 *
 * Run: npx tsx scripts/make-icons.ts [outputDir]   (default: manifest/)
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { PNG } from 'pngjs';
import { parseCommandLine } from './cli.js';

/** Council blue, also the manifest's accentColor (#1D4F91). */
export const COUNCIL_BLUE = { r: 0x1d, g: 0x4f, b: 0x91 } as const;

export const COLOR_ICON_SIZE = 192;
export const OUTLINE_ICON_SIZE = 32;

const SUPERSAMPLE = 4;

type Inside = (x: number, y: number) => boolean;

/** Distance from (px, py) to the segment (ax, ay)–(bx, by). */
function distanceToSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** A stroked polyline with round caps and joins. */
function stroke(points: Array<[number, number]>, width: number): Inside {
  const half = width / 2;
  return (x, y) => {
    for (let i = 1; i < points.length; i++) {
      const [ax, ay] = points[i - 1]!;
      const [bx, by] = points[i]!;
      if (distanceToSegment(x, y, ax, ay, bx, by) <= half) return true;
    }
    return false;
  };
}

function roundedRect(left: number, top: number, width: number, height: number, radius: number): Inside {
  const cx = left + width / 2;
  const cy = top + height / 2;
  const hx = width / 2 - radius;
  const hy = height / 2 - radius;
  return (x, y) => {
    const qx = Math.max(Math.abs(x - cx) - hx, 0);
    const qy = Math.max(Math.abs(y - cy) - hy, 0);
    return Math.hypot(qx, qy) <= radius;
  };
}

function union(...shapes: Inside[]): Inside {
  return (x, y) => shapes.some((inside) => inside(x, y));
}

/**
 * The checklist glyph: three rows of "tick + line". Coordinates are in a 120×120 box (the safe
 * area Teams recommends for the colour icon); `tickWidth` and `barWidth` are in the same units so
 * the small outline icon can use thicker strokes and stay legible at 32 px.
 */
function checklist(originX: number, originY: number, scale: number, tickWidth: number, barWidth: number): Inside {
  const at = (x: number, y: number): [number, number] => [originX + x * scale, originY + y * scale];
  const rows = [18, 60, 102];
  return union(
    ...rows.flatMap((y) => [
      stroke([at(6, y), at(17, y + 11), at(36, y - 11)], tickWidth * scale),
      stroke([at(54, y), at(112, y)], barWidth * scale),
    ]),
  );
}

/** Fraction (0..1) of the pixel (px, py) covered by the shape. */
function coverage(inside: Inside, px: number, py: number): number {
  let hits = 0;
  for (let sy = 0; sy < SUPERSAMPLE; sy++) {
    for (let sx = 0; sx < SUPERSAMPLE; sx++) {
      if (inside(px + (sx + 0.5) / SUPERSAMPLE, py + (sy + 0.5) / SUPERSAMPLE)) hits++;
    }
  }
  return hits / (SUPERSAMPLE * SUPERSAMPLE);
}

export function drawColorIcon(): PNG {
  const size = COLOR_ICON_SIZE;
  const png = new PNG({ width: size, height: size });
  const background = roundedRect(0, 0, size, size, 40);
  const glyph = checklist(36, 36, 1, 13, 14);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const bg = coverage(background, x, y);
      const fg = bg > 0 ? coverage(glyph, x, y) : 0;
      const i = (y * size + x) * 4;
      // White glyph over blue, then the rounded corners fade to transparent.
      png.data[i] = Math.round(COUNCIL_BLUE.r + (255 - COUNCIL_BLUE.r) * fg);
      png.data[i + 1] = Math.round(COUNCIL_BLUE.g + (255 - COUNCIL_BLUE.g) * fg);
      png.data[i + 2] = Math.round(COUNCIL_BLUE.b + (255 - COUNCIL_BLUE.b) * fg);
      png.data[i + 3] = Math.round(255 * bg);
    }
  }
  return png;
}

export function drawOutlineIcon(): PNG {
  const size = OUTLINE_ICON_SIZE;
  const png = new PNG({ width: size, height: size });
  const glyph = checklist(2, 2, 28 / 120, 16, 17);
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const alpha = Math.round(255 * coverage(glyph, x, y));
      const i = (y * size + x) * 4;
      // Every pixel is white; only alpha varies (0 = fully transparent).
      png.data[i] = 255;
      png.data[i + 1] = 255;
      png.data[i + 2] = 255;
      png.data[i + 3] = alpha;
    }
  }
  return png;
}

export function encodePng(png: PNG): Buffer {
  return PNG.sync.write(png, { colorType: 6 });
}

export function writeIcons(outputDir: string): string[] {
  const files: Array<[string, PNG]> = [
    ['color.png', drawColorIcon()],
    ['outline.png', drawOutlineIcon()],
  ];
  return files.map(([name, png]) => {
    const file = path.join(outputDir, name);
    writeFileSync(file, encodePng(png));
    return file;
  });
}

const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) {
  const { positionals } = parseCommandLine({
    command: 'npx tsx scripts/make-icons.ts',
    usage: `Usage: npx tsx scripts/make-icons.ts [outputDir]
Draws the Teams app icons, color.png (${COLOR_ICON_SIZE}×${COLOR_ICON_SIZE}) and outline.png (${OUTLINE_ICON_SIZE}×${OUTLINE_ICON_SIZE}), into outputDir (default manifest/).`,
    options: {},
    positionals: 1,
  });
  const defaultDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'manifest');
  const outputDir = path.resolve(positionals[0] ?? defaultDir);
  for (const file of writeIcons(outputDir)) console.log(`Wrote ${path.relative(process.cwd(), file) || file}`);
}
