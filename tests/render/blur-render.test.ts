/**
 * Privacy blur in real renders: a blur mark's region of the recording is blurred (its pixel
 * variance collapses) while it is marked, the rest of the picture stays sharp, and after the
 * mark the region is sharp again — in both render paths.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { landscapeLayout } from '../../src/frame/layout';
import { DEFAULT_STYLE } from '../../src/compositions/shared/style-schema';
import { render } from '../../src/render/render';
import { extractFrame, readPixels, type Pixels } from '../helpers/synthetic';

const W = 480;
const H = 270;
const REGION = { x: 160, y: 80, width: 160, height: 100 };
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-blur-'));
  // Coarse random blocks (4x4 px) that change every frame: sharp detail everywhere.
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `nullsrc=s=${W / 4}x${Math.ceil(H / 4)}:r=30:d=3,geq=lum='random(1)*255':cb=128:cr=128,scale=${W}:${H}:flags=neighbor,format=yuv420p`,
    '-c:v',
    'libx264',
    '-crf',
    '12',
    '-pix_fmt',
    'yuv420p',
    path.join(dir, 'recording.mp4'),
  ]);
  const cursor = Array.from({ length: 31 }, (_, i) => ({ type: 'cursor', tMs: i * 100, x: 20 + i, y: 20 }));
  fs.writeFileSync(
    path.join(dir, 'capture.json'),
    JSON.stringify({
      version: 1,
      recording: 'recording.mp4',
      screen: { width: W, height: H },
      fps: 30,
      durationMs: 3000,
      events: [...cursor, { type: 'mark', kind: 'blur', tMs: 500, endMs: 2000, ...REGION }],
    }),
  );
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const variance = (img: Pixels, r: { x: number; y: number; width: number; height: number }): number => {
  const v: number[] = [];
  for (let y = Math.round(r.y); y < Math.round(r.y + r.height); y++)
    for (let x = Math.round(r.x); x < Math.round(r.x + r.width); x++) v.push(img.data[(y * img.width + x) * 3]!);
  const mean = v.reduce((s, a) => s + a, 0) / v.length;
  return v.reduce((s, a) => s + (a - mean) ** 2, 0) / v.length;
};

describe.each(['composite', 'browser'] as const)('a privacy blur in a %s render', (renderer) => {
  it('blurs the marked region while marked, and nothing else', { timeout: 240_000 }, async () => {
    const out = path.join(dir, `${renderer}.mp4`);
    await render({ composition: 'Landscape', captureDir: dir, out, scale: 0.5, renderer, props: { style: { edit: { idle: { enabled: false } } } } });
    // The region and a same-size area beside it, in the frame (camera at zoom 1: no clicks).
    const l = landscapeLayout({ width: 1920, height: 1080 }, { width: W, height: H }, DEFAULT_STYLE);
    const k = (l.stage.width * 0.5) / W;
    const inset = (r: typeof REGION) => ({
      x: l.stage.x * 0.5 + (r.x + 12) * k,
      y: l.stage.y * 0.5 + (r.y + 12) * k,
      width: (r.width - 24) * k,
      height: (r.height - 24) * k,
    });
    const region = inset(REGION);
    const beside = inset({ ...REGION, x: 10 });
    const at = (frame: number) => {
      const png = path.join(dir, `${renderer}-${frame}.png`);
      extractFrame(out, frame, png);
      return readPixels(png);
    };
    const during = at(36);
    const after = at(75);
    const v = { blurred: variance(during, region), beside: variance(during, beside), afterwards: variance(after, region) };
    console.log(
      `${renderer}: variance in the blurred region ${v.blurred.toFixed(0)}, beside it ${v.beside.toFixed(0)}, the region after the mark ${v.afterwards.toFixed(0)}`,
    );
    expect(v.blurred).toBeLessThan(v.beside / 8);
    expect(v.afterwards).toBeGreaterThan(v.beside / 2);
  });
});
