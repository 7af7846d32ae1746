/**
 * Named presets: the feel of the camera and the cursor, as data. Values follow the reference
 * behaviour in DESIGN.md (measured in Screen Studio and Cap).
 */
import type { SpringConfig } from './spring';

/** Camera zoom and pan: critically-damped-ish, settles in ~0.45 s. */
export const CAMERA_SPRING: SpringConfig = { stiffness: 200, damping: 40, mass: 2.25 };

export const CURSOR_SPRINGS = {
  /** The default feel. */
  smooth: { stiffness: 470, damping: 70, mass: 3 },
  /** Used within CURSOR.clickSnapMs of a click, so the cursor lands on time. */
  snappy: { stiffness: 700, damping: 60, mass: 1 },
  /** Slow, floaty: for calm docs videos. */
  floaty: { stiffness: 260, damping: 60, mass: 3 },
} as const satisfies Record<string, SpringConfig>;

export type CursorSpringName = keyof typeof CURSOR_SPRINGS;

export const ZOOM = {
  /** A click's zoom window opens this long before it… */
  leadMs: 300,
  /** …and stays open this long after it. */
  holdMs: 2500,
  /** Windows whose gap is shorter than this merge. */
  mergeGapMs: 2500,
  /** No zoom window starts in the last part of the recording. */
  noStartInLastMs: 1000,
  level: 2,
  /** The inner (1 - edgeSnap) of the screen maps to the whole range of the view's centre. */
  edgeSnap: 0.25,
  /** Activity boxes are at most this fraction of the zoomed view. */
  focusBoxRatio: 0.5,
  /**
   * Framing a target's box (zoomLevelForBox): the box plus its margin fills at most this
   * fraction of the view, in its tighter dimension (the rest is context around it).
   */
  boxFill: 0.75,
  /** The margin on each side of a target's box, as a fraction of the zoom-1 view's height (43 px on a 1080-px-high screen). */
  boxMarginRatio: 0.04,
  /** Never zoom so far that one recording pixel covers more than this many output pixels (beyond 2, text looks soft). */
  maxOutputPxPerScreenPx: 2,
  /** A click is framed by the latest target event logged at most this long before it (or earlier in the same step)… */
  targetLookbackMs: 2000,
  /** …whose box holds the click point, give or take this many screen px. */
  targetTolerancePx: 4,
} as const;

export const CURSOR = {
  /** A back-and-forth hop shorter than this fraction of the screen width… */
  jitterRatio: 0.015,
  /** …that returns within this time is jitter and is dropped. */
  jitterWindowMs: 100,
  /** Within this time before a click the cursor switches to the snappy spring and lands exactly. */
  clickSnapMs: 175,
  /** Press: shrink to pressScale over pressMs, then back. */
  pressMs: 130,
  pressScale: 0.8,
  /** Hidden after this long without movement… */
  idleHideMs: 2000,
  /** …fading out over this long; it fades back in over fadeInMs when it moves again. */
  fadeOutMs: 400,
  fadeInMs: 120,
  /** Moves smaller than this (screen px) do not count as activity. */
  idleThresholdPx: 1,
} as const;

export const CLICK_EFFECT = {
  rippleMs: 500,
} as const;
