// rasteriseTerminal without X (Chromium only): the grid's place at a scale and offset, the theme's
// background inside it and transparency outside, cell backgrounds and inverse, the cursor block
// (and its absence when hidden), identical jobs drawn once, and malformed jobs refused.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { findBrowser } from '../../src/render/browser';
import { lookFromEvent, rasteriseTerminal, snapshotsAt, type GridSnapshot, type RasterJob } from '../../src/render/terminal-text';
import { TERMINAL_THEMES } from '../../src/capture/terminal-themes';

const skip = findBrowser(process.cwd()) === null;
if (skip) console.warn('[skipped] terminal text rasteriser: needs Chromium (apt-get install chromium, or set REMOTION_BROWSER_EXECUTABLE)');

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-term-raster-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const theme = TERMINAL_THEMES.dark;
const look = lookFromEvent(
  { type: 'terminal', tMs: 0, x: 10, y: 20, cols: 8, rows: 3, cellWidth: 15, cellHeight: 30, fontSize: 18, theme: 'dark' },
  { version: 2, width: 8, height: 3 },
);
const rgba = (file: string, width: number) => {
  const data = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgba', '-']);
  return (x: number, y: number) => [...data.subarray((y * width + x) * 4, (y * width + x) * 4 + 4)];
};
const hex = (c: string) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));

describe.skipIf(skip)('rasteriseTerminal', () => {
  it('places the grid, fills cells and the cursor, leaves the rest transparent, and draws identical jobs once', { timeout: 90_000 }, async () => {
    // Row 0: "ab" then a red-background cell, then an inverse "x"; the cursor after them (col 4).
    const session = { look, castStartMs: 0, events: [[0, 'o', 'ab\x1b[41m \x1b[0m\x1b[7mx\x1b[0m'] as [number, 'o', string]] };
    const { snapshots } = await snapshotsAt(session, [1]);
    const hidden: GridSnapshot = { ...snapshots[0]!, cursor: { ...snapshots[0]!.cursor, visible: false } };
    const scale = 2;
    const job = (snapshot: number, file: string): RasterJob => ({ snapshot, scale, dx: 4, dy: 6, width: 300, height: 260, file: path.join(dir, file) });
    let progress = 0;
    const files = await rasteriseTerminal(look, [snapshots[0]!, hidden], [job(0, 'a.png'), job(1, 'b.png'), job(0, 'c.png')], {
      onProgress: (n) => (progress = n),
    });
    expect(files).toEqual(['a.png', 'b.png', 'c.png'].map((f) => path.join(dir, f)));
    expect(progress).toBe(3);
    expect(fs.readFileSync(files[2]!).equals(fs.readFileSync(files[0]!))).toBe(true);
    const px = rgba(files[0]!, 300);
    // Screen (sx, sy) → sprite (sx*2+4, sy*2+6): the grid spans x 24…264, y 46…226.
    const cell = (col: number, row: number, fx = 0.5, fy = 0.5) =>
      px(Math.floor((10 + (col + fx) * 15) * scale + 4), Math.floor((20 + (row + fy) * 30) * scale + 6));
    expect(px(22, 100)[3]).toBe(0); // left of the grid: transparent
    expect(px(100, 44)[3]).toBe(0); // above it
    expect(px(25, 47)).toEqual([...hex(theme.background), 255]); // its top-left corner
    expect(px(263, 225)).toEqual([...hex(theme.background), 255]); // its bottom-right corner
    expect(px(265, 100)[3]).toBe(0); // right of it
    expect(cell(2, 0)).toEqual([...hex(theme.ansi[1]!), 255]); // the red background cell
    expect(cell(3, 0, 0.05, 0.05)).toEqual([...hex(theme.foreground), 255]); // inverse: foreground behind the glyph
    expect(cell(4, 0, 0.1, 0.1)).toEqual([...hex(theme.cursor), 255]); // the cursor block
    expect(cell(4, 0, 0.9, 0.9)).toEqual([...hex(theme.cursor), 255]);
    expect(rgba(files[1]!, 300)(Math.floor((10 + 4.1 * 15) * scale + 4), Math.floor((20 + 0.1 * 30) * scale + 6))).toEqual([...hex(theme.background), 255]); // hidden
    // A glyph is drawn: the cell of "a" holds foreground-ish pixels.
    let ink = 0;
    for (let fy = 0.2; fy < 0.8; fy += 0.05) for (let fx = 0.1; fx < 0.9; fx += 0.05) if (cell(0, 0, fx, fy)[0]! > 150) ink++;
    expect(ink).toBeGreaterThan(5);
  });

  it.each([
    [{ snapshot: 1 }, 'job 0 (x.png): expected a snapshot index 0…0, but got 1'],
    [{ scale: 0 }, 'job 0 (x.png): expected a positive scale, but got 0'],
    [{ dx: Number.NaN }, 'job 0 (x.png): expected finite dx, dy, but got NaN, 0'],
    [{ width: 0.5 }, 'job 0 (x.png): expected width to be a whole number 1…16384, but got 0.5'],
    [{ height: 20000 }, 'job 0 (x.png): expected height to be a whole number 1…16384, but got 20000'],
  ])('refuses a malformed job %j', async (bad, message) => {
    const snap: GridSnapshot = { rows: [[], [], []], cursor: { row: 0, col: 0, visible: true } };
    await expect(rasteriseTerminal(look, [snap], [{ snapshot: 0, scale: 1, dx: 0, dy: 0, width: 10, height: 10, file: 'x.png', ...bad }])).rejects.toThrow(
      message,
    );
  });

  it('draws nothing for no jobs (no browser started)', async () => expect(await rasteriseTerminal(look, [], [])).toEqual([]));
});
