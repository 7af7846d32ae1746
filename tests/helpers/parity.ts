/**
 * The parity test's pieces (tests/render/parity.test.ts): one synthetic capture dir that shows,
 * within a few seconds, every thing both render paths draw (captions of one and two lines, a
 * zoom, the avatar speaking, a privacy blur, overlays, a dissolve across a cut), the frames
 * that show them, where each thing is in a frame (from the same metadata the compositions
 * compute), and the comparisons: mean absolute difference per region and caption glyph height.
 */
import { execFileSync } from 'node:child_process';
import { RECORDING_COLOUR_FILTER, RECORDING_COLOUR_TAGS } from '../../src/media/probe';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CaptureLog } from '../../src/capture-log';
import { landscapeMetadata } from '../../src/compositions/landscape/calculate-metadata';
import { squareMetadata } from '../../src/compositions/square/calculate-metadata';
import { portraitMetadata } from '../../src/compositions/portrait/calculate-metadata';
import { tiktokSplitMetadata } from '../../src/compositions/tiktok-split/calculate-metadata';
import type { ScreenLayout } from '../../src/frame/layout';
import { frameAt, frameModel } from '../../src/frame/model';
import { area, screenAreaToOutput, stageToOutput } from '../../src/frame/spaces';
import { DEFAULT_STYLE } from '../../src/compositions/shared/style-schema';
import { computeMetadata, type Computed, type MetadataSpec } from '../../src/compositions/shared/metadata';
import type { Style } from '../../src/compositions/shared/style-schema';
import type { Rect } from '../../src/base/geometry';
import type { Narration } from '../../src/narration/schema';
import type { CompositionName } from '../../src/render/render';
import { textWidthEm } from '../../src/timeline/script-text';
import { cursorPath } from './capture';
import { addSilentNarration, type Pixels } from './synthetic';

const W = 480;
const H = 270;
/** Where the pointer clicks (recording ms, screen px): the camera zooms in on it. */
export const PARITY_CLICK = { x: 250, y: 120, tMs: 700 } as const;
/** The red square (screen px): saturated colour, away from the pointer, the captions and the bubble at 1x and 2x. */
export const PARITY_SQUARE = { x: 190, y: 85, width: 30, height: 30 } as const;
/** The cut (recording ms): it dissolves over style.edit.crossfadeMs (300 ms, centred on the cut). */
export const PARITY_CUT = { fromMs: 1500, toMs: 2000 } as const;

/** A frame to compare and what it shows. */
export type ParityFrame = { frame: number; shows: string };

/**
 * The frames compared (30 fps; before the cut the video's clock is the recording's), all in
 * PARITY_RANGE so each path renders once per composition:
 * - 10 (333 ms): a one-line caption, its first word spoken (the avatar mid-word), the blur, a
 *   callout and keycaps, the camera at rest (zoom 1), the pointer moving;
 * - 16 (533 ms): the camera mid-spring (zoom about 1.4) towards the click at 700 ms;
 * - 36 (1200 ms): zoomed in (2x), a two-line caption, a word spoken;
 * - 45 (1500 ms): the middle of the dissolve across the cut, the two-line caption still up.
 */
export const PARITY_FRAMES: readonly ParityFrame[] = [
  { frame: 10, shows: '1-line caption, avatar mid-word, blur, callout, keycaps' },
  { frame: 16, shows: 'zoom mid-spring, 1-line caption' },
  { frame: 36, shows: 'zoomed, 2-line caption, mid-word' },
  { frame: 45, shows: 'dissolve across a cut, 2-line caption' },
];
/** The frames rendered (inclusive): the first and last compared. */
export const PARITY_RANGE: [number, number] = [PARITY_FRAMES[0]!.frame, PARITY_FRAMES.at(-1)!.frame];

/** The script's style, recorded in capture.json (render and computeMetadata both read it). */
export const PARITY_STYLE = {
  edit: { idle: { enabled: false }, typing: { enabled: false }, crossfadeMs: 300 },
  overlays: { keystrokes: 'keys' },
} as const;

/**
 * Makes the capture dir (removed by the caller): a 480x270 recording of a grey screen with a
 * darker grid, a red square and a blue bar moving 60 px/s (so each side of the cut differs), and
 * capture.json with the pointer's path, a click, a blur mark, a callout, a chord, a cut and two
 * narrated lines (silent clips with given word times: one short line, one long enough for two
 * caption lines in every composition).
 */
export const makeParityCapture = (durationS = 3): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-parity-'));
  execFileSync('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    `color=c=0x808080:s=${W}x${H}:r=30:d=${durationS},format=rgb24,drawgrid=w=24:h=24:t=1:c=0x606060,drawbox=x=${PARITY_SQUARE.x}:y=${PARITY_SQUARE.y}:w=${PARITY_SQUARE.width}:h=${PARITY_SQUARE.height}:color=red:t=fill`,
    '-f',
    'lavfi',
    '-i',
    `color=c=0x2050e0:s=10x60:r=30:d=${durationS}`,
    '-filter_complex',
    // An RGB screen converted and tagged as the screen recorder does (src/capture/ffmpeg-recorder.ts).
    `[0][1]overlay=x='t*60':y=20:shortest=1,${RECORDING_COLOUR_FILTER}`,
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
  const end = durationS * 1000;
  const log: CaptureLog = {
    version: 1,
    recording: 'recording.mp4',
    screen: { width: W, height: H },
    fps: 30,
    durationMs: end,
    stills: [],
    style: PARITY_STYLE as unknown as CaptureLog['style'],
    events: [
      ...cursorPath({ x: 90, y: 200 }, PARITY_CLICK, 0, 600, 30),
      { type: 'click', tMs: PARITY_CLICK.tMs, x: PARITY_CLICK.x, y: PARITY_CLICK.y, button: 'left' },
      ...cursorPath(PARITY_CLICK, { x: PARITY_CLICK.x + 50, y: PARITY_CLICK.y - 10 }, 800, end - 100, 10),
      { type: 'key', tMs: 100, key: 'Ctrl+S' },
      { type: 'mark', kind: 'blur', tMs: 0, endMs: 1000, x: 40, y: 150, width: 120, height: 80 },
      { type: 'mark', kind: 'callout', tMs: 0, endMs: 1000, x: 380, y: 50, text: 'Deploy' },
      { type: 'mark', kind: 'cut', tMs: PARITY_CUT.fromMs, endMs: PARITY_CUT.toMs },
    ],
  };
  fs.writeFileSync(path.join(dir, 'capture.json'), JSON.stringify(log));
  addSilentNarration(dir, [
    {
      id: 'short',
      tMs: 200,
      words: [
        { text: 'Ship', startMs: 0, endMs: 250 },
        { text: 'it', startMs: 300, endMs: 450 },
        { text: 'today.', startMs: 500, endMs: 750 },
      ],
    },
    {
      id: 'long',
      tMs: 1000,
      words: [
        { text: 'Continuous', startMs: 0, endMs: 150 },
        { text: 'deployment', startMs: 170, endMs: 320 },
        { text: 'pipelines', startMs: 340, endMs: 500 },
        { text: 'everywhere', startMs: 520, endMs: 1100 },
      ],
    },
  ]);
  return dir;
};

type AnySpec = MetadataSpec<{ capture: string; style: Style }, ScreenLayout>;
const SPECS: Record<CompositionName, AnySpec> = {
  Landscape: landscapeMetadata as unknown as AnySpec,
  TikTokSplit: tiktokSplitMetadata as unknown as AnySpec,
  Square: squareMetadata as unknown as AnySpec,
  Portrait: portraitMetadata as unknown as AnySpec,
};

/** What the composition computes for the capture dir (calculateMetadata's pipeline, in Node). */
export const parityComputed = (dir: string, composition: CompositionName): Computed<ScreenLayout> => {
  const log = JSON.parse(fs.readFileSync(path.join(dir, 'capture.json'), 'utf8')) as CaptureLog;
  const narration = JSON.parse(fs.readFileSync(path.join(dir, 'narration', 'narration.json'), 'utf8')) as Narration;
  const spec = SPECS[composition];
  const parsed = spec.schema.parse({ style: log.style, capture: 'http://127.0.0.1/parity' });
  return computeMetadata(spec, { parsed, log, recordingSrc: '', narration }).computed;
};

/** `r` scaled by `s` (output px of the composition → px of a frame rendered at scale `s`). */
const scaled = (r: Rect, s: number): Rect => ({ x: r.x * s, y: r.y * s, width: r.width * s, height: r.height * s });

/**
 * Where the compared regions are in a frame rendered at `scale` (px of that frame), from the
 * frame model both paths draw (frame/model.ts):
 * - caption: the caption box of the page shown (its lines' height; as wide as its widest line by
 *   textWidthEm's estimate, a tenth wider for the estimate's error), or null without a caption;
 * - cursor: a square of twice the cursor's height around its tip (null when hidden);
 * - avatar: the avatar's rect (null without one);
 * - square: the recording's red square (saturated colour), through the camera.
 */
export const parityRegions = (
  computed: Computed<ScreenLayout>,
  cursorSize: number,
  frame: number,
  scale: number,
): { caption: Rect | null; lines: number; cursor: Rect | null; avatar: Rect | null; square: Rect } => {
  const style = { ...DEFAULT_STYLE, cursorSize };
  // (The frame size only sizes overlays, which no region here measures.)
  const d = frameAt(frameModel(computed, style, { width: computed.layout.stage.width, height: computed.layout.stage.height }), frame);
  const c = d.caption;
  const lineEm = (runs: NonNullable<typeof c>['lines'][number]) => textWidthEm(runs.map((r) => (r.space ? ' ' : '') + r.text).join(''));
  const widest = c ? Math.min(c.box.width, Math.max(0, ...c.lines.map(lineEm)) * c.fontSize * 1.1 + 2 * c.padX) : 0;
  const caption = c ? { x: c.box.x + (c.box.width - widest) / 2, y: c.box.y, width: widest, height: c.box.height } : null;
  const pr = d.projection;
  const tip = d.cursor && stageToOutput(d.cursor.tip, pr);
  const h = d.cursor?.height ?? 0;
  const cursor = tip ? { x: tip.x - h / 2, y: tip.y - h / 2, width: 2 * h, height: 2 * h } : null;
  const a = d.avatar ? d.avatar.parts.frame : null;
  // The red square, 3 screen px inside its edges (where the two paths' scaling may differ).
  const sq = screenAreaToOutput(
    area('screen', { x: PARITY_SQUARE.x + 3, y: PARITY_SQUARE.y + 3, width: PARITY_SQUARE.width - 6, height: PARITY_SQUARE.height - 6 }),
    pr,
  );
  return {
    caption: caption && scaled(caption, scale),
    lines: c?.lines.length ?? 0,
    cursor: cursor && scaled(cursor, scale),
    avatar: a && scaled(a, scale),
    square: scaled(sq, scale),
  };
};

/** `r` cut to the image (whole px). */
const clip = (img: Pixels, r: Rect) => {
  const x0 = Math.max(0, Math.round(r.x));
  const y0 = Math.max(0, Math.round(r.y));
  return { x0, y0, x1: Math.min(img.width, Math.round(r.x + r.width)), y1: Math.min(img.height, Math.round(r.y + r.height)) };
};

/** Mean absolute difference (0–255 per channel) of two same-size images, over `r` (default: all). */
export const mad = (a: Pixels, b: Pixels, r?: Rect | null): number => {
  if (a.width !== b.width || a.height !== b.height) throw new Error(`sizes differ: ${a.width}x${a.height} vs ${b.width}x${b.height}`);
  const { x0, y0, x1, y1 } = clip(a, r ?? { x: 0, y: 0, width: a.width, height: a.height });
  let sum = 0;
  let n = 0;
  for (let y = y0; y < y1; y++) {
    for (let i = (y * a.width + x0) * 3; i < (y * a.width + x1) * 3; i++) sum += Math.abs(a.data[i]! - b.data[i]!);
    n += (x1 - x0) * 3;
  }
  return n ? sum / n : NaN;
};

/**
 * The height (px, sub-pixel) of the caption text's ink on its first line, inside `r` (the
 * caption box). Ink is white or the highlight (#facc15): a pixel is solid ink when its red and
 * green are both over 150 (nothing else in the caption box is: the box is dark, the screen
 * grey, its grid darker). The first run of rows with solid ink is the first line; the rows
 * just above and below it add, in the columns where the run's edge row is solid, their
 * coverage (green between the box's (the region's median) and the highlight's 204), so an
 * anti-aliased edge counts by how much of it is covered. NaN without ink.
 */
export const glyphHeight = (img: Pixels, r: Rect): number => {
  const { x0, y0, x1, y1 } = clip(img, r);
  const greens: number[] = [];
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) greens.push(img.data[(y * img.width + x) * 3 + 1]!);
  greens.sort((p, q) => p - q);
  const bg = greens[Math.floor(greens.length / 2)] ?? 0;
  const at = (x: number, y: number) => (y * img.width + x) * 3;
  const isSolid = (x: number, y: number) => img.data[at(x, y)]! > 150 && img.data[at(x, y) + 1]! > 150;
  const cover = (x: number, y: number) => Math.max(0, Math.min(1, (img.data[at(x, y) + 1]! - bg) / (204 - bg)));
  const rowSolid = (y: number) => {
    for (let x = x0; x < x1; x++) if (isSolid(x, y)) return true;
    return false;
  };
  let top = -1;
  for (let y = y0; y < y1 && top < 0; y++) if (rowSolid(y)) top = y;
  if (top < 0) return NaN;
  let bottom = top;
  while (bottom + 1 < y1 && rowSolid(bottom + 1)) bottom++;
  let up = 0;
  let down = 0;
  for (let x = x0; x < x1; x++) {
    if (top > y0 && isSolid(x, top)) up = Math.max(up, cover(x, top - 1));
    if (bottom + 1 < y1 && isSolid(x, bottom)) down = Math.max(down, cover(x, bottom + 1));
  }
  return bottom - top + 1 + up + down;
};
