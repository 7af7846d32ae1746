/**
 * The ASS captions through the real libass (ffmpeg's `ass` filter), no browser: an RTL page
 * keeps its word order while the highlight moves (only the colour changes), its first word lit
 * at the right; a page of Chinese stays inside its box; overlays in Hebrew are right to left.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { captionBox, captionLineEm } from '../../src/frame/caption-box';
import { DEFAULT_STYLE } from '../../src/compositions/shared/style-schema';
import { captionsAss } from '../../src/render/captions-ass';
import { captionPages } from '../../src/timeline/captions';
import { findPixels, readPixels, type Pixels } from '../helpers/synthetic';
import { ARABIC, HEBREW, ZH78 } from '../helpers/world-text';
import { skipWithout } from '../helpers/requires';

const skip = skipWithout('captions through libass', ['ffmpeg', 'fc-list']);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-libass-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const frame = { width: 480, height: 270 };
const box = captionBox(frame, 'bottom', 54);

/** The ASS drawn over black at `ms`, as pixels. */
const draw = (ass: string, ms: number, name: string): Pixels => {
  const file = path.join(tmp, `${name}.ass`);
  fs.writeFileSync(file, ass);
  const png = path.join(tmp, `${name}-${ms}.png`);
  // One black frame, stamped at `ms` so libass shows the events of that time.
  execFileSync('ffmpeg', [
    '-hide_banner',
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'color=c=black:s=480x270:r=100:d=0.01',
    '-vf',
    `setpts=PTS+${ms / 1000}/TB,ass=${file}`,
    '-frames:v',
    '1',
    png,
  ]);
  return readPixels(png);
};
const isYellow = (r: number, g: number, b: number) => r > 190 && g > 160 && b < 110;
const isText = (r: number, g: number, b: number) => (r > 200 && g > 200 && b > 200) || isYellow(r, g, b);
/** Share of pixels where one image has text and the other does not. */
const maskDiff = (a: Pixels, b: Pixels) => {
  let n = 0;
  let ink = 0;
  for (let i = 0; i < a.data.length; i += 3) {
    const ta = isText(a.data[i]!, a.data[i + 1]!, a.data[i + 2]!);
    const tb = isText(b.data[i]!, b.data[i + 1]!, b.data[i + 2]!);
    if (ta !== tb) n++;
    if (ta) ink++;
  }
  return n / Math.max(1, ink);
};

describe.skipIf(skip)('captions through libass', () => {
  it.each([
    { name: 'Hebrew with a product name and a number', text: HEBREW },
    { name: 'Arabic', text: ARABIC },
  ])('$name: the words stay in place as the highlight moves right to left', { timeout: 120_000 }, ({ name, text }) => {
    const words = text.split(' ').map((t, i) => ({ text: t, startMs: i * 200, endMs: i * 200 + 190 }));
    const ass = captionsAss({ pages: captionPages([{ startMs: 0, words }]), frame, box, style: DEFAULT_STYLE.captions });
    const shots = words.map((w, i) => draw(ass, w.startMs + 50, `${name}-${i}`));
    const lit = shots.map((s) => findPixels(s, isYellow).cx);
    const all = findPixels(shots[0]!, isText);
    console.log(
      `${name}: highlight x by word ${lit.map((x) => x.toFixed(2)).join(' ')}; text mask changes ${shots
        .slice(1)
        .map((s) => maskDiff(shots[0]!, s).toFixed(3))
        .join(' ')}`,
    );
    expect(lit[0]!).toBeGreaterThan(all.cx);
    expect(lit.at(-1)!).toBeLessThan(all.cx);
    // Right to left, except inside a left-to-right run ("React 2.5" reads left to right).
    if (!/[a-z0-9]/i.test(text)) for (let i = 1; i < lit.length; i++) expect(lit[i]!).toBeLessThan(lit[i - 1]!);
    // Only the colour moves: the text's pixels are the same in every event (but for the
    // anti-aliased edges, which the colour tests read differently in yellow and white).
    for (const s of shots.slice(1)) expect(maskDiff(shots[0]!, s)).toBeLessThan(0.15);
  });

  it('78 Chinese characters: each page within the box width, in the frame', { timeout: 120_000 }, () => {
    const pages = captionPages([{ startMs: 0, words: [{ text: ZH78, startMs: 0, endMs: 7800 }] }], { lineEm: captionLineEm(box), maxLines: box.maxLines });
    const ass = captionsAss({ pages, frame, box, style: DEFAULT_STYLE.captions });
    expect(pages.length).toBeGreaterThan(3);
    for (const [i, p] of pages.entries()) {
      const img = draw(ass, p.startMs + 20, `zh-${i}`);
      let minX = Infinity;
      let maxX = -Infinity;
      let maxY = -Infinity;
      for (let y = 0; y < img.height; y++)
        for (let x = 0; x < img.width; x++) {
          const k = (y * img.width + x) * 3;
          if (isText(img.data[k]!, img.data[k + 1]!, img.data[k + 2]!)) [minX, maxX, maxY] = [Math.min(minX, x), Math.max(maxX, x), Math.max(maxY, y)];
        }
      expect(maxX).toBeGreaterThan(minX);
      expect(minX).toBeGreaterThanOrEqual(box.centerX - box.maxWidth / 2);
      expect(maxX).toBeLessThanOrEqual(box.centerX + box.maxWidth / 2);
      expect(maxY).toBeLessThan(frame.height - 1);
    }
  });
});
