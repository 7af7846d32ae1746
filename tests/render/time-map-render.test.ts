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
import { landscapeLayout } from '../../src/frame/layout';
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
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    `color=c=0x808080:s=${W}x${H}:r=30:d=7`,
    '-f',
    'lavfi',
    '-i',
    'color=c=red:s=12x120:r=30:d=7',
    '-filter_complex',
    `[0][1]overlay=x='t*${SPEED}':y=75:shortest=1`,
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    '-g',
    '30',
    path.join(dir, 'recording.mp4'),
  ]);
  const log = {
    version: 1,
    recording: 'recording.mp4',
    screen: { width: W, height: H },
    fps: 30,
    durationMs: 7000,
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
    if (img.data[i]! > 150 && img.data[i + 1]! < 110 && img.data[i + 2]! < 110) return ((((x - stage.x) / stage.width) * W) / SPEED) * 1000;
  }
  return NaN;
};

/** The green channel where the recording had the bar's middle at `recMs`. */
const barGreen = (png: string, recMs: number): number => {
  const img = readPixels(png);
  const y = Math.round(stage.y + ((75 + 60) / H) * stage.height);
  const x = Math.round(stage.x + (((recMs / 1000) * SPEED + 6) / W) * stage.width);
  return img.data[(y * img.width + x) * 3 + 1]!;
};
/**
 * How much of the bar shows where the recording had it at `recMs`: 0 the grey background, 1 the
 * bar as a plain frame shows it (`full`: the bar's green there; the background is read at 0.5 s,
 * where the bar never is in the frames checked).
 */
const barShare = (png: string, recMs: number, full = 0): number => {
  const bg = barGreen(png, 500);
  return Math.max(0, Math.min(1, (bg - barGreen(png, recMs)) / (bg - full)));
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
    for (const frame of [6, 24, 33, 42, 52, 70, 80, 100, 130]) {
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

    // The cut dissolves over 300 ms (frames 71–79 around the cut at frame 75): each side's bar
    // shows with the share the dissolve gives it, and the held side never shows what was cut.
    const shares: string[] = [];
    const checks: Array<{ got: number; want: number }> = [];
    // The bar's own colour, from the last plain frame before the dissolve.
    const plain = path.join(dir, `${renderer}-plain-70.png`);
    extractFrame(out, 70, plain);
    const full = barGreen(plain, outToRec(map, (70 * 1000) / 30));
    for (const frame of [72, 75, 78]) {
      const png = path.join(dir, `${renderer}-dissolve-${frame}.png`);
      extractFrame(out, frame, png);
      const t = (frame * 1000) / 30;
      const incoming = (t - 2350) / 300;
      // Outgoing: playing before the cut, held at its last frame (rec 3966.7 ms) after it; incoming: held at 5000 ms before the cut, playing after it.
      const outgoingRec = t < 2500 ? outToRec(map, t) : 4000 - 1000 / 30;
      const incomingRec = t < 2500 ? 5000 : outToRec(map, t);
      const got = { outgoing: barShare(png, outgoingRec, full), incoming: barShare(png, incomingRec, full) };
      shares.push(
        `frame ${frame}: outgoing ${got.outgoing.toFixed(2)} (want ${(1 - incoming).toFixed(2)}), incoming ${got.incoming.toFixed(2)} (want ${incoming.toFixed(2)})`,
      );
      // What was cut (4000–5000 ms) never shows: the bar at 4500 ms is not there.
      checks.push({ got: got.outgoing, want: 1 - incoming }, { got: got.incoming, want: incoming }, { got: barShare(png, 4500, full), want: 0 });
    }
    console.log(`${renderer}: dissolve across the cut, bar share per side: ${shares.join('; ')}`);
    for (const c of checks) expect(Math.abs(c.got - c.want)).toBeLessThan(0.12);
  });

  it('with crossfadeMs 0 the cut is hard', { timeout: 240_000 }, async () => {
    const out = path.join(dir, `${renderer}-hard.mp4`);
    await render({
      composition: 'Landscape',
      captureDir: dir,
      out,
      scale: 0.25,
      renderer,
      frameRange: [72, 78],
      props: { style: { edit: { crossfadeMs: 0 } } },
    });
    const png = path.join(dir, `${renderer}-hard-3.png`);
    extractFrame(out, 3, png); // frame 75, the first after the cut
    const plain = path.join(dir, `${renderer}-hard-0.png`);
    extractFrame(out, 0, plain); // frame 72: only the outgoing side
    const full = barGreen(plain, outToRec(map, (72 * 1000) / 30));
    expect(barShare(png, 5000, full)).toBeGreaterThan(0.88);
    expect(barShare(png, 4000 - 1000 / 30, full)).toBeLessThan(0.08);
    expect(barShare(plain, 5000, full)).toBeLessThan(0.08);
  });
});

describe('automatic tightening of a raw capture', () => {
  it('an idle stretch (still screen, no input) comes out sped up, with no mark in the script', { timeout: 240_000 }, async () => {
    const idle = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-idle-'));
    try {
      // The bar moves for 2 s, stands still for 5 s, moves again for 2 s; the pointer moves only while the bar does.
      execFileSync('ffmpeg', [
        '-v',
        'error',
        '-y',
        '-f',
        'lavfi',
        '-i',
        `color=c=0x808080:s=${W}x${H}:r=30:d=9`,
        '-f',
        'lavfi',
        '-i',
        'color=c=red:s=12x120:r=30:d=9',
        '-filter_complex',
        `[0][1]overlay=x='if(lt(t,2),t*${SPEED},if(lt(t,7),${2 * SPEED},${2 * SPEED}+(t-7)*${SPEED}))':y=75:shortest=1`,
        '-c:v',
        'libx264',
        '-pix_fmt',
        'yuv420p',
        '-g',
        '30',
        path.join(idle, 'recording.mp4'),
      ]);
      const cursor = (from: number, to: number) =>
        Array.from({ length: Math.round((to - from) / 100) + 1 }, (_, i) => ({ type: 'cursor', tMs: from + i * 100, x: 10 + i, y: 10 }));
      fs.writeFileSync(
        path.join(idle, 'capture.json'),
        JSON.stringify({
          version: 1,
          recording: 'recording.mp4',
          screen: { width: W, height: H },
          fps: 30,
          durationMs: 9000,
          events: [...cursor(0, 2000), ...cursor(7000, 9000)],
        }),
      );
      const out = path.join(idle, 'tight.mp4');
      const captureJson = fs.readFileSync(path.join(idle, 'capture.json'), 'utf8');
      // The still stretches are measured once and cached outside the capture dir.
      const cache = path.join(idle, 'cache');
      const env = process.env.SCREENPLAY_CACHE_DIR;
      process.env.SCREENPLAY_CACHE_DIR = cache;
      const r = await render({ composition: 'Landscape', captureDir: idle, out, scale: 0.25 }).finally(() => {
        if (env === undefined) delete process.env.SCREENPLAY_CACHE_DIR;
        else process.env.SCREENPLAY_CACHE_DIR = env;
      });
      expect(fs.readFileSync(path.join(idle, 'capture.json'), 'utf8')).toBe(captureJson);
      const [entry] = fs.readdirSync(path.join(cache, 'stills'));
      const log = JSON.parse(fs.readFileSync(path.join(cache, 'stills', entry!), 'utf8')) as { stills: Array<{ fromMs: number; toMs: number }> };
      console.log(
        `idle tightening: 9.0 s recorded → ${(r.durationInFrames / 30).toFixed(2)} s rendered; still stretches measured: ${JSON.stringify(log.stills)}`,
      );
      // The still stretch was measured from the recording (once, into the cache, never into capture.json)…
      expect(log.stills).toHaveLength(1);
      expect(log.stills[0]!.fromMs).toBeGreaterThan(1900);
      expect(log.stills[0]!.fromMs).toBeLessThan(2200);
      expect(log.stills[0]!.toMs).toBeGreaterThan(6800);
      // …and about 4 of its 5 s play at 6x: 9 s → about 5.7 s.
      expect(r.durationInFrames / 30).toBeGreaterThan(5.4);
      expect(r.durationInFrames / 30).toBeLessThan(6.0);
      expect(probe(out).frames).toBe(r.durationInFrames);
      // The same render with tightening off is as long as the recording.
      const plain = await render({
        composition: 'Landscape',
        captureDir: idle,
        out: path.join(idle, 'plain.mp4'),
        scale: 0.25,
        frameRange: [0, 9],
        props: { style: { edit: { idle: { enabled: false } } } },
      });
      expect(plain.durationInFrames).toBe(270);
    } finally {
      fs.rmSync(idle, { recursive: true, force: true });
    }
  });
});
