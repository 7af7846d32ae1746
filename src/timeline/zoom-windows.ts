/**
 * Automatic zoom windows: each click (and each typing burst) opens a window from a little
 * before it to a while after it; windows closer than the merge gap become one; none starts
 * in the last second of the recording. Pure.
 */
import { ZOOM } from './presets';
import type { Point } from './view';

/** What opens a zoom window; `terminal` marks activity in a terminal (its framing is fitted to the text). */
export type ZoomTrigger = Point & { tMs: number; endMs?: number; terminal?: boolean };

export type ZoomWindow = {
  startMs: number;
  endMs: number;
  level: number;
  /** The triggers inside, in time order; the first one is where the camera goes first. */
  triggers: ZoomTrigger[];
  /** Terminal text in this window: its horizontal span and row height (screen px). */
  textSpan?: { from: number; to: number; cellHeight: number };
};

export type ZoomWindowOptions = {
  durationMs: number;
  level?: number;
  leadMs?: number;
  holdMs?: number;
  mergeGapMs?: number;
  noStartInLastMs?: number;
};

export const computeZoomWindows = (triggers: readonly ZoomTrigger[], opts: ZoomWindowOptions): ZoomWindow[] => {
  const {
    durationMs,
    level = ZOOM.level,
    leadMs = ZOOM.leadMs,
    holdMs = ZOOM.holdMs,
    mergeGapMs = ZOOM.mergeGapMs,
    noStartInLastMs = ZOOM.noStartInLastMs,
  } = opts;
  if (level <= 1) return [];
  const sorted = [...triggers].sort((a, b) => a.tMs - b.tMs);
  const windows: ZoomWindow[] = [];
  for (const trigger of sorted) {
    const startMs = Math.max(0, trigger.tMs - leadMs);
    if (startMs > durationMs - noStartInLastMs) continue;
    const endMs = Math.min(durationMs, (trigger.endMs ?? trigger.tMs) + holdMs);
    const last = windows[windows.length - 1];
    if (last && startMs - last.endMs < mergeGapMs) {
      last.endMs = Math.max(last.endMs, endMs);
      last.triggers.push(trigger);
    } else {
      windows.push({ startMs, endMs, level, triggers: [trigger] });
    }
  }
  return windows;
};
