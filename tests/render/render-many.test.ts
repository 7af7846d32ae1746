/**
 * Every format in one run (renderMany): one ffmpeg decoding the recording once makes the same
 * pictures as rendering each format alone, and a repeat run takes the metadata and the layers
 * from the render cache without opening a browser. Real Chromium and ffmpeg, small frames.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { render, renderMany } from '../../src/render/render';
import { extractFrame, findPixels, isRed, makeSyntheticCapture, meanAbsDiff, probe, readPixels } from '../helpers/synthetic';

let capture: string;
let out: string;
let cache: string;
const savedCache = process.env.SCREENPLAY_CACHE_DIR;

beforeAll(() => {
  capture = makeSyntheticCapture();
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-render-many-'));
  cache = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-render-cache-'));
  process.env.SCREENPLAY_CACHE_DIR = cache;
});
afterAll(() => {
  if (savedCache === undefined) delete process.env.SCREENPLAY_CACHE_DIR;
  else process.env.SCREENPLAY_CACHE_DIR = savedCache;
  for (const d of [capture, out, cache]) fs.rmSync(d, { recursive: true, force: true });
});

const frame = (video: string, n: number) => {
  const png = `${video}.${n}.png`;
  extractFrame(video, n, png);
  return readPixels(png);
};

describe('renderMany', () => {
  it('renders two formats from one ffmpeg, then again from the render cache with no browser', { timeout: 420_000 }, async () => {
    const jobs = (run: string) => [
      { composition: 'Landscape' as const, out: path.join(out, `landscape-${run}.mp4`) },
      { composition: 'Square' as const, out: path.join(out, `square-${run}.mp4`) },
    ];
    const first = await renderMany({ jobs: jobs('1'), captureDir: capture, scale: 0.25 });
    expect(first.map((r) => [r.width, r.height])).toEqual([
      [480, 270],
      [270, 270],
    ]);
    expect(first.map((r) => r.cached)).toEqual([
      { metadata: false, layers: false },
      { metadata: false, layers: false },
    ]);
    expect(Object.keys(first[0]!.stages)).toEqual(expect.arrayContaining(['browser', 'layers', 'composite']));
    for (const r of first) {
      const p = probe(r.out);
      expect(p.width).toBe(r.width);
      expect(p.frames).toBe(r.durationInFrames);
    }

    const second = await renderMany({ jobs: jobs('2'), captureDir: capture, scale: 0.25 });
    expect(second.map((r) => r.cached)).toEqual([
      { metadata: true, layers: true },
      { metadata: true, layers: true },
    ]);
    // No bundle, no browser: the stages that ran.
    expect(Object.keys(second[0]!.stages).sort()).toEqual(['audio', 'cache', 'composite', 'prepare']);

    // The same pictures: from the cache as drawn, and shared as alone.
    const alone = await render({
      composition: 'Landscape',
      captureDir: capture,
      scale: 0.25,
      out: path.join(out, 'landscape-alone.mp4'),
      renderer: 'composite',
    });
    for (const n of [0, 60, 100]) {
      const [a1, a2, a3] = [frame(first[0]!.out, n), frame(second[0]!.out, n), frame(alone.out, n)];
      expect(meanAbsDiff(a1, a2), `Landscape frame ${n}: cached vs drawn`).toBeLessThan(0.5);
      expect(meanAbsDiff(a1, a3), `Landscape frame ${n}: shared vs alone`).toBeLessThan(0.5);
      const [s1, s2] = [frame(first[1]!.out, n), frame(second[1]!.out, n)];
      expect(meanAbsDiff(s1, s2), `Square frame ${n}`).toBeLessThan(0.5);
      // Each output is its own composition: the square is on screen in both, at their own sizes.
      expect(findPixels(a2, isRed).count).toBeGreaterThan(20);
      expect(findPixels(s2, isRed).count).toBeGreaterThan(10);
    }
    // Zoomed in at frame 60 in both formats: the square is far larger than at frame 0.
    expect(findPixels(frame(second[1]!.out, 60), isRed).count).toBeGreaterThan(2.5 * findPixels(frame(second[1]!.out, 0), isRed).count);
  });

  it('a render cut into chunks (a long take) is the same video as one run', { timeout: 300_000 }, async () => {
    const whole = await render({ composition: 'Square', captureDir: capture, scale: 0.25, out: path.join(out, 'square-whole.mp4') });
    process.env.SCREENPLAY_COMPOSITE_MAX_COMMANDS = '40';
    try {
      const chunked = await render({ composition: 'Square', captureDir: capture, scale: 0.25, out: path.join(out, 'square-chunked.mp4') });
      expect(probe(chunked.out).frames).toBe(probe(whole.out).frames);
      for (const n of [0, 29, 30, 61, 90, 119]) {
        expect(meanAbsDiff(frame(whole.out, n), frame(chunked.out, n)), `frame ${n}`).toBeLessThan(1);
      }
    } finally {
      delete process.env.SCREENPLAY_COMPOSITE_MAX_COMMANDS;
    }
  });

  it('refuses a still of several compositions, and no composition at all', async () => {
    await expect(renderMany({ jobs: [], captureDir: capture })).rejects.toThrow(/at least one composition/);
    await expect(
      renderMany(
        {
          jobs: [
            { composition: 'Landscape', out: path.join(out, 'a.png') },
            { composition: 'Square', out: path.join(out, 'b.png') },
          ],
          captureDir: capture,
        },
        0,
      ),
    ).rejects.toThrow(/--still renders one composition/);
  });
});
