/**
 * Which target box each click was on (issue 17): capture logs a `target` event when a step
 * resolves its target, just before the pointer goes there; the click follows within the step.
 * Pure.
 */
import type { CaptureEvent, ClickEvent, TargetEvent } from '../capture-log/schema';
import { ZOOM } from './presets';
import type { Rect } from './view';

export type ClickTargetOptions = {
  /** How long before a click its target may have been logged, ms (longer where the step began earlier). Default ZOOM.targetLookbackMs. */
  lookbackMs?: number;
  /** How far outside the box the click may land and still be on it, screen px. Default ZOOM.targetTolerancePx. */
  tolerancePx?: number;
};

/**
 * For each click (by identity) the box (screen px) of the latest target event before it whose
 * box holds the click point (± tolerancePx), logged at most lookbackMs before the click or
 * after the start of the step the click belongs to. Clicks without one are absent (old capture
 * dirs have no target events: nothing changes for them). `events` in time order.
 */
export const clickTargets = (events: readonly CaptureEvent[], opts: ClickTargetOptions = {}): Map<ClickEvent, Rect> => {
  const lookbackMs = opts.lookbackMs ?? ZOOM.targetLookbackMs;
  const tol = opts.tolerancePx ?? ZOOM.targetTolerancePx;
  const out = new Map<ClickEvent, Rect>();
  const targets: TargetEvent[] = [];
  let step: { tMs: number; endMs: number } | undefined;
  for (const e of events) {
    if (e.type === 'target') targets.push(e);
    else if (e.type === 'step') step = e;
    else if (e.type === 'click') {
      // Targets are in time order: look back from the newest and stop where too old.
      const from = Math.min(e.tMs - lookbackMs, step && step.tMs <= e.tMs && e.tMs <= step.endMs ? step.tMs : Infinity);
      let on: TargetEvent | undefined;
      for (let i = targets.length - 1; i >= 0 && !on; i--) {
        const t = targets[i] as TargetEvent;
        if (t.tMs < from) break;
        if (t.tMs <= e.tMs && e.x >= t.x - tol && e.x <= t.x + t.width + tol && e.y >= t.y - tol && e.y <= t.y + t.height + tol) on = t;
      }
      if (on) out.set(e, { x: on.x, y: on.y, width: on.width, height: on.height });
    }
  }
  return out;
};
