/**
 * Sizes and clocks taken from the files, not on trust (issue 16, section 2), in real renders:
 *   - the recording's frames carry their number in five black/white stripes (bit i in stripe
 *     i), so a rendered frame says which recording frame it shows;
 *   - a recording whose first frame is at 1.5 s (container start_time) is read from its first
 *     frame in both paths: video frame k (10 fps) shows recording frame k;
 *   - capture.json's durationMs up to 1 s off the recording is clamped to the shorter one with a
 *     warning (both paths end on the same frame), more is refused naming both numbers (exit 1);
 *   - every size (browser, composite, stills, what the CLI prints) is the one size rule's, and
 *     is the file's real size (ffprobe).
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { landscapeLayout } from '../../src/frame/layout';
import { DEFAULT_STYLE } from '../../src/compositions/shared/style-schema';
import { main } from '../../src/cli/main';
import { render, type RenderProgress } from '../../src/render/render';
import { extractFrame, probe, readPixels } from '../helpers/synthetic';

const W = 320;
const H = 180;
const FPS = 10;
const SCALE = 0.25;
let root: string;

/** A capture dir: `seconds` of numbered frames at 10 fps, the first at `offsetS`, and a log of `logMs`. */
const makeCapture = (name: string, opts: { seconds: number; offsetS: number; logMs: number; ext?: 'mp4' | 'mkv' }): string => {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  const file = `recording.${opts.ext ?? 'mp4'}`;
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `color=c=black:s=${W}x${H}:r=${FPS}:d=${opts.seconds}`,
    '-vf',
    `format=gray,geq=lum='if(bitand(N\\,pow(2\\,floor(X/64)))\\,235\\,16)',format=yuv420p`,
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    '-g',
    String(FPS),
    ...(opts.offsetS ? ['-output_ts_offset', String(opts.offsetS)] : []),
    path.join(dir, file),
  ]);
  const log = {
    version: 1,
    recording: file,
    screen: { width: W, height: H },
    fps: FPS,
    durationMs: opts.logMs,
    events: [{ type: 'cursor', tMs: 0, x: 4, y: 4 }],
  };
  fs.writeFileSync(path.join(dir, 'capture.json'), JSON.stringify(log));
  return dir;
};

/** Where the recording is drawn in a 0.25-scale Landscape frame. */
const stage = (() => {
  const l = landscapeLayout({ width: 1920, height: 1080 }, { width: W, height: H }, DEFAULT_STYLE);
  return { x: l.stage.x * SCALE, y: l.stage.y * SCALE, width: l.stage.width * SCALE, height: l.stage.height * SCALE };
})();

/** The recording frame a rendered frame shows (its stripes read as bits). */
const shownFrame = (video: string, n: number): number => {
  const png = `${video}.${n}.png`;
  extractFrame(video, n, png);
  const img = readPixels(png);
  const y = Math.round(stage.y + stage.height * 0.6);
  let bits = 0;
  for (let i = 0; i < 5; i++) {
    const x = Math.round(stage.x + ((i * 64 + 32) / W) * stage.width);
    const j = (y * img.width + x) * 3;
    if (img.data[j]! + img.data[j + 1]! + img.data[j + 2]! > 3 * 128) bits |= 1 << i;
  }
  return bits;
};

beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-clock-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

describe('the stripes fixture reads back', () => {
  it('frame k of the recording reads as k', () => {
    const dir = makeCapture('plain', { seconds: 3, offsetS: 0, logMs: 3000 });
    for (const k of [0, 5, 21, 29]) {
      const png = path.join(root, `plain-${k}.png`);
      extractFrame(path.join(dir, 'recording.mp4'), k, png);
      const img = readPixels(png);
      let bits = 0;
      for (let i = 0; i < 5; i++) if (img.data[(90 * W + i * 64 + 32) * 3]! > 128) bits |= 1 << i;
      expect(bits).toBe(k);
    }
  });
});

describe.each(['composite', 'browser'] as const)('the recording clock in a %s render', (renderer) => {
  it(
    'a recording starting at 1.5 s, with a log 400 ms longer: frame k shows recording frame k, clamped to the recording with a warning',
    { timeout: 300_000 },
    async () => {
      const dir = makeCapture(`late-${renderer}`, { seconds: 3, offsetS: 1.5, logMs: 3400 });
      const warnings: string[] = [];
      const out = path.join(root, `late-${renderer}.mp4`);
      const r = await render({
        composition: 'Landscape',
        captureDir: dir,
        out,
        scale: SCALE,
        renderer,
        onProgress: (p: RenderProgress) => p.warning && warnings.push(p.stage),
      });
      expect(warnings.join('\n')).toMatch(/durationMs is 3400 but "recording\.mp4" lasts 3000 ms: rendering 3000 ms \(the log's last 400 ms have no picture\)/);
      expect(r.durationInFrames).toBe(30);
      const p = probe(out);
      expect([p.width, p.height, p.frames]).toEqual([480, 270, 30]);
      for (const k of [1, 14, 29]) expect({ k, shown: shownFrame(out, k) }).toEqual({ k, shown: k });
    },
  );

  it(
    'a Matroska recording starting at 1.5 s, 600 ms longer than the log: the log decides, the warning says the tail is left out',
    { timeout: 300_000 },
    async () => {
      const dir = makeCapture(`long-${renderer}`, { seconds: 3, offsetS: 1.5, logMs: 2400, ext: 'mkv' });
      const warnings: string[] = [];
      const out = path.join(root, `long-${renderer}.mp4`);
      const r = await render({
        composition: 'Landscape',
        captureDir: dir,
        out,
        scale: SCALE,
        renderer,
        onProgress: (p: RenderProgress) => p.warning && warnings.push(p.stage),
      });
      expect(warnings.join('\n')).toMatch(
        /durationMs is 2400 but "recording\.mkv" lasts 3000 ms: rendering 2400 ms \(the recording's last 600 ms are left out\)/,
      );
      expect(r.durationInFrames).toBe(24);
      expect(probe(out).frames).toBe(24);
      for (const k of [0, 12, 23]) expect({ k, shown: shownFrame(out, k) }).toEqual({ k, shown: k });
    },
  );
});

describe('a log far from the recording is refused before anything renders', () => {
  it.each([
    [6000, /capture\.json: durationMs must be the length of "recording\.mp4" \(3000 ms, clamped when within 1000 ms\), but got 6000 \(3000 ms longer\)/],
    [1500, /\(3000 ms, clamped when within 1000 ms\), but got 1500 \(1500 ms shorter\)/],
  ])('durationMs %s for a 3 s recording: exit 1 naming both', async (logMs, err) => {
    const dir = makeCapture(`far-${logMs}`, { seconds: 3, offsetS: 0, logMs });
    const e = await render({ composition: 'Landscape', captureDir: dir, out: path.join(root, `far-${logMs}.mp4`), scale: SCALE }).catch((x: unknown) => x);
    expect((e as Error).message).toMatch(err);
    expect((e as { exitCode?: number }).exitCode).toBe(1);
  });
});

/** Runs the CLI in this process (the bundle is shared); returns the exit code and what it printed. */
const cli = async (...args: string[]) => {
  let stderr = '';
  const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await main(args), stderr };
  } finally {
    write.mockRestore();
  }
};

describe("one size rule for every path: the printed size is the file's", () => {
  let dir: string;
  beforeAll(() => {
    dir = makeCapture('sizes', { seconds: 0.3, offsetS: 0, logMs: 300 });
  });
  it.each([
    ['Landscape', '0.125', 'composite', 240, 136],
    ['Landscape', '0.125', 'browser', 240, 136],
    ['TikTokSplit', '0.3333', 'browser', 360, 640],
    ['Square', '0.125', 'composite', 136, 136],
  ])('%s at --scale %s (%s): %sx%s', { timeout: 300_000 }, async (composition, scale, renderer, width, height) => {
    const out = path.join(root, `size-${composition}-${scale}-${renderer}.mp4`);
    const r = await cli('render', dir, '--composition', composition, '--scale', scale, '--renderer', renderer, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain(`(${width}x${height}, 3 frames`);
    const p = probe(out);
    expect([p.width, p.height]).toEqual([width, height]);
  });
  it('a still at --scale 0.125 is 240x136 too', { timeout: 300_000 }, async () => {
    const out = path.join(root, 'still.png');
    const r = await cli('render', dir, '--composition', 'Landscape', '--scale', '0.125', '--still', '1', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain('(240x136,');
    const img = readPixels(out);
    expect([img.width, img.height]).toEqual([240, 136]);
  });
  it('--scale 0.01: exit 1 naming the size it would give, before a browser opens', async () => {
    const r = await cli('render', dir, '--composition', 'Landscape', '--scale', '0.01', '--out', path.join(root, 'tiny.mp4'));
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--scale: expected a scale from 0\.03 to 4 for a 1920x1080 composition \(each side 32 to 7680 px\), but 0\.01 gives 20x10/);
  });
  it.each(['', '0x10', 'abc', 'NaN', '1/2'])('--scale "%s": exit 1, read as written (never as 0 or hex)', async (value) => {
    const r = await cli('render', dir, '--composition', 'Landscape', '--scale', value, '--out', path.join(root, 'never.mp4'));
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`--scale: expected a number ≥ 0, but got "${value}"`);
  });
});
