/**
 * The sharp terminal layer's pictures for one render (issue 23): from the frame model's layer
 * frames (frame/terminal-layer.ts), one PNG per distinct (screen of the session, transform),
 * stage-sized and drawn at the frame's exact transform, so both render paths lay it over the
 * stage at (0, 0) without scaling it again. Written into a folder the render removes after.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { CaptureLog } from '../../capture-log';
import {
  terminalLayerFrames,
  terminalSpriteAt,
  transformKey,
  type TerminalLayerFrame,
  type TerminalLayerOptions,
  type TerminalSprites,
} from '../../frame/terminal-layer';

export { terminalSpriteAt, type TerminalSprites };
import type { FrameModel } from '../../frame/model';
import { runtimeError, ScreenplayError } from '../../errors';
import os from 'node:os';
import type { VideoConfig } from 'remotion';
import type { Computed } from '../../compositions/shared/metadata';
import type { Style } from '../../compositions/shared/style-schema';
import type { ScreenLayout } from '../../frame/layout';
import { frameModel } from '../../frame/model';
import { rasteriseTerminal, readTerminalSession, snapshotsAt, type RasterJob } from './index';

/** At most this many pictures per render (each a stage-sized PNG): past it, the least used transforms show the recorded pixels. */
export const MAX_TERMINAL_SPRITES = 1200;

/** The sprites on disk: TerminalSprites, the folder the files are in, and a transparent picture of their size there (`blank`, a path). */
export type PreparedTerminalSprites = TerminalSprites & { dir: string; blank: string };

/**
 * Which picture each frame shows (pure): frames whose snapshot and transform agree share one;
 * over `max` pictures, the transforms held on the fewest frames are dropped (those frames show
 * the recorded pixels), most-used first kept.
 * @param layers the frames' layers (terminalLayerFrames), null for none
 * @param snapshotOf each layer frame's snapshot index (same order as `layers`; ignored for null)
 * @returns jobs (without file names: `name(i)` gives them), each frame's job index or -1, and how many layer frames were dropped
 */
export const planTerminalSprites = (
  layers: ReadonlyArray<TerminalLayerFrame | null>,
  snapshotOf: readonly number[],
  max = MAX_TERMINAL_SPRITES,
): { jobs: Array<Omit<RasterJob, 'file'>>; frames: number[]; dropped: number } => {
  // Pictures per transform, and frames per transform.
  const byTransform = new Map<string, { frames: number; pictures: Set<number> }>();
  layers.forEach((l, i) => {
    if (!l) return;
    const key = transformKey(l);
    const t = byTransform.get(key) ?? { frames: 0, pictures: new Set<number>() };
    t.frames++;
    t.pictures.add(snapshotOf[i] ?? 0);
    byTransform.set(key, t);
  });
  const kept = new Set<string>();
  let count = 0;
  for (const [key, t] of [...byTransform.entries()].sort((a, b) => b[1].frames - a[1].frames)) {
    if (count + t.pictures.size > max) continue;
    kept.add(key);
    count += t.pictures.size;
  }
  const jobs: Array<Omit<RasterJob, 'file'>> = [];
  const index = new Map<string, number>();
  let dropped = 0;
  const frames = layers.map((l, i) => {
    if (!l) return -1;
    const key = transformKey(l);
    if (!kept.has(key)) {
      dropped++;
      return -1;
    }
    const snapshot = snapshotOf[i] ?? 0;
    const id = `${snapshot}|${key}`;
    let j = index.get(id);
    if (j === undefined) {
      j = jobs.length;
      index.set(id, j);
      jobs.push({ snapshot, scale: l.scale, dx: l.dx, dy: l.dy, width: l.width, height: l.height });
    }
    return j;
  });
  return { jobs, frames, dropped };
};

/** What prepareTerminalSprites needs. */
export type PrepareTerminalOptions = {
  /** The capture dir (its terminal.cast and capture.json). */
  captureDir: string;
  /** capture.json as read already (absent: read again). */
  log?: CaptureLog;
  model: FrameModel;
  /** Inclusive frame range of the render. */
  frameRange: [number, number];
  /** The layer's options besides the grid (the session gives it). */
  layer: Omit<TerminalLayerOptions, 'grid'>;
  /** A folder of the render's own (created if missing); the files go there. */
  dir: string;
  max?: number;
  /** A line for the user (the render goes on). */
  warn?: (line: string) => void;
  projectRoot?: string;
};

/**
 * The sharp terminal layer's pictures for a render, or null when no frame has the layer (off,
 * no terminal session, never zoomed). Draws them with rasteriseTerminal into `dir`.
 * @throws what readTerminalSession (invalid-input, a bad terminal.cast) and rasteriseTerminal (runtime) throw
 */
export const prepareTerminalSprites = async (opts: PrepareTerminalOptions): Promise<PreparedTerminalSprites | null> => {
  if (!opts.layer.enabled) return null;
  const session = readTerminalSession(opts.captureDir, opts.log);
  if (!session) return null;
  const { look } = session;
  const grid = { x: look.x, y: look.y, width: look.cols * look.cellWidth, height: look.rows * look.cellHeight };
  const layers = terminalLayerFrames(opts.model, opts.frameRange, { ...opts.layer, grid });
  const shown = layers.flatMap((l) => (l ? [l.recMs] : []));
  if (!shown.length) return null;
  const times = [...new Set(shown)].sort((a, b) => a - b);
  const { snapshots, indexAt } = await snapshotsAt(session, times);
  const snapOfTime = new Map(times.map((t, i) => [t, indexAt[i] ?? 0]));
  const snapshotOf = layers.map((l) => (l ? (snapOfTime.get(l.recMs) ?? 0) : 0));
  const max = opts.max ?? MAX_TERMINAL_SPRITES;
  const plan = planTerminalSprites(layers, snapshotOf, max);
  if (plan.dropped)
    opts.warn?.(
      `sharp terminal text: ${plan.dropped} of ${shown.length} zoomed frames show the recorded pixels (at most ${max} pictures per render; the camera moves a lot while zoomed)`,
    );
  if (!plan.jobs.length) return null;
  fs.mkdirSync(opts.dir, { recursive: true });
  const files = plan.jobs.map((_, i) => `term${String(i).padStart(5, '0')}.png`);
  await rasteriseTerminal(
    look,
    snapshots,
    plan.jobs.map((j, i) => ({ ...j, file: path.join(opts.dir, files[i]!) })),
    opts.projectRoot ? { projectRoot: opts.projectRoot } : {},
  );
  const first = layers.find((l) => l) as TerminalLayerFrame;
  const blank = path.join(opts.dir, 'blank.png');
  const r = spawnSync(
    'ffmpeg',
    [
      '-hide_banner',
      '-v',
      'error',
      '-nostdin',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `color=c=black@0:s=${first.width}x${first.height},format=rgba`,
      '-frames:v',
      '1',
      blank,
    ],
    { encoding: 'utf8' },
  );
  if (r.error || r.status !== 0)
    throw runtimeError(`ffmpeg making a transparent ${first.width}x${first.height} picture failed: ${(r.stderr ?? '').trim() || r.error?.message}`);
  return { dir: opts.dir, blank, from: opts.frameRange[0], frames: plan.frames, files, width: first.width, height: first.height };
};

/**
 * The composite path's input for frames `from` … `to` of the render (inclusive): an ffconcat
 * list showing each frame's picture for exactly one frame (runs of one picture joined), a
 * the transparent `blank` where there is none; the last entry repeated (the concat
 * demuxer ignores the last one's duration).
 */
export const terminalConcatList = (
  sprites: Pick<PreparedTerminalSprites, 'dir' | 'from' | 'frames' | 'files' | 'blank'>,
  [from, to]: [number, number],
  fps: number,
): string => {
  const { blank } = sprites;
  const entries: Array<{ file: string; frames: number }> = [];
  for (let f = from; f <= to; f++) {
    const name = terminalSpriteAt(sprites, f);
    const file = name ? path.join(sprites.dir, name) : blank;
    entries.push({ file, frames: 1 });
  }
  const quote = (f: string) => `'${f.replace(/'/g, "'\\''")}'`;
  const lines = ['ffconcat version 1.0'];
  for (const e of entries) lines.push(`file ${quote(e.file)}`, `duration ${(e.frames / fps).toFixed(6)}`);
  const last = entries[entries.length - 1];
  if (last) lines.push(`file ${quote(last.file)}`);
  return `${lines.join('\n')}\n`;
};

/** Whether frames `from` … `to` show any picture (the composite path adds no input otherwise). */
export const anyTerminalSprite = (sprites: TerminalSprites | undefined, [from, to]: [number, number]): boolean => {
  if (!sprites) return false;
  for (let f = from; f <= to; f++) if (terminalSpriteAt(sprites, f)) return true;
  return false;
};

/**
 * The sharp terminal layer of one render job (render.ts): the composition's computed props and
 * style (style.terminal.sharpText), its frame model at the composition's size, the output's scale
 * against it, drawn into a new temporary folder (the caller removes `dir`). A session that cannot
 * be read or drawn is a warning, not a failure: the render shows the recorded pixels.
 * @returns the pictures, or null (off, no session, never zoomed, or failed with a warning)
 */
export const prepareRenderTerminal = async (opts: {
  composition: VideoConfig;
  captureDir: string;
  log?: CaptureLog;
  outputSize: { width: number; height: number };
  frameRange: [number, number];
  warn: (line: string) => void;
  projectRoot?: string;
}): Promise<PreparedTerminalSprites | null> => {
  const { composition } = opts;
  const props = composition.props as { computed?: Computed<ScreenLayout>; style?: Style };
  const computed = props.computed;
  const style = props.style;
  if (!computed || !style || style.terminal?.sharpText === false) return null;
  const frameSize = { width: composition.width, height: composition.height };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-terminal-'));
  try {
    const made = await prepareTerminalSprites({
      captureDir: opts.captureDir,
      ...(opts.log ? { log: opts.log } : {}),
      model: frameModel(computed, style, frameSize),
      frameRange: opts.frameRange,
      layer: { enabled: true, timeMap: computed.timeMap, outputScale: opts.outputSize.width / frameSize.width },
      dir,
      warn: opts.warn,
      ...(opts.projectRoot ? { projectRoot: opts.projectRoot } : {}),
    });
    if (!made) fs.rmSync(dir, { recursive: true, force: true });
    return made;
  } catch (err) {
    fs.rmSync(dir, { recursive: true, force: true });
    if (!(err instanceof ScreenplayError)) throw err;
    opts.warn(`sharp terminal text is off for this render: ${err.message}`);
    return null;
  }
};

/** The sprites as the composition's props carry them (`terminalSprites`): the files served at `base`. */
export const terminalSpritesProps = (sprites: PreparedTerminalSprites, base: string): TerminalSprites => ({
  from: sprites.from,
  frames: sprites.frames,
  files: sprites.files,
  width: sprites.width,
  height: sprites.height,
  base: base.replace(/\/+$/, ''),
});
