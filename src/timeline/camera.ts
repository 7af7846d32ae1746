/**
 * The camera: zoom level and view centre for every frame. Targets come from the zoom windows
 * (level) and from recent cursor activity grouped into boxes (centre); both are chased by the
 * camera spring, simulated at a fixed step and sampled at the frame times. Pure.
 */
import type { Screen } from '../capture-log/schema';
import { CAMERA_SPRING, ZOOM } from './presets';
import { simulateSpring, sampleTrack, SPRING_STEP_MS, type SpringConfig } from './spring';
import { clampCentre, snapFocus, viewSize, type Camera, type Point, type Rect } from './view';
import { type ZoomTrigger, type ZoomWindow } from './zoom-windows';
import { frameAt, msAt } from '../base/time';

export type ActivityPoint = Point & { tMs: number };

export type CameraOptions = {
  screen: Screen;
  viewAspect: number;
  durationMs: number;
  fps: number;
  windows: readonly ZoomWindow[];
  /** Cursor samples and clicks, in time order. */
  activity: readonly ActivityPoint[];
  spring?: SpringConfig;
  edgeSnap?: number;
  focusBoxRatio?: number;
};

type Box = { minX: number; minY: number; maxX: number; maxY: number };
const boxAt = (p: Point): Box => ({ minX: p.x, minY: p.y, maxX: p.x, maxY: p.y });
const boxOf = (r: Rect): Box => ({ minX: r.x, minY: r.y, maxX: r.x + r.width, maxY: r.y + r.height });
const inside = (p: Point, r: Rect, tol: number): boolean => p.x >= r.x - tol && p.x <= r.x + r.width + tol && p.y >= r.y - tol && p.y <= r.y + r.height + tol;

/**
 * Focus target per step: the centre of the current activity box. A box grows with each new
 * point until it would exceed the limit (a fraction of the view at the target zoom); then a
 * new box starts at that point. Entering a zoom window starts a box at its first trigger, so
 * the camera heads for the click rather than for the path that led to it.
 *
 * A trigger with a target's box (a click on a resolved target, a zoom mark with a box) makes
 * that box the activity box from its time on, at the trigger's level (levelAt): the camera
 * centres on the box (clamped to the screen, no edge snap: the level already leaves a margin
 * round it). Pointer moves inside the box keep it; the first one outside it grows the box as
 * usual (and, past the limit, starts a new one at the pointer).
 */
export const computeCameraTargets = (
  opts: CameraOptions,
): { zoom: Float64Array; x: Float64Array; y: Float64Array; focusX: Float64Array; focusY: Float64Array } => {
  const { screen, viewAspect, durationMs, windows, activity } = opts;
  const edgeSnap = opts.edgeSnap ?? ZOOM.edgeSnap;
  const boxRatio = opts.focusBoxRatio ?? ZOOM.focusBoxRatio;
  const steps = Math.floor(durationMs / SPRING_STEP_MS) + 1;
  const zoom = new Float64Array(steps);
  const x = new Float64Array(steps);
  const y = new Float64Array(steps);
  const focusX = new Float64Array(steps);
  const focusY = new Float64Array(steps);

  let box: Box = boxAt({ x: screen.width / 2, y: screen.height / 2 });
  /** The target box the camera frames now (null: the activity box's centre, edge-snapped). */
  let framed: Rect | null = null;
  let ai = 0;
  let wi = 0;
  let ti = 0;
  // levelAt(active, t) kept incrementally (t only grows): how many of the window's first triggers are at or before t.
  let li = 0;
  let inWindow: ZoomWindow | null = null;
  let limitLevel = NaN;
  let limit = viewSize(screen, viewAspect, 1);
  // The last edge-snapped centre and what it was computed from (snapFocus is pure).
  let snapped: Point = { x: NaN, y: NaN };
  let snappedFrom = { x: NaN, y: NaN, limit };
  // Steps before `nextChange` see the same state as the one before them (no activity point, no
  // trigger, no window edge in between): they repeat its targets without working them out again.
  let nextChange = 0;
  for (let i = 0; i < steps; i++) {
    if (i < nextChange) {
      zoom[i] = zoom[i - 1] as number;
      x[i] = x[i - 1] as number;
      y[i] = y[i - 1] as number;
      focusX[i] = focusX[i - 1] as number;
      focusY[i] = focusY[i - 1] as number;
      continue;
    }
    const t = i * SPRING_STEP_MS;
    while (wi < windows.length && (windows[wi] as ZoomWindow).endMs < t) wi++;
    const w = windows[wi];
    const active = w && w.startMs <= t && t <= w.endMs ? w : null;
    if (active && active !== inWindow) {
      const first = active.triggers[0];
      ti = 0;
      li = 0;
      framed = null;
      if (first) {
        box = first.box ? boxOf(first.box) : boxAt(first);
        framed = first.box ?? null;
        // The approach to the first trigger is not focus.
        while (ai < activity.length && (activity[ai] as ActivityPoint).tMs < first.tMs) ai++;
      }
    }
    if (!active) framed = null;
    inWindow = active;
    let level = 1;
    if (active) {
      while (li < active.triggers.length && (active.triggers[li] as ZoomTrigger).tMs <= t) li++;
      level = (active.triggers[Math.max(0, li - 1)] as ZoomTrigger | undefined)?.level ?? active.level;
    }
    // The view's size changes only with the level: computed again only then (a 10-minute take has 600k steps).
    if (level !== limitLevel) {
      limit = viewSize(screen, viewAspect, level);
      limitLevel = level;
    }
    const maxW = limit.width * boxRatio;
    const maxH = limit.height * boxRatio;
    while (ai < activity.length && (activity[ai] as ActivityPoint).tMs <= t) {
      const p = activity[ai] as ActivityPoint;
      ai++;
      if (framed && inside(p, framed, ZOOM.targetTolerancePx)) continue;
      framed = null;
      const grown: Box = {
        minX: Math.min(box.minX, p.x),
        minY: Math.min(box.minY, p.y),
        maxX: Math.max(box.maxX, p.x),
        maxY: Math.max(box.maxY, p.y),
      };
      box = grown.maxX - grown.minX > maxW || grown.maxY - grown.minY > maxH ? boxAt(p) : grown;
    }
    // A trigger on a target's box (after the activity up to it: the click lands inside the box).
    if (active) {
      while (ti < active.triggers.length && (active.triggers[ti] as ZoomTrigger).tMs <= t) {
        const tr = active.triggers[ti++] as ZoomTrigger;
        if (tr.box) {
          box = boxOf(tr.box);
          framed = tr.box;
        }
      }
    }
    const focus = active?.fixedFocus ?? { x: (box.minX + box.maxX) / 2, y: (box.minY + box.maxY) / 2 };
    // A framed box (or a zoom mark given with a box) is centred as it is; clampCentre keeps the view on the screen.
    const onBox = active?.fixedFocus ? active.triggers[0]?.box !== undefined : framed !== null;
    let centre: Point = focus;
    if (!onBox) {
      if (focus.x !== snappedFrom.x || focus.y !== snappedFrom.y || limit !== snappedFrom.limit) {
        snapped = snapFocus(focus, screen, limit, edgeSnap);
        snappedFrom = { x: focus.x, y: focus.y, limit };
      }
      centre = snapped;
    }
    zoom[i] = level;
    x[i] = centre.x;
    y[i] = centre.y;
    focusX[i] = focus.x;
    focusY[i] = focus.y;
    // The first later step at which any loop above would move on.
    let next = Infinity;
    if (ai < activity.length) next = Math.min(next, firstStepAtOrAfter((activity[ai] as ActivityPoint).tMs));
    const upcoming = windows[wi];
    if (upcoming) next = Math.min(next, upcoming.startMs > t ? firstStepAtOrAfter(upcoming.startMs) : firstStepAfter(upcoming.endMs));
    if (active) {
      const tr = active.triggers;
      if (ti < tr.length) next = Math.min(next, firstStepAtOrAfter((tr[ti] as ZoomTrigger).tMs));
      if (li < tr.length) next = Math.min(next, firstStepAtOrAfter((tr[li] as ZoomTrigger).tMs));
    }
    nextChange = Math.max(i + 1, next);
  }
  return { zoom, x, y, focusX, focusY };
};

/** The first step i (time i * SPRING_STEP_MS) at or after `tMs`. */
const firstStepAtOrAfter = (tMs: number): number => {
  let i = Math.max(0, Math.ceil(tMs / SPRING_STEP_MS));
  while (i > 0 && (i - 1) * SPRING_STEP_MS >= tMs) i--;
  while (i * SPRING_STEP_MS < tMs) i++;
  return i;
};

/** The first step i (time i * SPRING_STEP_MS) after `tMs`. */
const firstStepAfter = (tMs: number): number => {
  let i = Math.max(0, Math.floor(tMs / SPRING_STEP_MS) + 1);
  while (i > 0 && (i - 1) * SPRING_STEP_MS > tMs) i--;
  while (i * SPRING_STEP_MS <= tMs) i++;
  return i;
};

/**
 * Per frame: zoom and view centre (spring-smoothed), and the focus the camera is heading for
 * (where the action is, screen px, not smoothed): what a corner bubble keeps clear of.
 */
export type CameraTrack = { zoom: number[]; x: number[]; y: number[]; focusX: number[]; focusY: number[] };

const round = (v: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(v * f) / f;
};

export const buildCameraTrack = (opts: CameraOptions): CameraTrack => {
  const spring = opts.spring ?? CAMERA_SPRING;
  const targets = computeCameraTargets(opts);
  const zoom = simulateSpring(targets.zoom, spring);
  const cx = simulateSpring(targets.x, spring);
  const cy = simulateSpring(targets.y, spring);
  const frames = Math.max(1, frameAt(opts.durationMs, opts.fps));
  const out: CameraTrack = { zoom: [], x: [], y: [], focusX: [], focusY: [] };
  for (let f = 0; f < frames; f++) {
    const t = msAt(f, opts.fps);
    const step = Math.min(targets.focusX.length - 1, Math.round(t / SPRING_STEP_MS));
    out.focusX.push(round(targets.focusX[step] as number, 1));
    out.focusY.push(round(targets.focusY[step] as number, 1));
    const z = Math.max(1, sampleTrack(zoom, t));
    const c = clampCentre({ x: sampleTrack(cx, t), y: sampleTrack(cy, t) }, opts.screen, viewSize(opts.screen, opts.viewAspect, z));
    out.zoom.push(round(z, 4));
    out.x.push(round(c.x, 2));
    out.y.push(round(c.y, 2));
  }
  return out;
};

export const cameraAt = (track: CameraTrack, frame: number): Camera => {
  const i = Math.min(Math.max(0, Math.floor(frame)), track.zoom.length - 1);
  return { zoom: track.zoom[i] ?? 1, x: track.x[i] ?? 0, y: track.y[i] ?? 0 };
};
