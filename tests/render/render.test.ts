/**
 * Real renders: Remotion with the system Chromium, on a synthetic capture whose content is
 * known, checked by pixels and by ffprobe.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { landscapeLayout } from '../../src/frame/layout';
import { DEFAULT_STYLE } from '../../src/compositions/shared/style-schema';
import { render } from '../../src/render/render';
import { ScreenplayError } from '../../src/errors';
import { extractFrame, findPixels, isRed, makeSyntheticCapture, meanAbsDiff, probe, readPixels, SQUARE } from '../helpers/synthetic';

let capture: string;
let out: string;

beforeAll(() => {
  capture = makeSyntheticCapture();
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-render-'));
});
afterAll(() => {
  fs.rmSync(capture, { recursive: true, force: true });
  fs.rmSync(out, { recursive: true, force: true });
});

describe('render (Landscape, 480x270)', () => {
  it('zooms toward the click: the red square grows at least 3x and moves to the middle', { timeout: 240_000 }, async () => {
    const before = path.join(out, 'before.png');
    const zoomed = path.join(out, 'zoomed.png');
    await render({ composition: 'Landscape', captureDir: capture, out: before, still: 0, scale: 0.25 });
    await render({ composition: 'Landscape', captureDir: capture, out: zoomed, still: 60, scale: 0.25 });

    const a = readPixels(before);
    const b = readPixels(zoomed);
    expect([a.width, a.height]).toEqual([480, 270]);
    const red0 = findPixels(a, isRed);
    const red1 = findPixels(b, isRed);

    // Before the zoom the square sits where the layout puts it.
    const layout = landscapeLayout({ width: 480, height: 270 }, { width: 480, height: 270 }, DEFAULT_STYLE);
    const k0 = layout.stage.width / 480;
    const expectedArea = (SQUARE.size * k0) ** 2;
    expect(red0.count).toBeGreaterThan(expectedArea * 0.7);
    expect(red0.count).toBeLessThan(expectedArea * 1.3);
    expect(red0.cx).toBeCloseTo((layout.stage.x + (SQUARE.x + SQUARE.size / 2) * k0) / 480, 1);
    expect(red0.cy).toBeCloseTo((layout.stage.y + (SQUARE.y + SQUARE.size / 2) * k0) / 270, 1);

    // At full zoom (2x) it covers about 4x the area, in the middle part of the frame.
    expect(red1.count).toBeGreaterThanOrEqual(3 * red0.count);
    expect(red1.cx).toBeGreaterThan(0.25);
    expect(red1.cx).toBeLessThan(0.75);
    expect(red1.cy).toBeGreaterThan(0.25);
    expect(red1.cy).toBeLessThan(0.75);
  });

  it('renders a video in the browser: H.264, the right size, fps and length', { timeout: 240_000 }, async () => {
    const file = path.join(out, 'clip.mp4');
    const result = await render({ composition: 'Landscape', captureDir: capture, out: file, scale: 0.25, frameRange: [0, 29], renderer: 'browser' });
    expect(result.fps).toBe(30);
    expect(result.durationInFrames).toBe(120);
    const info = probe(file);
    expect(info).toMatchObject({ codec: 'h264', width: 480, height: 270, fps: '30/1', frames: 30 });
    expect(info.durationS).toBeCloseTo(1, 1);
    // The picture is real: the first frame shows the square.
    const first = readPixels(file);
    expect(findPixels(first, isRed).count).toBeGreaterThan(100);
  });
});

describe('render: the composite renderer matches the browser', () => {
  it('zooms the same way and shows the same picture, frame for frame', { timeout: 240_000 }, async () => {
    const file = path.join(out, 'composite.mp4');
    // Frames 0 to 60: the last compared is 60.
    await render({ composition: 'Landscape', captureDir: capture, out: file, renderer: 'composite', frameRange: [0, 60], scale: 0.5 });
    const info = probe(file);
    expect(info).toMatchObject({ codec: 'h264', width: 960, height: 540, frames: 61 });
    for (const frame of [0, 45, 60]) {
      const still = path.join(out, `browser-${frame}.png`);
      await render({ composition: 'Landscape', captureDir: capture, out: still, still: frame, scale: 0.5 });
      const fromVideo = path.join(out, `composite-${frame}.png`);
      extractFrame(file, frame, fromVideo);
      const a = readPixels(still);
      const b = readPixels(fromVideo);
      expect(meanAbsDiff(a, b)).toBeLessThan(4);
      // The red square is where the browser draws it, at the same size.
      const ra = findPixels(a, isRed);
      const rb = findPixels(b, isRed);
      expect(rb.count).toBeGreaterThan(ra.count * 0.85);
      expect(rb.count).toBeLessThan(ra.count * 1.15);
      expect(rb.cx).toBeCloseTo(ra.cx, 2);
      expect(rb.cy).toBeCloseTo(ra.cy, 2);
    }
    // And it zoomed: the square at frame 60 is at least 3x its size at frame 0.
    const z0 = findPixels(readPixels(path.join(out, 'composite-0.png')), isRed).count;
    const z60 = findPixels(readPixels(path.join(out, 'composite-60.png')), isRed).count;
    expect(z60).toBeGreaterThanOrEqual(3 * z0);
  });
});

describe('render (TikTokSplit, 270x480)', () => {
  it('shows the screen in the top half and the panel below', { timeout: 240_000 }, async () => {
    const file = path.join(out, 'tiktok.png');
    await render({ composition: 'TikTokSplit', captureDir: capture, out: file, still: 60, scale: 0.25 });
    const img = readPixels(file);
    expect([img.width, img.height]).toEqual([270, 480]);
    const red = findPixels(img, isRed);
    expect(red.count).toBeGreaterThan(200);
    expect(red.cy).toBeLessThan(0.5);
    // The title in the lower half: white text pixels.
    const white = findPixels(img, (r, g, b) => r > 235 && g > 235 && b > 235);
    expect(white.count).toBeGreaterThan(300);
    expect(white.cy).toBeGreaterThan(0.5);
  });
});

describe('render errors', () => {
  it('a bad capture dir is invalid input, naming the JSON path', async () => {
    const bad = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-bad-'));
    const log = JSON.parse(fs.readFileSync(path.join(capture, 'capture.json'), 'utf8'));
    log.events[3].x = 'left';
    fs.writeFileSync(path.join(bad, 'capture.json'), JSON.stringify(log));
    fs.copyFileSync(path.join(capture, 'recording.mp4'), path.join(bad, 'recording.mp4'));
    const err = await render({ composition: 'Landscape', captureDir: bad, out: path.join(out, 'x.mp4') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ScreenplayError);
    expect((err as ScreenplayError).exitCode).toBe(1);
    expect((err as Error).message).toMatch(/capture\.json: events\[3\]\.x must be number, but got "left"/);
    fs.rmSync(bad, { recursive: true, force: true });
  });

  it('props that do not fit the schema are invalid input, naming the prop', { timeout: 120_000 }, async () => {
    const err = await render({
      composition: 'Landscape',
      captureDir: capture,
      out: path.join(out, 'x.png'),
      still: 0,
      props: { style: { padding: 'big' } },
    }).catch((e: unknown) => e);
    expect((err as ScreenplayError).exitCode).toBe(1);
    expect((err as Error).message).toMatch(/^props: style\.padding must be number, but got "big"/);
  });

  it('a missing recording is invalid input', async () => {
    const bad = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-bad-'));
    fs.copyFileSync(path.join(capture, 'capture.json'), path.join(bad, 'capture.json'));
    const err = await render({ composition: 'Landscape', captureDir: bad, out: path.join(out, 'x.mp4') }).catch((e: unknown) => e);
    expect((err as ScreenplayError).exitCode).toBe(1);
    expect((err as Error).message).toMatch(/capture\.json: recording must name a file in the capture dir, but "recording\.mp4" does not exist/);
    fs.rmSync(bad, { recursive: true, force: true });
  });
});
