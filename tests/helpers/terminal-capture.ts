/**
 * A synthetic capture dir with a terminal (the sharp terminal text tests): a 960x540 screen whose
 * terminal (DejaVu Sans Mono 13 pt at 100 dpi: 11x22 px cells, the dark theme) types a command
 * and prints its output, recorded by drawing the session's own screens with the rasteriser at
 * scale 1 (what xterm draws: the rasteriser's parity test measures the two alike) over a grey
 * desktop with a window border around the grid; terminal.cast and capture.json to match, and zoom
 * marks framing the grid at the given levels.
 *
 * Sharpness (sharpness()): over a region, the mean of the strongest 1 % gradient magnitudes of the
 * luminance (forward differences), divided by the text's contrast (the luminance of the foreground
 * less the background's): about 1 for edges one pixel wide, less for edges blurred by scaling.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CaptureLog } from '../../src/capture-log';
import { RECORDING_COLOUR_FILTER, RECORDING_COLOUR_TAGS } from '../../src/media/probe';
import { rasteriseTerminal, readTerminalSession, snapshotsAt } from '../../src/render/terminal-text';
import type { Rect } from '../../src/base/geometry';
import type { Pixels } from './synthetic';

export const TERM_SCREEN = { width: 960, height: 540 } as const;
/** The grid: 30 x 8 cells of 11 x 22 px at (40, 60). */
export const TERM_GRID = { x: 40, y: 60, cols: 30, rows: 8, cellWidth: 11, cellHeight: 22 } as const;
export const TERM_GRID_RECT: Rect = {
  x: TERM_GRID.x,
  y: TERM_GRID.y,
  width: TERM_GRID.cols * TERM_GRID.cellWidth,
  height: TERM_GRID.rows * TERM_GRID.cellHeight,
};
/** The screen stays put from here on (ms): what the measured frames show. */
export const TERM_SETTLED_MS = 1600;

/** The session: a prompt, a command typed, its output, a new prompt (asciicast v2 output events). */
const CAST_EVENTS: Array<[number, string]> = [
  [0.1, '$ '],
  ...[...'echo hello world'].map((c, i): [number, string] => [0.3 + i * 0.03, c]),
  [0.9, '\r\nhello world\r\n$ '],
  ...[...'ls --color'].map((c, i): [number, string] => [1.0 + i * 0.03, c]),
  [1.4, '\r\n\u001b[1;34mbin\u001b[0m  \u001b[1;32mdeploy.sh\u001b[0m  README.md\r\n\u001b[33mWARN\u001b[0m 3 files, 0 dirs\r\n$ '],
];

/** A zoom on the grid: from `fromMs` to `toMs` at `level`. */
export type TerminalZoom = { fromMs: number; toMs: number; level: number };

/**
 * Makes the capture dir (removed by the caller), `durationS` long, the camera framing the grid
 * (centred on it) at each zoom's level.
 */
export const makeTerminalCapture = async (opts: { zooms: readonly TerminalZoom[]; durationS?: number; style?: Record<string, unknown> }): Promise<string> => {
  const durationS = opts.durationS ?? 2.5;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-term-'));
  const header = { version: 2, width: TERM_GRID.cols, height: TERM_GRID.rows, timestamp: 0 };
  fs.writeFileSync(path.join(dir, 'terminal.cast'), [JSON.stringify(header), ...CAST_EVENTS.map(([t, s]) => JSON.stringify([t, 'o', s]))].join('\n') + '\n');
  const end = durationS * 1000;
  const at = { x: TERM_GRID_RECT.x + TERM_GRID_RECT.width / 2, y: TERM_GRID_RECT.y + TERM_GRID_RECT.height / 2 };
  const log: CaptureLog = {
    version: 1,
    recording: 'recording.mp4',
    screen: { ...TERM_SCREEN },
    fps: 30,
    durationMs: end,
    stills: [],
    ...(opts.style ? { style: opts.style as CaptureLog['style'] } : {}),
    events: [
      { type: 'terminal', tMs: 0, ...TERM_GRID, fontFamily: 'DejaVu Sans Mono', fontSize: 13, theme: 'dark' },
      // With the grid's size: the camera centres the grid (no edge snap).
      ...opts.zooms.map((z) => ({
        type: 'mark' as const,
        kind: 'zoom' as const,
        tMs: z.fromMs,
        endMs: z.toMs,
        level: z.level,
        x: at.x,
        y: at.y,
        width: TERM_GRID_RECT.width,
        height: TERM_GRID_RECT.height,
      })),
    ],
  };
  fs.writeFileSync(path.join(dir, 'capture.json'), JSON.stringify(log));
  // The recording: each frame's screen drawn at scale 1 (identical screens once), over the desktop.
  const session = readTerminalSession(dir, log)!;
  const frames = Math.round(durationS * 30);
  const times = Array.from({ length: frames }, (_, f) => (f * 1000) / 30);
  const { snapshots, indexAt } = await snapshotsAt(session, times);
  const files = await rasteriseTerminal(
    session.look,
    snapshots,
    snapshots.map((_, i) => ({
      snapshot: i,
      scale: 1,
      dx: 0,
      dy: 0,
      width: TERM_SCREEN.width,
      height: TERM_SCREEN.height,
      file: path.join(dir, `screen${i}.png`),
    })),
  );
  const list = ['ffconcat version 1.0'];
  for (let f = 0; f < frames; f++) list.push(`file '${files[indexAt[f]!]!}'`, `duration ${(1 / 30).toFixed(6)}`);
  list.push(`file '${files[indexAt[frames - 1]!]!}'`);
  fs.writeFileSync(path.join(dir, 'screens.ffconcat'), list.join('\n'));
  const b = { x: TERM_GRID.x - 6, y: TERM_GRID.y - 30, w: TERM_GRID_RECT.width + 12, h: TERM_GRID_RECT.height + 36 };
  execFileSync('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    // The desktop and the window around the grid: a title bar and a border.
    `color=c=0x5a6270:s=${TERM_SCREEN.width}x${TERM_SCREEN.height}:r=30:d=${durationS},format=rgb24,drawbox=x=${b.x}:y=${b.y}:w=${b.w}:h=${b.h}:color=0xd0d4dc:t=fill,drawbox=x=${b.x + 4}:y=${b.y + 26}:w=${b.w - 8}:h=${b.h - 30}:color=0x000000:t=fill`,
    '-f',
    'concat',
    '-safe',
    '0',
    '-i',
    path.join(dir, 'screens.ffconcat'),
    '-filter_complex',
    `[1]format=rgba,fps=30[t];[0][t]overlay=x=0:y=0:shortest=1,${RECORDING_COLOUR_FILTER}`,
    '-frames:v',
    String(frames),
    '-c:v',
    'libx264',
    '-crf',
    '12',
    '-pix_fmt',
    'yuv420p',
    ...RECORDING_COLOUR_TAGS,
    '-g',
    '30',
    '-y',
    path.join(dir, 'recording.mp4'),
  ]);
  for (const f of files) fs.rmSync(f, { force: true });
  fs.rmSync(path.join(dir, 'screens.ffconcat'));
  return dir;
};

/** Luminance (BT.601 weights, 0-255) of pixel (x, y). */
const luma = (img: Pixels, x: number, y: number): number => {
  const i = (y * img.width + x) * 3;
  return 0.299 * img.data[i]! + 0.587 * img.data[i + 1]! + 0.114 * img.data[i + 2]!;
};

/**
 * The sharpness of `r` (px of `img`, cut to the image) showing text at `magnification` px per px
 * of the recording: the mean of the strongest 1 % / magnification of gradient magnitudes
 * (luminance, forward differences: the same length of glyph edge at every scale) divided by the contrast (the luminance of the brightest 1 % less
 * the darkest 50 %'s median: the text over its background). Returns the ratio and its parts.
 */
export const sharpness = (img: Pixels, r: Rect, magnification = 1): { ratio: number; edge: number; contrast: number } => {
  const x0 = Math.max(1, Math.round(r.x));
  const y0 = Math.max(1, Math.round(r.y));
  const x1 = Math.min(img.width - 1, Math.round(r.x + r.width));
  const y1 = Math.min(img.height - 1, Math.round(r.y + r.height));
  const mags: number[] = [];
  const lums: number[] = [];
  for (let y = y0; y < y1; y++)
    for (let x = x0; x < x1; x++) {
      const L = (dx: number, dy: number) => luma(img, x + dx, y + dy);
      // Forward differences: a 1 px step of contrast C measures C, a step spread over 2 px C / 2
      // (a 3x3 Sobel would measure both alike).
      mags.push(Math.hypot(L(1, 0) - L(0, 0), L(0, 1) - L(0, 0)));
      lums.push(L(0, 0));
    }
  if (!mags.length) return { ratio: 0, edge: 0, contrast: 0 };
  mags.sort((a, b) => b - a);
  lums.sort((a, b) => a - b);
  // The same length of glyph edge at every scale: text magnified k times has k times the edge
  // pixels in k² times the area, so the share taken is 1 % / k.
  const top = mags.slice(0, Math.max(1, Math.floor(mags.length / (100 * magnification))));
  const edge = top.reduce((s, v) => s + v, 0) / top.length;
  const bright = lums.slice(Math.floor(lums.length * 0.99));
  const fg = bright.reduce((s, v) => s + v, 0) / bright.length;
  const bg = lums[Math.floor(lums.length * 0.25)]!;
  const contrast = Math.max(1, fg - bg);
  return { ratio: edge / contrast, edge, contrast };
};
