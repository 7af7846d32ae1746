/**
 * Long takes stay linear (issue 21, item 5): the timeline's rewritten loops give what the
 * quadratic ones gave. subtract (auto-edit.ts) against the former range-by-range subtraction, the
 * camera's zoom level per step against levelAt, and the camera's targets (which skip the steps where
 * nothing changes) against the former step-by-step computation, on tables and seeded random inputs.
 */
import { describe, expect, it } from 'vitest';
import { subtract } from '../../src/timeline/auto-edit';
import { computeCameraTargets, type ActivityPoint, type CameraOptions } from '../../src/timeline/camera';
import { ZOOM } from '../../src/timeline/presets';
import { simulateSpring, SPRING_STEP_MS, stepSpring } from '../../src/timeline/spring';
import { snapFocus, viewSize, type Point, type Rect } from '../../src/timeline/view';
import type { TimeRange } from '../../src/timeline/time-map';
import { computeZoomWindows, levelAt, type ZoomTrigger, type ZoomWindow } from '../../src/timeline/zoom-windows';

/** The former subtract: each busy span splits every range it touches (O(ranges × busy)). */
const subtractBefore = (ranges: TimeRange[], busy: readonly TimeRange[]): TimeRange[] => {
  let out = ranges;
  for (const b of busy) {
    out = out.flatMap((r) => {
      if (b.toMs <= r.fromMs || b.fromMs >= r.toMs) return [r];
      const parts: TimeRange[] = [];
      if (b.fromMs > r.fromMs) parts.push({ fromMs: r.fromMs, toMs: b.fromMs });
      if (b.toMs < r.toMs) parts.push({ fromMs: b.toMs, toMs: r.toMs });
      return parts;
    });
  }
  // Ranges of no length were kept as they were; every caller drops them (they are shorter than any minimum).
  return out.filter((r) => r.toMs > r.fromMs);
};

type Box = { minX: number; minY: number; maxX: number; maxY: number };
const boxAt = (p: Point): Box => ({ minX: p.x, minY: p.y, maxX: p.x, maxY: p.y });
const boxOf = (r: Rect): Box => ({ minX: r.x, minY: r.y, maxX: r.x + r.width, maxY: r.y + r.height });
const inside = (p: Point, r: Rect, tol: number): boolean => p.x >= r.x - tol && p.x <= r.x + r.width + tol && p.y >= r.y - tol && p.y <= r.y + r.height + tol;

/** The camera's targets as computed before issue 21: every 1 ms step worked out in full, levelAt scanning the window's triggers. */
const computeCameraTargetsBefore = (
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
  let inWindow: ZoomWindow | null = null;
  for (let i = 0; i < steps; i++) {
    const t = i * SPRING_STEP_MS;
    while (wi < windows.length && (windows[wi] as ZoomWindow).endMs < t) wi++;
    const w = windows[wi];
    const active = w && w.startMs <= t && t <= w.endMs ? w : null;
    if (active && active !== inWindow) {
      const first = active.triggers[0];
      ti = 0;
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
    const level = active ? levelAt(active, t) : 1;
    const limit = viewSize(screen, viewAspect, level);
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
    const centre = onBox ? focus : snapFocus(focus, screen, limit, edgeSnap);
    zoom[i] = level;
    x[i] = centre.x;
    y[i] = centre.y;
    focusX[i] = focus.x;
    focusY[i] = focus.y;
  }
  return { zoom, x, y, focusX, focusY };
};

/** A seeded generator (mulberry32): the same cases every run. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const r = (fromMs: number, toMs: number): TimeRange => ({ fromMs, toMs });

describe('subtract', () => {
  it.each<{ name: string; ranges: TimeRange[]; busy: TimeRange[]; want: TimeRange[] }>([
    { name: 'nothing busy', ranges: [r(0, 10)], busy: [], want: [r(0, 10)] },
    { name: 'a busy point inside splits the range there', ranges: [r(0, 10)], busy: [r(4, 4)], want: [r(0, 4), r(4, 10)] },
    { name: 'a busy point at either end leaves it whole', ranges: [r(0, 10)], busy: [r(0, 0), r(10, 10)], want: [r(0, 10)] },
    { name: 'a span over the start', ranges: [r(5, 10)], busy: [r(0, 7)], want: [r(7, 10)] },
    { name: 'touching spans act as one', ranges: [r(0, 10)], busy: [r(2, 4), r(4, 6)], want: [r(0, 2), r(6, 10)] },
    { name: 'a span covering the range removes it', ranges: [r(3, 5)], busy: [r(0, 10)], want: [] },
    {
      name: 'ranges keep their order, unsorted busy',
      ranges: [r(20, 30), r(0, 10)],
      busy: [r(25, 26), r(5, 5)],
      want: [r(20, 25), r(26, 30), r(0, 5), r(5, 10)],
    },
    { name: 'a range of no length gives nothing', ranges: [r(5, 5)], busy: [], want: [] },
  ])('$name', ({ ranges, busy, want }) => {
    expect(subtract(ranges, busy)).toEqual(want);
    expect(subtractBefore(ranges, busy)).toEqual(want);
  });

  it('gives what the former subtraction gave, on 300 random cases', () => {
    const next = random(21);
    const int = (n: number) => Math.floor(next() * n);
    for (let c = 0; c < 300; c++) {
      const span = () => {
        const from = int(200);
        return r(from, from + (next() < 0.4 ? 0 : int(40)));
      };
      const ranges = Array.from({ length: int(6) }, span);
      const busy = Array.from({ length: int(30) }, span);
      expect(subtract(ranges, busy), JSON.stringify({ ranges, busy })).toEqual(subtractBefore(ranges, busy));
    }
  });
});

describe('the camera on long windows', () => {
  it('zooms each step to levelAt(window, t), also with triggers out of order or without a level', () => {
    const next = random(5);
    const screen = { width: 1920, height: 1080 };
    for (let c = 0; c < 40; c++) {
      const windows: ZoomWindow[] = [];
      let t = Math.floor(next() * 300);
      for (let w = 0; w < 3; w++) {
        const startMs = t;
        const endMs = startMs + 200 + Math.floor(next() * 800);
        const triggers: ZoomTrigger[] = Array.from({ length: 1 + Math.floor(next() * 12) }, () => ({
          tMs: startMs + Math.floor(next() * (endMs - startMs + 100)) - 50,
          x: next() * 1920,
          y: next() * 1080,
          ...(next() < 0.6 ? { level: 1 + Math.round(next() * 40) / 10 } : {}),
        }));
        // Mostly in time order (as computeZoomWindows makes them), sometimes not.
        if (next() < 0.7) triggers.sort((a, b) => a.tMs - b.tMs);
        windows.push({ startMs, endMs, level: 2, triggers });
        t = endMs + 1 + Math.floor(next() * 300);
      }
      const durationMs = t + 200;
      const targets = computeCameraTargets({ screen, viewAspect: 16 / 9, durationMs, fps: 30, windows, activity: [] });
      const expected = Array.from(targets.zoom, (_, ms) => {
        const w = windows.find((x) => x.startMs <= ms && ms <= x.endMs);
        return w ? levelAt(w, ms) : 1;
      });
      expect(Array.from(targets.zoom)).toEqual(expected);
    }
  });

  it('gives the targets the step-by-step computation gave, on 60 random takes (clicks on boxes, typing, marked zooms, activity)', () => {
    const next = random(42);
    const screen = { width: 1920, height: 1080 };
    for (let c = 0; c < 60; c++) {
      const durationMs = 5000 + Math.floor(next() * 15000);
      const at = () => Math.round(next() * durationMs * 10) / 10;
      const triggers: ZoomTrigger[] = Array.from({ length: Math.floor(next() * 12) }, () => {
        const tMs = at();
        const x = next() * 1920;
        const y = next() * 1080;
        const kind = next();
        if (kind < 0.3) return { tMs, x, y, box: { x: x - 40, y: y - 15, width: 80 + next() * 200, height: 30 + next() * 40 }, level: 1 + next() * 3 };
        if (kind < 0.5) return { tMs, endMs: tMs + next() * 3000, x, y, terminal: true };
        return { tMs, x, y };
      });
      const windows = computeZoomWindows(triggers, { durationMs, level: 1.5 + next() });
      if (next() < 0.3) {
        const startMs = at();
        windows.push({ startMs, endMs: startMs + 1500, level: 2.5, triggers: [{ tMs: startMs, x: 300, y: 200 }], fixedFocus: { x: 300, y: 200 } });
        windows.sort((a, b) => a.startMs - b.startMs);
      }
      const activity: ActivityPoint[] = Array.from({ length: Math.floor(next() * 400) }, () => ({ tMs: at(), x: next() * 1920, y: next() * 1080 })).sort(
        (a, b) => a.tMs - b.tMs,
      );
      const opts: CameraOptions = { screen, viewAspect: next() < 0.5 ? 16 / 9 : 1080 / 960, durationMs, fps: 30, windows, activity, edgeSnap: next() * 0.5 };
      const after = computeCameraTargets(opts);
      const before = computeCameraTargetsBefore(opts);
      for (const key of ['zoom', 'x', 'y', 'focusX', 'focusY'] as const) expect(Array.from(after[key]), `case ${c}: ${key}`).toEqual(Array.from(before[key]));
    }
  });
});

describe('simulateSpring', () => {
  it('gives exactly what stepping a SpringState with stepSpring gives', () => {
    const next = random(7);
    for (const config of [
      { stiffness: 170, damping: 26, mass: 1 },
      { stiffness: 300, damping: 30, mass: 0.7 },
      { stiffness: 60, damping: 12, mass: 2 },
    ]) {
      const targets = Float64Array.from({ length: 5000 }, (_, i) => (i % 700 < 350 ? 1 + next() : 1000 * next()));
      const state = { value: targets[0] as number, velocity: 0 };
      const stepped = Array.from(targets, (target, i) => (i === 0 ? state.value : stepSpring(state, target, config).value));
      expect(Array.from(simulateSpring(targets, config))).toEqual(stepped);
    }
  });
});
