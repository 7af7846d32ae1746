/**
 * Motion blur on fast camera moves (pure): a frame where the camera moves the picture by more
 * than `minPx` on the stage during the shutter is drawn as the mean of the recording's frame seen
 * through the camera at several moments of the shutter (trailing: from `shutter` of a frame
 * before up to the frame itself). Frames where the camera is still or slow are not touched, so
 * the cost is paid only on the few frames of a zoom or pan. Off by default: see the benchmark.
 */
import { z } from 'zod';
import type { CameraTrack } from './camera';
import { viewRect, type Camera, type Rect } from './view';
import type { Screen } from '../capture-log/schema';
import { studioStep } from '../base/studio-step';

export const motionBlurStyleSchema = z.object({
  enabled: z.boolean().describe('Blur fast camera moves (costs render time).').default(false),
  /** How long the shutter is open, as a fraction of a frame (0.5: a film camera's 180°). */
  shutter: z.number().min(0.05).max(2).check(studioStep(0.05)).describe("How long the shutter is open, in frames (0.5: a film camera's 180°).").default(0.5),
  /** Frames whose picture moves less than this on the stage (px of the composition) stay sharp. */
  minPx: z.number().min(0).check(studioStep(0.5)).describe('Frames whose picture moves less than this (px of the frame) stay sharp.').default(4),
  /** At most this many moments are drawn per frame (one more every 2 px of movement). */
  maxSamples: z.number().int().min(2).max(32).describe('At most this many moments drawn per frame (one more every 2 px of movement).').default(12),
});
export type MotionBlurStyle = z.infer<typeof motionBlurStyleSchema>;

/** The camera at a fractional frame: linear between the frames on either side. */
export const cameraBetween = (track: CameraTrack, frame: number): Camera => {
  const last = track.zoom.length - 1;
  const f = Math.min(Math.max(0, frame), last);
  const i = Math.floor(f);
  const j = Math.min(last, i + 1);
  const w = f - i;
  const mix = (a: number[]) => (a[i] ?? 0) * (1 - w) + (a[j] ?? 0) * w;
  return { zoom: mix(track.zoom), x: mix(track.x), y: mix(track.y) };
};

/**
 * Where a moment's picture lands relative to the frame's, in the frame's screen coordinates:
 * a screen point p seen at that moment shows where the frame shows `scale * p + (dx, dy)`.
 * (Drawing the recording with this transform under the frame's camera gives that moment's view.)
 */
export type SampleTransform = { scale: number; dx: number; dy: number };

const relative = (frameView: Rect, view: Rect): SampleTransform => {
  // Stage position of p: (p - view.x) * k, with k proportional to 1 / view.width.
  const scale = frameView.width / view.width;
  return { scale, dx: frameView.x - scale * view.x, dy: frameView.y - scale * view.y };
};

/** How far (stage px) the picture moves between two views, at the worst corner of the stage. */
export const stageShift = (a: Rect, b: Rect, stageWidth: number): number => {
  const k = stageWidth / b.width;
  const t = relative(b, a);
  let worst = 0;
  for (const [cx, cy] of [
    [b.x, b.y],
    [b.x + b.width, b.y],
    [b.x, b.y + b.height],
    [b.x + b.width, b.y + b.height],
  ] as const) {
    // The screen point at this corner in b, seen at a, lands here in b's coordinates.
    const qx = t.scale * cx + t.dx;
    const qy = t.scale * cy + t.dy;
    worst = Math.max(worst, Math.hypot(qx - cx, qy - cy) * k);
  }
  return worst;
};

/**
 * The moments to draw for a frame, as transforms relative to the frame's own view (the first is
 * the frame itself, the identity); null when the frame stays sharp. `count` fixes how many (a
 * render path with a fixed number of layers); by default one per 2 px of movement, at most
 * `maxSamples`.
 */
export const motionBlurSamples = (
  track: CameraTrack,
  frame: number,
  opts: { screen: Screen; viewAspect: number; stageWidth: number; style: MotionBlurStyle },
  count?: number,
): SampleTransform[] | null => {
  const { style } = opts;
  if (!style.enabled || frame <= 0) return null;
  const view = (f: number) => viewRect(cameraBetween(track, f), opts.screen, opts.viewAspect);
  const now = view(frame);
  const shift = stageShift(view(frame - style.shutter), now, opts.stageWidth);
  if (shift < style.minPx || shift === 0) return null;
  const n = count ?? Math.min(style.maxSamples, Math.max(2, Math.ceil(shift / 2) + 1));
  return Array.from({ length: n }, (_, i) => relative(now, view(frame - (style.shutter * i) / (n - 1))));
};

/** The frames (as inclusive ranges) that get motion blur. */
export const motionBlurRanges = (
  track: CameraTrack,
  opts: { screen: Screen; viewAspect: number; stageWidth: number; style: MotionBlurStyle },
): Array<[number, number]> => {
  const ranges: Array<[number, number]> = [];
  for (let f = 0; f < track.zoom.length; f++) {
    if (!motionBlurSamples(track, f, opts)) continue;
    const last = ranges[ranges.length - 1];
    if (last && last[1] === f - 1) last[1] = f;
    else ranges.push([f, f]);
  }
  return ranges;
};
