/**
 * Image search: OpenCV (wasm) template matching on real pixels from the sample recording, and
 * nut.js's screen.find using our finder on a real X display.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTemplate, type Pixels } from '../../src/capture/image-search/find-template';
import { loadOpenCv, type CV } from '../../src/capture/image-search/opencv';
import { startVirtualDesktop, type VirtualDesktop } from '../../src/stage/virtual-desktop';
import { seededRandom } from '../../src/util/seeded-random';
import { DESKTOP, skipWithout } from '../helpers/requires';

const skip = skipWithout('nut.js screen.find on Xvfb', DESKTOP);

const ROOT = path.join(__dirname, '..', '..');
const BUTTON = path.join(ROOT, 'examples', 'assets', 'open-site-button.png'); // cut from the first sample recording at 20 s (fixtures/sample-screen-20s.png), at (1732, 982)
const rgba = (args: string[], width: number, height: number): Pixels => ({
  width,
  height,
  channels: 4,
  data: execFileSync('ffmpeg', ['-v', 'error', ...args, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgba', '-'], { maxBuffer: 1 << 26 }),
});

let cv: CV;
let screen: Pixels;
beforeAll(async () => {
  cv = await loadOpenCv();
  screen = rgba(['-i', path.join(ROOT, 'tests', 'capture', 'fixtures', 'sample-screen-20s.png')], 1920, 1080);
});

describe('findTemplate', () => {
  it('finds a button on a 1080p screen at its exact position', () => {
    const r = findTemplate(cv, screen, rgba(['-i', BUTTON], 116, 40));
    expect(r.match).toMatchObject({ x: 1732, y: 982, width: 116, height: 40, scale: 1 });
    expect(r.match!.score).toBeGreaterThan(0.99);
  });

  it('finds a template taken on a 2x (HiDPI) screen through the scale search', () => {
    const r = findTemplate(cv, screen, rgba(['-i', BUTTON, '-vf', 'scale=232:80'], 232, 80));
    expect(r.match).toMatchObject({ x: 1732, y: 982, width: 116, height: 40 });
    expect(r.match!.scale).toBeCloseTo(0.5, 2);
    // Declared (a `@2x` export): found at exactly half, without the scale search.
    expect(findTemplate(cv, screen, rgba(['-i', BUTTON, '-vf', 'scale=232:80'], 232, 80), { templateScale: 2, scaleSearch: false }).match).toMatchObject({
      x: 1732,
      y: 982,
      scale: 0.5,
    });
  });

  it('searches only the region it is given', () => {
    const needle = rgba(['-i', BUTTON], 116, 40);
    expect(findTemplate(cv, screen, needle, { region: { x: 1500, y: 900, width: 420, height: 180 } }).match).toMatchObject({ x: 1732, y: 982 });
    const outside = findTemplate(cv, screen, needle, { region: { x: 0, y: 0, width: 900, height: 1080 } });
    expect(outside.match).toBeNull();
    expect(outside.best!.score).toBeLessThan(0.9);
  });

  it('reports the best score when nothing reaches the confidence', () => {
    const red = rgba(['-f', 'lavfi', '-i', 'color=c=red:s=60x60'], 60, 60);
    const r = findTemplate(cv, screen, red, { confidence: 0.95 });
    expect(r.match).toBeNull();
    expect(r.best).not.toBeNull();
  });

  it('coarse-to-fine finds as good a match as searching every pixel, for 16 crops of assorted sizes', () => {
    const rand = seededRandom(7);
    const sizes = [
      [120, 40],
      [60, 60],
      [200, 30],
      [24, 24],
      [300, 120],
      [40, 16],
    ] as const;
    const gray = (x: number, y: number) => {
      const i = (y * screen.width + x) * 4;
      return (screen.data[i]! + screen.data[i + 1]! + screen.data[i + 2]!) / 3;
    };
    const toMat = (p: Pixels) => {
      const m = new cv.Mat(p.height, p.width, cv.CV_8UC4);
      m.data.set(p.data);
      const g = new cv.Mat();
      cv.cvtColor(m, g, cv.COLOR_RGBA2GRAY);
      m.delete();
      return g;
    };
    const hay = toMat(screen);
    let tried = 0;
    while (tried < 16) {
      const [w, h] = sizes[tried % sizes.length]!;
      const x = Math.floor(rand() * (screen.width - w));
      const y = Math.floor(rand() * (screen.height - h));
      // Only crops with detail: a flat patch of background is everywhere.
      const vals: number[] = [];
      for (let yy = y; yy < y + h; yy += 2) for (let xx = x; xx < x + w; xx += 2) vals.push(gray(xx, yy));
      const mean = vals.reduce((a, b) => a + b, 0) / vals.length;
      if (Math.sqrt(vals.reduce((a, b) => a + (b - mean) ** 2, 0) / vals.length) < 25) continue;
      tried++;
      const data = Buffer.alloc(w * h * 4);
      for (let yy = 0; yy < h; yy++) Buffer.from(screen.data).copy(data, yy * w * 4, ((y + yy) * screen.width + x) * 4, ((y + yy) * screen.width + x + w) * 4);
      const needle: Pixels = { width: w, height: h, channels: 4, data };
      // The exhaustive answer: every position at full resolution.
      const n = toMat(needle);
      const res = new cv.Mat();
      cv.matchTemplate(hay, n, res, cv.TM_CCOEFF_NORMED);
      const exhaustive = cv.minMaxLoc(res).maxVal as number;
      res.delete();
      n.delete();
      const r = findTemplate(cv, screen, needle, { scaleSearch: false });
      const where = `crop ${w}x${h} at (${x}, ${y}): found (${r.match?.x}, ${r.match?.y}) scoring ${r.best?.score}, exhaustive best ${exhaustive}`;
      expect(r.match, where).not.toBeNull();
      // The place itself, or one scoring as high (UI bars and icons repeat).
      expect(r.match!.score, where).toBeGreaterThan(exhaustive - 0.002);
    }
    hay.delete();
  });

  it('a needle bigger than the screen is simply not found', () => {
    const small = rgba(['-i', BUTTON, '-vf', 'crop=40:20:0:0'], 40, 20);
    expect(findTemplate(cv, small, rgba(['-i', BUTTON], 116, 40), { scaleSearch: false })).toEqual({ match: null, best: null });
  });
});

describe.skipIf(skip)('nut.js screen.find with the OpenCV finder (Xvfb)', () => {
  let desktop: VirtualDesktop;
  beforeAll(async () => {
    desktop = await startVirtualDesktop({ width: 1024, height: 768, windowManager: false, background: '#334455' });
  });
  afterAll(async () => {
    await desktop?.stop();
  });

  it('locates a picture shown on the screen', { timeout: 60_000 }, async () => {
    const env = { ...process.env, DISPLAY: desktop.display };
    const viewer = spawn('ffplay', ['-loglevel', 'error', '-noborder', '-left', '300', '-top', '200', '-loop', '0', '-i', BUTTON], { env, stdio: 'ignore' });
    try {
      await new Promise((r) => setTimeout(r, 2500));
      const r = spawnSync(path.join(ROOT, 'node_modules', '.bin', 'tsx'), [path.join(ROOT, 'tests', 'helpers', 'driver-probe.ts'), 'find', BUTTON], {
        env,
        encoding: 'utf8',
        timeout: 60_000,
      });
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual({ left: 300, top: 200, width: 116, height: 40 });
    } finally {
      viewer.kill();
    }
  });
});
