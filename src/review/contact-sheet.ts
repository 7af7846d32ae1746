/**
 * The contact sheet: one still per step (or one per 2 s where steps are sparse), each labelled
 * with its step id, time and script line, tiled into one PNG of bounded size (at most
 * MAX_TILES thumbnails, each at most THUMB_MAX px on its long side). ffmpeg draws it
 * (drawtext with DejaVu Sans; without the font file, unlabelled).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runtimeError } from '../errors';
import { stepAt, type StepSpan } from './review-input';
import { frameAt } from '../base/time';

export const MAX_TILES = 48;
export const THUMB_MAX = 320;
const LABEL_PX = 34;
export const LABEL_FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';

export type SheetTile = { tMs: number; label: string; detail: string };

const clock = (ms: number) => `${Math.floor(ms / 60000)}:${((ms % 60000) / 1000).toFixed(1).padStart(4, '0')}`;

/**
 * Which moments the sheet shows (pure): each step's middle (at most 1.5 s into it), or every
 * 2 s when there are fewer steps than one per 6 s; at most MAX_TILES, evenly picked.
 */
export const sheetTiles = (steps: readonly StepSpan[], durationMs: number): SheetTile[] => {
  const last = Math.max(0, durationMs - 100);
  const sparse = steps.length < durationMs / 6000;
  const times = sparse
    ? Array.from({ length: Math.max(1, Math.ceil(durationMs / 2000)) }, (_, i) => Math.min(last, i * 2000 + 500))
    : steps.map((s) => Math.min(last, Math.max(0, s.fromMs + Math.min((s.toMs - s.fromMs) / 2, 1500))));
  const picked = times.length <= MAX_TILES ? times : Array.from({ length: MAX_TILES }, (_, i) => times[Math.floor((i * times.length) / MAX_TILES)] as number);
  return picked.map((tMs, i) => {
    const s = sparse ? stepAt(steps, tMs) : steps[times.length <= MAX_TILES ? i : Math.floor((i * times.length) / MAX_TILES)];
    return { tMs, label: `${s ? `step ${s.id} ${s.action}` : 'no step'}  ${clock(tMs)}`, detail: s?.source ?? '' };
  });
};

const run = (args: string[]): void => {
  const r = spawnSync('ffmpeg', ['-hide_banner', '-v', 'error', '-nostdin', '-y', ...args], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.error || r.status !== 0) throw runtimeError(`ffmpeg making the contact sheet failed: ${r.error?.message ?? (r.stderr || '').trim().split('\n').pop()}`);
};

/**
 * Writes the contact sheet of `video` (a rendered video or a recording, `fps` frames/s) to
 * `out` (PNG): one decoding pass picks the tiles' frames, a second tiles and labels them.
 * @param size the video's frame size (px)
 * @returns the tiles drawn (tiles on the same frame are drawn once)
 */
export const writeContactSheet = (
  video: string,
  size: { width: number; height: number },
  fps: number,
  tiles: readonly SheetTile[],
  out: string,
): SheetTile[] => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-sheet-'));
  try {
    const scale = Math.min(1, THUMB_MAX / Math.max(size.width, size.height));
    const tw = Math.max(120, 2 * Math.round((size.width * scale) / 2));
    const th = 2 * Math.round((tw * size.height) / size.width / 2);
    const seen = new Set<number>();
    const drawn = tiles.filter((t) => {
      const n = frameAt(t.tMs, fps);
      if (seen.has(n)) return false;
      seen.add(n);
      return true;
    });
    const select = drawn.map((t) => `eq(n\\,${frameAt(t.tMs, fps)})`).join('+');
    run([
      '-i',
      video,
      '-an',
      '-vf',
      `select=${select},scale=${tw}:${th},pad=${tw}:${th + LABEL_PX}:0:0:color=0x15151c`,
      '-fps_mode',
      'passthrough',
      path.join(tmp, '%03d.png'),
    ]);
    const made = fs.readdirSync(tmp).filter((f) => f.endsWith('.png')).length;
    const shown = drawn.slice(0, made);
    if (shown.length === 0) throw runtimeError(`${video}: no frames could be taken for the contact sheet`);
    const cols = Math.min(shown.length, size.width >= size.height ? 6 : 8);
    const rows = Math.max(1, Math.ceil(shown.length / cols));
    const filters = [`tile=${cols}x${rows}:padding=4:margin=4:color=0x0b0b10`];
    const font = fs.existsSync(LABEL_FONT) ? LABEL_FONT : null;
    const maxChars = Math.floor(tw / 6.2);
    if (font) {
      shown.forEach((t, i) => {
        const x = 4 + (i % cols) * (tw + 4) + 5;
        const y = 4 + Math.floor(i / cols) * (th + LABEL_PX + 4) + th;
        const l1 = path.join(tmp, `${i}-a.txt`);
        const l2 = path.join(tmp, `${i}-b.txt`);
        fs.writeFileSync(l1, t.label.slice(0, maxChars));
        fs.writeFileSync(l2, t.detail.length > maxChars ? `…${t.detail.slice(-(maxChars - 1))}` : t.detail);
        filters.push(
          `drawtext=fontfile=${font}:textfile=${l1}:x=${x}:y=${y + 4}:fontsize=11:fontcolor=white`,
          `drawtext=fontfile=${font}:textfile=${l2}:x=${x}:y=${y + 19}:fontsize=10:fontcolor=0xb0b4c8`,
        );
      });
    }
    run(['-framerate', '1', '-i', path.join(tmp, '%03d.png'), '-vf', filters.join(','), '-frames:v', '1', '-f', 'image2', '-c:v', 'png', out]);
    return shown;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
};
