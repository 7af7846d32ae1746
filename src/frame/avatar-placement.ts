/**
 * Where the avatar is, per frame (pure).
 * - Fixed: TikTokSplit and Square put it in their panel, below or beside nothing that moves.
 * - Bubble: Landscape puts a round bubble in a corner of the screen area. When the action (the
 *   camera's focus, or in a terminal the lines around the cursor, seen through the camera) comes
 *   near it, or is about to (300 ms ahead), the
 *   bubble moves to the nearest corner that is clear, springing there; it goes back to its home
 *   corner (bottom right) once that has been clear for a while.
 */
import { CAMERA_SPRING } from '../timeline/presets';
import { sampleTrack, simulateSpring, SPRING_STEP_MS } from '../timeline/spring';
import type { Timeline } from '../timeline/build-timeline';
import type { Point, Rect } from '../base/geometry';
import { frameAt, framesIn, msAt } from '../base/time';
import { cameraAt } from '../timeline/camera';
import { area, at, projection, screenAreaToOutput, screenToOutput, type Projection } from './spaces';

/** Top-left corner of the avatar per frame, and its size (output px). */
export type AvatarPlacement = { size: number; x: number[]; y: number[] };

export const fixedPlacement = (at: { x: number; y: number }, size: number, frames: number): AvatarPlacement => ({
  size,
  x: Array.from({ length: frames }, () => at.x),
  y: Array.from({ length: frames }, () => at.y),
});

export type Corner = 'bottom-right' | 'bottom-left' | 'top-right' | 'top-left';
export const CORNERS: readonly Corner[] = ['bottom-right', 'bottom-left', 'top-right', 'top-left'];

/** A corner's spot; bottom corners stay above `bottomLimit` (the captions' top) when given. */
export const cornerAt = (corner: Corner, stage: Rect, size: number, margin: number, bottomLimit = Infinity): Point => ({
  x: corner.endsWith('left') ? stage.x + margin : stage.x + stage.width - margin - size,
  y: corner.startsWith('top') ? stage.y + margin : Math.min(stage.y + stage.height, bottomLimit) - margin - size,
});

/** The camera's projection at a frame (clamped to the timeline). */
const projectionOf = (timeline: Timeline, stage: Rect, frame: number): { f: number; pr: Projection } => {
  const f = Math.max(0, Math.min(timeline.camera.zoom.length - 1, frame));
  return { f, pr: projection(cameraAt(timeline.camera, f), timeline.screen, timeline.viewAspect, stage) };
};

/** The camera's focus in output px, at a frame. */
export const focusOnStage = (timeline: Timeline, stage: Rect, frame: number): Point => {
  const { f, pr } = projectionOf(timeline, stage, frame);
  return screenToOutput(at('screen', { x: timeline.camera.focusX[f] ?? 0, y: timeline.camera.focusY[f] ?? 0 }), pr);
};

/** The part of the screen the action occupies (timeline.keepClear), in output px, at a frame. */
export const keepClearOnStage = (timeline: Timeline, stage: Rect, frame: number): Rect => {
  const { f, pr } = projectionOf(timeline, stage, frame);
  const k = timeline.keepClear;
  const x0 = k.x0[f] ?? 0;
  const y0 = k.y0[f] ?? 0;
  return screenAreaToOutput(area('screen', { x: x0, y: y0, width: (k.x1[f] ?? 0) - x0, height: (k.y1[f] ?? 0) - y0 }), pr);
};

/** Distance from a point to a rectangle (0 inside it). */
const distanceToRect = (p: Point, r: Rect): number => Math.hypot(Math.max(r.x - p.x, 0, p.x - (r.x + r.width)), Math.max(r.y - p.y, 0, p.y - (r.y + r.height)));

/** How close (beyond its own radius, as a fraction of its size) the action may come to the bubble. */
export const BUBBLE_CLEARANCE = 0.5;
const LOOKAHEAD_MS = 300;
const HOME_AFTER_MS = 1500;

export const bubblePlacement = (opts: {
  timeline: Timeline;
  stage: Rect;
  size: number;
  margin: number;
  home?: Corner;
  bottomLimit?: number;
}): AvatarPlacement => {
  const { timeline, stage, size } = opts;
  const margin = opts.margin;
  const spot = (c: Corner) => cornerAt(c, stage, size, margin, opts.bottomLimit);
  const home = opts.home ?? 'bottom-right';
  const frames = timeline.durationInFrames;
  const fps = timeline.fps;
  const lookahead = framesIn(LOOKAHEAD_MS, fps);
  const crowded = (corner: Corner, f: number): boolean => {
    const c = spot(corner);
    const centre = { x: c.x + size / 2, y: c.y + size / 2 };
    return [f, f + lookahead].some((g) => distanceToRect(centre, keepClearOnStage(timeline, stage, g)) < size * (0.5 + BUBBLE_CLEARANCE));
  };
  // The corner per frame.
  const corners: Corner[] = [];
  let current = home;
  let homeClearSince = 0;
  for (let f = 0; f < frames; f++) {
    if (crowded(home, f)) homeClearSince = f + 1;
    if (crowded(current, f)) {
      const from = spot(current);
      const clear = CORNERS.filter((c) => c !== current && !crowded(c, f));
      const dist = (c: Corner) => Math.hypot(spot(c).x - from.x, spot(c).y - from.y);
      clear.sort((a, b) => dist(a) - dist(b));
      if (clear[0]) current = clear[0];
    } else if (current !== home && msAt(f - homeClearSince, fps) >= HOME_AFTER_MS) {
      current = home;
    }
    corners.push(current);
  }
  // Sprung between corners, like the camera.
  const durationMs = msAt(frames, fps);
  const steps = Math.floor(durationMs / SPRING_STEP_MS) + 1;
  const tx = new Float64Array(steps);
  const ty = new Float64Array(steps);
  for (let i = 0; i < steps; i++) {
    const f = Math.min(frames - 1, frameAt(i * SPRING_STEP_MS, fps));
    const p = spot(corners[f] as Corner);
    tx[i] = p.x;
    ty[i] = p.y;
  }
  const sx = simulateSpring(tx, CAMERA_SPRING);
  const sy = simulateSpring(ty, CAMERA_SPRING);
  const x: number[] = [];
  const y: number[] = [];
  for (let f = 0; f < frames; f++) {
    const t = msAt(f, fps);
    x.push(Math.round(sampleTrack(sx, t) * 10) / 10);
    y.push(Math.round(sampleTrack(sy, t) * 10) / 10);
  }
  return { size, x, y };
};
