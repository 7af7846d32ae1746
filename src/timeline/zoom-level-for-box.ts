/**
 * The zoom level that frames a target's box (issue 17): a small button gets a close zoom, a
 * wide card a gentle one, a full-screen panel none. Pure.
 */
import type { Screen } from '../capture-log/schema';
import { ZOOM } from './presets';
import { baseViewSize, type Rect, type Size } from './view';

export type ZoomForBoxOptions = {
  /** Fraction of the view the box plus its margin may fill, in its tighter dimension. Default ZOOM.boxFill (0.75). */
  fill?: number;
  /** Margin on each side of the box, as a fraction of the zoom-1 view's height. Default ZOOM.boxMarginRatio (0.04). */
  marginRatio?: number;
  /** The most output px one screen (recording) px may cover. Default ZOOM.maxOutputPxPerScreenPx (2). */
  maxOutputPxPerScreenPx?: number;
};

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));

/** A box cut to the screen (screen px); at least 1 px each way. */
export const clipToScreen = (box: Rect, screen: Screen): Rect => {
  const x0 = clamp(box.x, 0, screen.width);
  const y0 = clamp(box.y, 0, screen.height);
  const x1 = clamp(box.x + box.width, 0, screen.width);
  const y1 = clamp(box.y + box.height, 0, screen.height);
  return { x: x0, y: y0, width: Math.max(1, x1 - x0), height: Math.max(1, y1 - y0) };
};

/**
 * The zoom level (the camera's unit: 1 shows the largest view of the stage's aspect that fits
 * the screen, `baseViewSize`; z shows 1/z of it each way) at which `box` plus a margin fills
 * a good part of the view.
 *
 * - `box`: the target's box, screen px (cut to the screen first).
 * - `screen`: the screen's size, screen px (a recording pixel is a screen pixel: HiDPI
 *   recordings have a screen of 3840x2160).
 * - `stage`: where the recording is shown in the composition, output px (layout.stage's size;
 *   its aspect is the view's).
 *
 * With base = baseViewSize(screen, stage aspect), m = marginRatio × base.height:
 *   fit = fill × min(base.width / (box.width + 2m), base.height / (box.height + 2m))
 *   max = maxOutputPxPerScreenPx × base.width / stage.width   (at zoom z one screen px covers
 *         z × stage.width / base.width output px)
 *   level = clamp(fit, 1, max), and 1 if max < 1 (a screen shown smaller than 2:1 is never zoomed past 1).
 */
export const zoomLevelForBox = (box: Rect, screen: Screen, stage: Size, opts: ZoomForBoxOptions = {}): number => {
  const { fill = ZOOM.boxFill, marginRatio = ZOOM.boxMarginRatio, maxOutputPxPerScreenPx = ZOOM.maxOutputPxPerScreenPx } = opts;
  const base = baseViewSize(screen, stage.width / stage.height);
  const b = clipToScreen(box, screen);
  const m = marginRatio * base.height;
  const fit = fill * Math.min(base.width / (b.width + 2 * m), base.height / (b.height + 2 * m));
  const max = (maxOutputPxPerScreenPx * base.width) / stage.width;
  return Math.max(1, Math.min(fit, max));
};
