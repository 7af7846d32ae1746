/**
 * Platform presets end to end through `screenplay render CAPTURE --out DIR`: presets that share a
 * layout share one render (tiktok and shorts: one 9:16 render), each preset's file is made from
 * it and fitted to its limit (shorts sped up, x cut with a fade), and the Portrait composition
 * (linkedin's layout) draws the recording inside its stage at 4:5. Tiny: a 4 s synthetic capture
 * at --scale 0.25.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_STYLE } from '../../src/compositions/shared/style-schema';
import { portraitLayout } from '../../src/frame/layout';
import { extractFrame, findPixels, isRed, makeSyntheticCapture, probe, readPixels } from '../helpers/synthetic';

const run = promisify(execFile);
const BIN = path.join(__dirname, '..', '..', 'bin', 'screenplay.mjs');

let capture: string;
beforeAll(() => {
  capture = makeSyntheticCapture(4);
  const log = JSON.parse(fs.readFileSync(path.join(capture, 'capture.json'), 'utf8'));
  log.formats = [];
  log.presets = ['tiktok', { shorts: { maxSeconds: 3.6 } }, { x: { maxSeconds: 3 } }, 'linkedin'];
  fs.writeFileSync(path.join(capture, 'capture.json'), JSON.stringify(log));
});
afterAll(() => {
  if (capture) fs.rmSync(capture, { recursive: true, force: true });
});

describe('presets through render --out DIR', () => {
  it('renders each layout once, then writes every preset from its layout, fitted to its limit', { timeout: 600_000 }, async () => {
    const out = path.join(capture, 'videos');
    const r = await run(process.execPath, [BIN, 'render', capture, '--out', out, '--scale', '0.25'], { timeout: 580_000 });
    // One render per layout: tiktok and shorts share the 9:16 one.
    expect(
      fs
        .readdirSync(path.join(out, '.presets'))
        .filter((f) => f.endsWith('.mp4'))
        .sort(),
    ).toEqual(['landscape.mp4', 'portrait.mp4', 'tiktok.mp4']);
    expect(r.stderr.match(/wrote \S*\.presets\/\w+\.mp4/g)).toHaveLength(3);
    expect(
      fs
        .readdirSync(out)
        .filter((f) => /\.(mp4|gif)$/.test(f))
        .sort(),
    ).toEqual(['linkedin.mp4', 'shorts.mp4', 'tiktok.mp4', 'x.mp4']);

    const tiktok = probe(path.join(out, 'tiktok.mp4'));
    const shorts = probe(path.join(out, 'shorts.mp4'));
    const x = probe(path.join(out, 'x.mp4'));
    const linkedin = probe(path.join(out, 'linkedin.mp4'));
    expect(tiktok).toMatchObject({ width: 270, height: 480 });
    expect(tiktok.durationS).toBeCloseTo(4, 1);
    // 4 s against 3.6 s: 1.11x, within 1.15x: sped up to fit.
    expect(shorts).toMatchObject({ width: 270, height: 480 });
    expect(shorts.durationS).toBeGreaterThan(3.45);
    expect(shorts.durationS).toBeLessThanOrEqual(3.62);
    expect(r.stderr).toMatch(/shorts: wrote \S*shorts\.mp4 \(270x480, 4 s, [\d.]+ (KB|MB); 4 s is longer than shorts's 4 s: sped up 1\.11x to fit 4 s\)/);
    // 4 s against 3 s: 1.33x, past 1.15x: cut at 3 s, fading out.
    expect(x).toMatchObject({ width: 480, height: 270 });
    expect(x.durationS).toBeCloseTo(3, 1);
    expect(r.stderr).toMatch(/x: wrote \S*x\.mp4 .*cut at 3 s with a 0\.5 s fade/);
    const last = readPixels(extractLast(path.join(out, 'x.mp4'), x.frames));
    expect(mean(last)).toBeLessThan(40);
    // Captions beside a preset's file exactly when its layout's render has them (this capture has no narration: none).
    for (const [f, layout] of [
      ['tiktok', 'tiktok'],
      ['shorts', 'tiktok'],
      ['x', 'landscape'],
      ['linkedin', 'portrait'],
    ])
      expect(fs.existsSync(path.join(out, `${f}.srt`)), f).toBe(fs.existsSync(path.join(out, '.presets', `${layout}.srt`)));

    // Portrait (linkedin's layout): 4:5, the recording inside the stage the layout gives.
    expect(linkedin).toMatchObject({ width: 270, height: 338 });
    const png = path.join(capture, 'portrait-0.png');
    extractFrame(path.join(out, 'linkedin.mp4'), 0, png);
    const img = readPixels(png);
    const layout = portraitLayout({ width: 1080, height: 1350 }, { width: 480, height: 270 }, { ...DEFAULT_STYLE, padding: 0.045 });
    const k = 270 / 1080;
    const stage = { x: layout.stage.x * k, y: layout.stage.y * k, width: layout.stage.width * k, height: layout.stage.height * k };
    // The view is at most 1.4:1 (taller than the 16:9 screen's own aspect).
    expect(layout.stage.width / layout.stage.height).toBeCloseTo(1.4, 1);
    const red = findPixels(img, isRed);
    expect(red.count).toBeGreaterThan(5);
    expect(red.cx * img.width).toBeGreaterThan(stage.x);
    expect(red.cx * img.width).toBeLessThan(stage.x + stage.width);
    expect(red.cy * img.height).toBeGreaterThan(stage.y);
    expect(red.cy * img.height).toBeLessThan(stage.y + stage.height);
    // The recording's grey fills the stage's middle; the panel below it is not the recording.
    const at = (px: number, py: number) => [
      ...img.data.subarray((Math.round(py) * img.width + Math.round(px)) * 3, (Math.round(py) * img.width + Math.round(px)) * 3 + 3),
    ];
    const grey = (c: number[]) => c.every((v) => Math.abs(v - 128) < 20);
    expect(grey(at(stage.x + stage.width * 0.25, stage.y + stage.height * 0.25))).toBe(true);
    expect(grey(at(stage.x + 4, stage.y + stage.height + (img.height - stage.y - stage.height) * 0.9))).toBe(false);
  });
});

const extractLast = (video: string, frames: number): string => {
  const png = `${video}.last.png`;
  extractFrame(video, frames - 1, png);
  return png;
};
const mean = (img: { data: Buffer }) => img.data.reduce((a, b) => a + b, 0) / img.data.length;
