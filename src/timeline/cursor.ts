/**
 * The drawn cursor: jitter dropped, spring-smoothed (reading the target slightly ahead so it
 * does not lag), snappier just before a click and exactly on the click position at the click,
 * shrinking on press, hidden after a while idle. Pure.
 */
import { CURSOR, CURSOR_SPRINGS } from './presets';
import { SPRING_STEP_MS, stepSpring, type SpringConfig, type SpringState } from './spring';
import type { Point } from './view';
import { frameAt, msAt } from '../base/time';

export type TimedPoint = Point & { tMs: number };
export type ClickPoint = TimedPoint & { button?: string };

export type CursorTrack = { x: number[]; y: number[]; scale: number[]; opacity: number[] };
export type CursorFrame = { x: number; y: number; scale: number; opacity: number };

const dist = (a: Point, b: Point): number => Math.hypot(a.x - b.x, a.y - b.y);

/**
 * Drops back-and-forth hops: samples that leave a point by less than `maxHopPx` and come back
 * to it within `windowMs`. Returns the samples kept, in time order.
 */
export const removeJitter = (samples: readonly TimedPoint[], maxHopPx: number, windowMs: number = CURSOR.jitterWindowMs): TimedPoint[] => {
  const kept: TimedPoint[] = [];
  let i = 0;
  while (i < samples.length) {
    const anchor = kept[kept.length - 1];
    const cur = samples[i] as TimedPoint;
    if (!anchor || dist(anchor, cur) === 0 || dist(anchor, cur) >= maxHopPx) {
      kept.push(cur);
      i++;
      continue;
    }
    // cur hops away from anchor by less than maxHopPx: does the cursor come back in time?
    let back = -1;
    for (let j = i + 1; j < samples.length; j++) {
      const s = samples[j] as TimedPoint;
      if (s.tMs - anchor.tMs > windowMs) break;
      const d = dist(anchor, s);
      if (d >= maxHopPx) break;
      if (d <= Math.max(1, 0.25 * dist(anchor, cur))) {
        back = j;
        break;
      }
    }
    if (back === -1) {
      kept.push(cur);
      i++;
    } else {
      i = back; // skip the excursion; the returning sample is considered next
    }
  }
  return kept;
};

/** Piecewise-linear position over time from samples in time order (held before/after). */
export const makePathSampler = (samples: readonly TimedPoint[]): ((tMs: number) => Point) => {
  let j = 0;
  return (tMs: number): Point => {
    // Monotonic callers (the simulation) make this O(1) amortised; rewind if asked earlier.
    if (j > 0 && (samples[j] as TimedPoint).tMs > tMs) j = 0;
    while (j + 1 < samples.length && (samples[j + 1] as TimedPoint).tMs <= tMs) j++;
    const a = samples[j];
    const b = samples[j + 1];
    if (!a) return { x: 0, y: 0 };
    if (!b || tMs <= a.tMs) return { x: a.x, y: a.y };
    const u = (tMs - a.tMs) / (b.tMs - a.tMs);
    return { x: a.x + (b.x - a.x) * u, y: a.y + (b.y - a.y) * u };
  };
};

const smoothstep = (u: number): number => {
  const c = Math.min(1, Math.max(0, u));
  return c * c * (3 - 2 * c);
};

export type CursorOptions = {
  samples: readonly TimedPoint[];
  clicks: readonly ClickPoint[];
  durationMs: number;
  fps: number;
  screenWidth: number;
  spring?: SpringConfig;
  hideWhenIdle?: boolean;
};

export const buildCursorTrack = (opts: CursorOptions): CursorTrack => {
  const { durationMs, fps } = opts;
  const spring = opts.spring ?? CURSOR_SPRINGS.smooth;
  const snappy = CURSOR_SPRINGS.snappy;
  // Read the target ahead by the spring's own lag (friction / tension seconds).
  const lookAheadMs = (spring.damping / spring.stiffness) * 1000;
  const snappyLookAheadMs = (snappy.damping / snappy.stiffness) * 1000;
  const clicks = [...opts.clicks].sort((a, b) => a.tMs - b.tMs);
  const filtered = removeJitter(
    [...opts.samples].sort((a, b) => a.tMs - b.tMs),
    CURSOR.jitterRatio * opts.screenWidth,
  );
  // Clicks are positions too: the path passes through each of them at its time.
  const path = [...filtered, ...clicks.map((c) => ({ tMs: c.tMs, x: c.x, y: c.y }))].sort((a, b) => a.tMs - b.tMs);
  const frames = Math.max(1, frameAt(durationMs, fps));
  const track: CursorTrack = { x: [], y: [], scale: [], opacity: [] };
  if (path.length === 0) {
    for (let f = 0; f < frames; f++) {
      track.x.push(0);
      track.y.push(0);
      track.scale.push(1);
      track.opacity.push(0);
    }
    return track;
  }
  // One sampler per reader: each is called with times that only grow (O(1) amortised).
  const ahead = makePathSampler(path);
  const aheadSnappy = makePathSampler(path);
  const exact = makePathSampler(path);
  const start = path[0] as TimedPoint;
  const sx: SpringState = { value: start.x, velocity: 0 };
  const sy: SpringState = { value: start.y, velocity: 0 };

  // Activity (for idle hiding): path points that moved, and clicks.
  const activity: number[] = [];
  for (let i = 0; i < path.length; i++) {
    const p = path[i] as TimedPoint;
    const prev = path[i - 1];
    if (!prev || dist(prev, p) >= CURSOR.idleThresholdPx) activity.push(p.tMs);
  }
  for (const c of clicks) activity.push(c.tMs);
  activity.sort((a, b) => a - b);

  let ci = 0; // next click at or after the current step
  let ai = 0;
  let lastActive = start.tMs;
  let resumeMs = -Infinity;
  let step = 0;
  for (let f = 0; f < frames; f++) {
    const t = msAt(f, fps);
    // Advance the simulation to time t.
    let x = sx.value;
    let y = sy.value;
    while (step * SPRING_STEP_MS <= t) {
      const st = step * SPRING_STEP_MS;
      while (ci < clicks.length && (clicks[ci] as ClickPoint).tMs < st) {
        // The click has passed: the spring continues from exactly where it landed.
        const c = clicks[ci] as ClickPoint;
        sx.value = c.x;
        sy.value = c.y;
        sx.velocity = 0;
        sy.velocity = 0;
        ci++;
      }
      const next = clicks[ci];
      const toClick = next ? next.tMs - st : Infinity;
      if (next && toClick <= CURSOR.clickSnapMs) {
        // The snappy spring follows the real path (read ahead, never past the click), and
        // the drawn position blends onto the click so it lands exactly on time.
        const target = aheadSnappy(Math.min(st + snappyLookAheadMs, next.tMs));
        stepSpring(sx, target.x, snappy);
        stepSpring(sy, target.y, snappy);
        // Blend onto the real path, which passes through the click at its time.
        const real = exact(st);
        const w = smoothstep(1 - toClick / CURSOR.clickSnapMs);
        x = sx.value + (real.x - sx.value) * w;
        y = sy.value + (real.y - sy.value) * w;
      } else {
        const target = ahead(st + lookAheadMs);
        stepSpring(sx, target.x, spring);
        stepSpring(sy, target.y, spring);
        x = sx.value;
        y = sy.value;
      }
      step++;
    }

    // Press: shrink towards pressScale and back, centred on the click.
    let scale = 1;
    for (let k = Math.max(0, ci - 2); k < Math.min(clicks.length, ci + 2); k++) {
      const d = Math.abs(t - (clicks[k] as ClickPoint).tMs);
      if (d < CURSOR.pressMs) scale = Math.min(scale, 1 - (1 - CURSOR.pressScale) * smoothstep(1 - d / CURSOR.pressMs));
    }

    // Idle: fade out after idleHideMs without activity, fade back in when it resumes.
    while (ai < activity.length && (activity[ai] as number) <= t) {
      const a = activity[ai] as number;
      if (a - lastActive > CURSOR.idleHideMs) resumeMs = a;
      lastActive = a;
      ai++;
    }
    let opacity = 1;
    if (opts.hideWhenIdle !== false) {
      const idle = t - lastActive;
      const out = idle <= CURSOR.idleHideMs ? 1 : Math.max(0, 1 - (idle - CURSOR.idleHideMs) / CURSOR.fadeOutMs);
      const fadeIn = Math.min(1, Math.max(0, (t - resumeMs) / CURSOR.fadeInMs));
      opacity = Math.min(out, fadeIn);
    }

    track.x.push(Math.round(x * 100) / 100);
    track.y.push(Math.round(y * 100) / 100);
    track.scale.push(Math.round(scale * 1000) / 1000);
    track.opacity.push(Math.round(opacity * 1000) / 1000);
  }
  return track;
};

export const cursorAt = (track: CursorTrack, frame: number): CursorFrame => {
  const i = Math.min(Math.max(0, Math.floor(frame)), track.x.length - 1);
  return { x: track.x[i] ?? 0, y: track.y[i] ?? 0, scale: track.scale[i] ?? 1, opacity: track.opacity[i] ?? 0 };
};
