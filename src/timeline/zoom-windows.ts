/**
 * Automatic zoom windows: each click (and each typing burst) opens a window from a little
 * before it to a while after it; windows closer than the merge gap become one; none starts
 * in the last second of the recording. Pure.
 */
import { ZOOM } from './presets';
import type { Point, Rect } from './view';

/**
 * What opens a zoom window; `terminal` marks activity in a terminal (its framing is fitted to
 * the text). A click on a resolved target carries the target's `box` (screen px) and the
 * `level` that frames it (zoomLevelForBox); from its time on, the camera frames that box.
 */
export type ZoomTrigger = Point & { tMs: number; endMs?: number; terminal?: boolean; box?: Rect; level?: number };

export type ZoomWindow = {
  startMs: number;
  endMs: number;
  /** The level of triggers without their own (clicks on no target, typing); see levelAt. */
  level: number;
  /** The triggers inside, in time order; the first one is where the camera goes first. */
  triggers: ZoomTrigger[];
  /** Terminal text in this window: its horizontal span and row height (screen px). */
  textSpan?: { from: number; to: number; cellHeight: number };
  /** A zoom the script marked: the camera holds this point, whatever else moves. */
  fixedFocus?: Point;
};

/**
 * A window's level at a time (ms): that of the latest trigger at or before it (the first
 * trigger's before that), or the window's own where that trigger has none.
 */
export const levelAt = (w: ZoomWindow, tMs: number): number => {
  let at = w.triggers[0];
  for (const t of w.triggers) {
    if (t.tMs > tMs) break;
    at = t;
  }
  return at?.level ?? w.level;
};

/**
 * The script's own zooms (zoom marks) win over the automatic ones: automatic windows are cut
 * back where a marked one is, and the marked window holds its point at its level.
 */
export const withMarkedZooms = (
  windows: readonly ZoomWindow[],
  marked: ReadonlyArray<{ startMs: number; endMs: number; level: number; at: Point; box?: Rect }>,
): ZoomWindow[] => {
  let out: ZoomWindow[] = [...windows];
  for (const m of marked) {
    out = out.flatMap((w) => {
      if (w.endMs <= m.startMs || w.startMs >= m.endMs) return [w];
      const parts: ZoomWindow[] = [];
      if (w.startMs < m.startMs) parts.push({ ...w, endMs: m.startMs, triggers: w.triggers.filter((t) => t.tMs < m.startMs) });
      if (w.endMs > m.endMs) parts.push({ ...w, startMs: m.endMs, triggers: w.triggers.filter((t) => t.tMs >= m.endMs) });
      return parts.filter((p) => p.triggers.length > 0 || p.textSpan);
    });
    out.push({
      startMs: m.startMs,
      endMs: m.endMs,
      level: m.level,
      triggers: [{ tMs: m.startMs, ...m.at, ...(m.box ? { box: m.box } : {}) }],
      fixedFocus: m.at,
    });
  }
  return out.sort((a, b) => a.startMs - b.startMs);
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
