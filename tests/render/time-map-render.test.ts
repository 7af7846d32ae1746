/**
 * Speed-ups and cuts from the script, in real renders: the video is as long as the time map
 * says (a cut removes its frames, a 4x speed-up plays in a quarter of the time), and each
 * frame shows the moment of the recording the map says — read off a bar that moves across the
 * recording at a known speed — in both render paths.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { landscapeLayout } from '../../src/compositions/shared/layout';
import { DEFAULT_STYLE } from '../../src/compositions/shared/style-schema';
import { render } from '../../src/render/render';
import { buildTimeMap, outToRec } from '../../src/timeline/time-map';
import { extractFrame, probe, readPixels } from '../helpers/synthetic';

const W = 480;
const H = 270;
/** The bar's left edge is at x = 60 px per second of the recording. */
const SPEED = 60;
let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-timemap-'));
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `color=c=0x808080:s=${W}x${H}:r=30:d=7`, '-f', 'lavfi', '-i', 'color=c=red:s=12x120:r=30:d=7',
    '-filter_complex', `[0][1]overlay=x='t*${SPEED}':y=75:shortest=1`, '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-g', '30', path.join(dir, 'recording.mp4')]);
  const log = {
    version: 1, recording: 'recording.mp4', screen: { width: W, height: H }, fps: 30, durationMs: 7000,
    events: [
      { type: 'cursor', tMs: 0, x: 10, y: 10 },
      { type: 'mark', kind: 'speedup', factor: 4, tMs: 1000, endMs: 3000 },
      { type: 'mark', kind: 'cut', tMs: 4000, endMs: 5000 },
    ],
  };
  fs.writeFileSync(path.join(dir, 'capture.json'), JSON.stringify(log));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const map = buildTimeMap({ durationMs: 7000, speedups: [{ fromMs: 1000, toMs: 3000, factor: 4 }], cuts: [{ fromMs: 4000, toMs: 5000 }] });
/** Where the recording is drawn in a 0.25-scale Landscape frame. */
const stage = (() => {
  const l = landscapeLayout({ width: 1920, height: 1080 }, { width: W, height: H }, DEFAULT_STYLE);
  return { x: l.stage.x * 0.25, y: l.stage.y * 0.25, width: l.stage.width * 0.25, height: l.stage.height * 0.25 };
})();

/** The recording time a frame shows, from the bar's left edge (ms). */
const shownMs = (png: string): number => {
  const img = readPixels(png);
  const y = Math.round(stage.y + ((75 + 60) / H) * stage.height);
  for (let x = Math.ceil(stage.x); x < stage.x + stage.width; x++) {
    const i = (y * img.width + x) * 3;
    if (img.data[i]! > 150 && img.data[i + 1]! < 110 && img.data[i + 2]! < 110) return (((x - stage.x) / stage.width) * W / SPEED) * 1000;
  }
  return NaN;
};

describe.each(['composite', 'browser'] as const)('speed-ups and cuts in a %s render', (renderer) => {
  it('the video is as long as the map says and each frame shows the mapped moment', { timeout: 240_000 }, async () => {
    const out = path.join(dir, `${renderer}.mp4`);
    const r = await render({ composition: 'Landscape', captureDir: dir, out, scale: 0.25, renderer });
    // 7 s recorded, 2 s at 4x (0.5 s), 1 s cut: 4.5 s.
    expect(map.outDurationMs).toBe(4500);
    expect(r.durationInFrames).toBe(135);
    expect(probe(out)).toMatchObject({ frames: 135 });
    const errors: number[] = [];
    for (const frame of [6, 24, 33, 42, 52, 75, 80, 100, 130]) {
      const png = path.join(dir, `${renderer}-${frame}.png`);
      extractFrame(out, frame, png);
      const want = outToRec(map, (frame * 1000) / 30);
      const got = shownMs(png);
      errors.push(Math.abs(got - want));
    }
    console.log(`${renderer}: shown vs mapped recording time, error per frame (ms): ${errors.map((e) => e.toFixed(0)).join(', ')}`);
    // Within one recorded frame (33 ms) at normal speed; within a frame of the sped-up clock (4 x 33 ms) in the 4x part.
    for (const e of errors) expect(e).toBeLessThan(140);
    expect(errors.filter((e) => e < 40).length).toBeGreaterThanOrEqual(6);
  });
});

describe('automatic tightening of a raw capture', () => {
  it('an idle stretch (still screen, no input) comes out sped up, with no mark in the script', { timeout: 240_000 }, async () => {
    const idle = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-idle-'));
    try {
      // The bar moves for 2 s, stands still for 5 s, moves again for 2 s; the pointer moves only while the bar does.
      execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', `color=c=0x808080:s=${W}x${H}:r=30:d=9`, '-f', 'lavfi', '-i', 'color=c=red:s=12x120:r=30:d=9',
        '-filter_complex', `[0][1]overlay=x='if(lt(t,2),t*${SPEED},if(lt(t,7),${2 * SPEED},${2 * SPEED}+(t-7)*${SPEED}))':y=75:shortest=1`, '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-g', '30', path.join(idle, 'recording.mp4')]);
      const cursor = (from: number, to: number) => Array.from({ length: Math.round((to - from) / 100) + 1 }, (_, i) => ({ type: 'cursor', tMs: from + i * 100, x: 10 + i, y: 10 }));
      fs.writeFileSync(path.join(idle, 'capture.json'), JSON.stringify({ version: 1, recording: 'recording.mp4', screen: { width: W, height: H }, fps: 30, durationMs: 9000, events: [...cursor(0, 2000), ...cursor(7000, 9000)] }));
      const out = path.join(idle, 'tight.mp4');
      const r = await render({ composition: 'Landscape', captureDir: idle, out, scale: 0.25 });
      const log = JSON.parse(fs.readFileSync(path.join(idle, 'capture.json'), 'utf8'));
      console.log(`idle tightening: 9.0 s recorded → ${(r.durationInFrames / 30).toFixed(2)} s rendered; still stretches measured: ${JSON.stringify(log.stills)}`);
      // The still stretch was measured from the recording (render adds it to capture.json once)…
      expect(log.stills).toHaveLength(1);
      expect(log.stills[0].fromMs).toBeGreaterThan(1900);
      expect(log.stills[0].fromMs).toBeLessThan(2200);
      expect(log.stills[0].toMs).toBeGreaterThan(6800);
      // …and about 4 of its 5 s play at 6x: 9 s → about 5.7 s.
      expect(r.durationInFrames / 30).toBeGreaterThan(5.4);
      expect(r.durationInFrames / 30).toBeLessThan(6.0);
      expect(probe(out).frames).toBe(r.durationInFrames);
      // The same render with tightening off is as long as the recording.
      const plain = await render({ composition: 'Landscape', captureDir: idle, out: path.join(idle, 'plain.mp4'), scale: 0.25, frameRange: [0, 9], props: { style: { edit: { idle: { enabled: false } } } } });
      expect(plain.durationInFrames).toBe(270);
    } finally {
      fs.rmSync(idle, { recursive: true, force: true });
    }
  });
});
