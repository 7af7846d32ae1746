/**
 * The sharp terminal layer (pure): on which frames the terminal's text is drawn from the session
 * itself (src/render/terminal-text) over the recorded pixels, which moment of the session each
 * of those frames shows, and the exact transform to draw it at, so that both render paths lay
 * one picture per frame over the stage without scaling it again.
 *
 * A frame gets the layer when all of these hold:
 * - the style turns it on (style.terminal.sharpText) and the take has a terminal session;
 * - the camera magnifies the screen: stage px per screen px (times the output's scale, when the
 *   render is smaller than the composition) above `minMagnification` (1.02): at zoom 1 the
 *   recorded pixels show untouched;
 * - no dissolve across a cut shows (the held frame is a picture of another moment);
 * - the camera is not motion-blurred (a sharp layer over a blurred move would tear);
 * - no privacy blur covers any of the terminal's grid (what a blur hides stays hidden).
 *
 * Spaces (spaces.ts): the grid is in screen px; a layer's picture is the whole stage (stage px,
 * its top-left corner at the stage's), transparent outside the grid, so it is laid at (0, 0)
 * whatever the camera does.
 */
import type { Rect } from '../base/geometry';
import { msAt } from '../base/time';
import { blendAt, heldFrameRecMs, isHold, outToRec, type TimeMap } from '../timeline/time-map';
import { motionAt, projectionAt, type FrameModel } from './model';

/** Below this magnification (output px per screen px) the recorded pixels show: the layer would only re-draw them. */
export const MIN_MAGNIFICATION = 1.02;

/** What decides the layer besides the frame model (see the module's comment). */
export type TerminalLayerOptions = {
  /** style.terminal.sharpText. */
  enabled: boolean;
  /** The terminal's grid (screen px: x, y, cols × cellWidth, rows × cellHeight); null: the take has no terminal session. */
  grid: Rect | null;
  /** Speed-ups, cuts and holds (absent: the recording as recorded). */
  timeMap?: TimeMap;
  /** Output px per composition px (0.5 for a render at --scale 0.5); default 1. */
  outputScale?: number;
  /** Default MIN_MAGNIFICATION. */
  minMagnification?: number;
};

/**
 * One frame's layer. The picture is `stage`-sized (stage px); screen point (sx, sy) lands at
 * picture px (sx × scale + dx, sy × scale + dy). `box` is the part of the grid the stage shows
 * (stage px, whole pixels: the picture is transparent elsewhere).
 */
export type TerminalLayerFrame = {
  frame: number;
  /** The recording time (ms, the capture log's clock) the frame shows: the session's screen at that moment. */
  recMs: number;
  scale: number;
  dx: number;
  dy: number;
  width: number;
  height: number;
  box: Rect;
};

/** The recording time (ms) frame `frame` shows through a time map (a hold: its held frame); as recorded without one. */
export const recordingMsAt = (frame: number, fps: number, timeMap?: TimeMap): number => {
  const tMs = msAt(frame, fps);
  if (!timeMap) return tMs;
  const s = timeMap.segments.find((g) => tMs >= g.outFromMs && tMs < g.outToMs);
  if (s && isHold(s)) return heldFrameRecMs(timeMap, s, fps);
  return outToRec(timeMap, tMs);
};

/** Whether two rectangles overlap (by any area). */
const overlaps = (a: Rect, b: Rect): boolean => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/**
 * Frame `frame`'s terminal layer, or null when the frame shows the recorded pixels only (see
 * the module's comment for when).
 */
export const terminalLayerAt = (model: FrameModel, frame: number, opts: TerminalLayerOptions): TerminalLayerFrame | null => {
  const { grid } = opts;
  if (!opts.enabled || !grid || grid.width <= 0 || grid.height <= 0) return null;
  const pr = projectionAt(model, frame);
  const magnification = pr.k * (opts.outputScale ?? 1);
  if (!(magnification > (opts.minMagnification ?? MIN_MAGNIFICATION))) return null;
  const fps = model.timeline.fps;
  const tMs = msAt(frame, fps);
  if (blendAt(model.blends ?? [], tMs)) return null;
  if (motionAt(model, frame)) return null;
  const blurred = (model.timeline.blurs ?? []).some((b) => tMs >= b.startMs && tMs <= b.endMs && overlaps(b, grid));
  if (blurred) return null;
  const { view, k, stage } = pr;
  const dx = -view.x * k;
  const dy = -view.y * k;
  // The grid on the stage (stage px), cut to it and widened to whole pixels.
  const x0 = Math.max(0, Math.floor(grid.x * k + dx + 1e-6));
  const y0 = Math.max(0, Math.floor(grid.y * k + dy + 1e-6));
  const x1 = Math.min(stage.width, Math.ceil((grid.x + grid.width) * k + dx - 1e-6));
  const y1 = Math.min(stage.height, Math.ceil((grid.y + grid.height) * k + dy - 1e-6));
  if (x1 <= x0 || y1 <= y0) return null;
  return {
    frame,
    recMs: recordingMsAt(frame, fps, opts.timeMap),
    scale: k,
    dx,
    dy,
    width: stage.width,
    height: stage.height,
    box: { x: x0, y: y0, width: x1 - x0, height: y1 - y0 },
  };
};

/** terminalLayerAt for frames `from` … `to` (inclusive), in order (null: no layer on that frame). */
export const terminalLayerFrames = (model: FrameModel, [from, to]: [number, number], opts: TerminalLayerOptions): Array<TerminalLayerFrame | null> => {
  const out: Array<TerminalLayerFrame | null> = [];
  for (let f = from; f <= to; f++) out.push(terminalLayerAt(model, f, opts));
  return out;
};

/**
 * The key of a layer's transform: frames whose key and snapshot agree share one picture. The
 * offsets are kept to 1/1000 px (well below what a rasteriser's anti-aliasing can show).
 */
export const transformKey = (l: Pick<TerminalLayerFrame, 'scale' | 'dx' | 'dy' | 'width' | 'height'>): string =>
  `${l.scale.toFixed(6)}:${l.dx.toFixed(3)}:${l.dy.toFixed(3)}:${l.width}x${l.height}`;

/**
 * The sharp terminal layer of a render, as both render paths read it: per frame of the render
 * (from `from`), the index of its picture in `files`, or -1 (the recorded pixels only). Every
 * picture is `width` x `height` (the stage, stage px), laid at the stage's top-left corner.
 * Plain data: it travels in the composition's props (`terminalSprites`) with `base`, the URL of
 * the folder holding the files (the browser path), or is read by the composite path with `dir`.
 */
export type TerminalSprites = {
  from: number;
  frames: number[];
  files: string[];
  width: number;
  height: number;
  /** Where the browser loads the files from (a URL ending without "/"); absent outside a render. */
  base?: string;
};

/** The picture frame `frame` shows (a file name in the sprites' folder), or null. */
export const terminalSpriteAt = (sprites: Pick<TerminalSprites, 'from' | 'frames' | 'files'> | undefined, frame: number): string | null => {
  if (!sprites) return null;
  const i = sprites.frames[frame - sprites.from];
  return i === undefined || i < 0 ? null : (sprites.files[i] ?? null);
};
