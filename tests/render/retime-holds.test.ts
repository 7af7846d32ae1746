/**
 * The composite path's retime with holds (cards), through real ffmpeg: a recording whose frame n
 * is grey level 2n is re-timed, and each output frame's level says which recording frame it shows.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { retimeFilter } from '../../src/render/composite/ffmpeg-args';
import { buildTimeMap } from '../../src/timeline/time-map';

let dir: string;
let src: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-retime-holds-'));
  src = path.join(dir, 'src.mp4');
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    "color=c=black:s=32x32:r=30:d=3,format=yuv444p,geq=lum='N*2':cb=128:cr=128",
    '-c:v',
    'libx264',
    '-qp',
    '0',
    '-pix_fmt',
    'yuv444p',
    src,
  ]);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** The recording frame each output frame shows (the first `frames`). */
const shown = (filter: string, frames: number): number[] => {
  const stats = path.join(dir, 'stats.txt');
  execFileSync('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-i',
    src,
    '-vf',
    `${filter},signalstats,metadata=print:key=lavfi.signalstats.YAVG:file=${stats}`,
    '-frames:v',
    String(frames),
    '-f',
    'null',
    '-',
  ]);
  return [...fs.readFileSync(stats, 'utf8').matchAll(/YAVG=([\d.]+)/g)].map((m) => Math.round(Number(m[1]) / 2));
};

describe('retime with holds, in ffmpeg', () => {
  it('holds the first frame through a card at the start, the frame before a card in the middle, the last through an end card', () => {
    const map = buildTimeMap({
      durationMs: 3000,
      holds: [
        { atMs: 0, durationMs: 1000 },
        { atMs: 1500, durationMs: 500 },
        { atMs: 3000, durationMs: 1000 },
      ],
    });
    const got = shown(retimeFilter(map, 30, 0), 165);
    expect(got).toHaveLength(165);
    expect(got.slice(0, 31)).toEqual(Array(31).fill(0)); // the title card (30 frames) holds frame 0, then it plays
    expect(got.slice(31, 75)).toEqual(Array.from({ length: 44 }, (_, i) => i + 1));
    expect(got.slice(75, 90)).toEqual(Array(15).fill(44)); // the card in the middle holds the frame before it
    expect(got[90]).toBe(45);
    expect(new Set(got.slice(135))).toEqual(new Set([got[134]])); // the end card holds the last frame
  });
});
