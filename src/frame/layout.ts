/**
 * Where things go in each composition, as plain rectangles (output px). Pure: the components
 * only draw what this returns, and tests check the geometry.
 */
import type { Screen } from '../capture-log/schema';
import type { Rect, Size } from '../base/geometry';

/** The parts of the style that shape a layout (style-schema.ts). */
export type LayoutStyle = { windowFrame: boolean; padding: number; cornerRadius: number };

export type ScreenLayout = {
  /** The whole window: title bar + stage. Carries the shadow. */
  window: Rect;
  /** Where the recording is shown. */
  stage: Rect;
  /** Height of the title bar (0 without a window frame). */
  barHeight: number;
  radius: number;
  /** Aspect (width / height) of the stage: the camera's view has this aspect. */
  viewAspect: number;
};

const barFor = (style: LayoutStyle, unit: number): number => (style.windowFrame ? Math.round(40 * unit) : 0);

/** Landscape (and any frame wider than tall): the screen keeps its aspect, centred in the padding. */
export const landscapeLayout = (frame: Size, screen: Screen, style: LayoutStyle): ScreenLayout => {
  const unit = frame.width / 1920;
  const pad = style.padding * Math.min(frame.width, frame.height);
  const bar = barFor(style, unit);
  const aspect = screen.width / screen.height;
  const availW = frame.width - 2 * pad;
  const availH = frame.height - 2 * pad - bar;
  const width = Math.min(availW, availH * aspect);
  const height = width / aspect;
  const x = (frame.width - width) / 2;
  const top = (frame.height - (height + bar)) / 2;
  return {
    window: { x, y: top, width, height: height + bar },
    stage: { x, y: top + bar, width, height },
    barHeight: bar,
    radius: style.cornerRadius * (frame.width / 1080),
    viewAspect: width / height,
  };
};

/**
 * TikTok's own UI covers the top (~6 %) and the bottom (~18 %) of a 9:16 frame, and a column
 * on the right (~12 %). The screen sits below the top band; the bottom panel ends above the
 * bottom band.
 */
export const TIKTOK_SAFE = { top: 0.065, bottom: 0.18, right: 0.12 } as const;

export type SplitLayout = ScreenLayout & {
  /** The lower half: title now, avatar and captions in later compositions. */
  panel: Rect;
  /** Where captions go: the seam between the two halves. */
  seamY: number;
};

export const tiktokSplitLayout = (frame: Size, style: LayoutStyle): SplitLayout => {
  const unit = frame.width / 1080;
  const pad = Math.max(style.padding * frame.width, 24 * unit);
  const bar = barFor(style, unit * 0.9);
  const top = TIKTOK_SAFE.top * frame.height;
  const seamY = frame.height / 2;
  const width = frame.width - 2 * pad;
  const height = seamY - top - 24 * unit - bar;
  const window = { x: pad, y: top, width, height: height + bar };
  const panelTop = seamY + 24 * unit;
  return {
    window,
    stage: { x: pad, y: top + bar, width, height },
    barHeight: bar,
    radius: style.cornerRadius * unit,
    viewAspect: width / height,
    panel: {
      x: pad,
      y: panelTop,
      width: frame.width * (1 - TIKTOK_SAFE.right) - pad,
      height: frame.height * (1 - TIKTOK_SAFE.bottom) - panelTop,
    },
    seamY,
  };
};

/**
 * Where the avatar sits in a panel (TikTokSplit, Square): at the panel's left, as tall as the
 * panel allows (at most 44 % of its width, leaving the rest for the title), centred vertically.
 */
export const panelAvatarSpot = (panel: Rect): { x: number; y: number; size: number } => {
  const size = Math.min(panel.height * 0.9, panel.width * 0.44);
  return { x: panel.x, y: panel.y + (panel.height - size) / 2, size };
};

/**
 * Square (1:1): the screen on top at its own aspect, the panel (avatar and title) below, the
 * captions on the seam between them.
 */
export const squareLayout = (frame: Size, screen: Screen, style: LayoutStyle): SplitLayout => {
  const unit = frame.width / 1080;
  const pad = Math.max(style.padding * frame.width, 24 * unit);
  const bar = barFor(style, unit * 0.9);
  const width = frame.width - 2 * pad;
  const height = width / (screen.width / screen.height);
  const window = { x: pad, y: pad, width, height: height + bar };
  const seamY = pad + bar + height + 12 * unit;
  const panelTop = seamY + 24 * unit;
  return {
    window,
    stage: { x: pad, y: pad + bar, width, height },
    barHeight: bar,
    radius: style.cornerRadius * unit,
    viewAspect: width / height,
    panel: { x: pad, y: panelTop, width, height: frame.height - pad - panelTop },
    seamY,
  };
};
