/**
 * Where things go in each composition, as plain rectangles (output px). Pure: the components
 * only draw what this returns, and tests check the geometry.
 */
import type { Screen } from '../capture-log/schema';
import type { Rect, Size } from '../base/geometry';
import { textWidthEm } from '../timeline/script-text';

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

/**
 * The stage snapped to the pixel grid: whole-pixel corner, even sides (the composite path's
 * encoder and crops need even sides), so both render paths show the recording in exactly the
 * same pixels. The window (title bar + stage) is built around it.
 */
const snapped = (x: number, y: number, width: number, height: number, bar: number): Pick<ScreenLayout, 'window' | 'stage' | 'viewAspect'> => {
  const stage = { x: Math.round(x), y: Math.round(y), width: Math.max(2, 2 * Math.round(width / 2)), height: Math.max(2, 2 * Math.round(height / 2)) };
  return { stage, window: { x: stage.x, y: stage.y - bar, width: stage.width, height: stage.height + bar }, viewAspect: stage.width / stage.height };
};

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
    ...snapped(x, top + bar, width, height, bar),
    barHeight: bar,
    radius: style.cornerRadius * (frame.width / 1080),
  };
};

/**
 * TikTok's own UI covers the top (~6 %) and the bottom (~18 %) of a 9:16 frame, and a column
 * on the right (~12 %). The screen sits below the top band; the bottom panel ends above the
 * bottom band.
 */
export const TIKTOK_SAFE = { top: 0.065, bottom: 0.18, right: 0.12 } as const;

export type SplitLayout = ScreenLayout & {
  /** Below the screen: the avatar and the brand, title and subtitle (captions never enter it: panelBelowCaptions). */
  panel: Rect;
  /** Where captions go: one line centred on the seam between the screen and the panel, more lines grow upward. */
  seamY: number;
};

/**
 * The panel moved below the captions' bottom edge (output px, captionBox's `bottom`) with a gap,
 * so no caption page (it grows upward from that edge) ever covers the avatar or the panel's
 * text. The panel keeps its bottom; it only gets shorter.
 */
/** The least room (px per px of frame height) a panel keeps for the avatar and the title, however large the captions. */
export const MIN_PANEL = 0.16;

/** The lowest the captions' bottom edge may go in a split layout: the panel below keeps MIN_PANEL of the frame. */
export const captionFloor = (layout: SplitLayout, frame: Size, gap: number): number => layout.panel.y + layout.panel.height - MIN_PANEL * frame.height - gap;

export const panelBelowCaptions = <L extends SplitLayout>(layout: L, captionBottom: number, gap: number): L => {
  const top = Math.max(layout.panel.y, Math.ceil(captionBottom + gap));
  const bottom = layout.panel.y + layout.panel.height;
  return { ...layout, panel: { ...layout.panel, y: top, height: Math.max(0, bottom - top) } };
};

export const tiktokSplitLayout = (frame: Size, style: LayoutStyle): SplitLayout => {
  const unit = frame.width / 1080;
  const pad = Math.max(style.padding * frame.width, 24 * unit);
  const bar = barFor(style, unit * 0.9);
  const top = TIKTOK_SAFE.top * frame.height;
  const seamY = frame.height / 2;
  const width = frame.width - 2 * pad;
  const height = seamY - top - 24 * unit - bar;
  const panelTop = seamY + 24 * unit;
  return {
    ...snapped(pad, top + bar, width, height, bar),
    barHeight: bar,
    radius: style.cornerRadius * unit,
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
  // Whole pixels: the composite path places the avatar's sprites on the pixel grid, so both paths draw it there.
  const size = Math.floor(Math.min(panel.height * 0.9, panel.width * 0.44));
  return { x: Math.ceil(panel.x), y: Math.ceil(panel.y + (panel.height - size) / 2), size };
};

/**
 * Square (1:1) and Portrait (4:5): the screen on top at its own aspect, the panel (avatar and
 * title) below, the captions on the seam between them. `widestView` (width / height): a view
 * never wider than this; a wider screen is shown through a taller view (the camera picks the
 * part to show, as in TikTokSplit). Square leaves it unbounded; Portrait uses PORTRAIT_VIEW_ASPECT.
 */
export const squareLayout = (frame: Size, screen: Screen, style: LayoutStyle, widestView = Infinity): SplitLayout => {
  const unit = frame.width / 1080;
  const pad = Math.max(style.padding * frame.width, 24 * unit);
  const bar = barFor(style, unit * 0.9);
  const width = frame.width - 2 * pad;
  // At the screen's aspect, but never more than 62 % of the frame (a portrait screen is shown
  // through a wider view: the camera picks the part to show).
  const height = Math.min(Math.max(width / (screen.width / screen.height), width / widestView), 0.62 * frame.height - pad - bar);
  const seamY = pad + bar + height + 12 * unit;
  const panelTop = seamY + 24 * unit;
  // The panel ends near the frame's bottom whatever the padding (a wide padding would leave it no room).
  const panelBottom = frame.height - Math.max(24 * unit, Math.min(pad, 0.06 * frame.height));
  return {
    ...snapped(pad, pad + bar, width, height, bar),
    barHeight: bar,
    radius: style.cornerRadius * unit,
    panel: { x: pad, y: panelTop, width, height: panelBottom - panelTop },
    seamY,
  };
};

/**
 * Portrait (4:5)'s widest view: a 16:9 screen would leave the frame's lower half to the panel,
 * so the view is at most 1.4:1 (on a 1920x1080 screen it shows the middle 1512 px at zoom 1,
 * and the camera follows the action across).
 */
export const PORTRAIT_VIEW_ASPECT = 1.4;

/** Portrait (4:5): Square's layout with a view no wider than PORTRAIT_VIEW_ASPECT. */
export const portraitLayout = (frame: Size, screen: Screen, style: LayoutStyle): SplitLayout => squareLayout(frame, screen, style, PORTRAIT_VIEW_ASPECT);

/** The panel's texts as drawn: the rectangle they stay in and each one's font size (output px), 0 when absent. */
export type PanelText = { rect: Rect; brand: number; title: number; subtitle: number; gap: number };

/** Lines a text takes at `size` px in `width` px (script-text.ts's estimate, `wide` for wider letters). */
const linesOf = (text: string, size: number, width: number, wide = 1): number =>
  text ? Math.max(1, Math.ceil((textWidthEm(text) * size * wide * 1.1) / Math.max(1, width))) : 0;

/**
 * Where the brand, title and subtitle go in a split layout's panel (beside the avatar when there
 * is one, at the panel's left) and how large: 30, 76 (60 beside the avatar) and 40 px at 1080
 * wide, all scaled down together until the estimated block (script-text.ts's widths, lines
 * wrapped) fits the panel, down to a third. The drawing clips to `rect` besides, so a long
 * title never runs under the captions or out of the frame.
 */
export const panelText = (panel: Rect, texts: { brand: string; title: string; subtitle: string }, unit: number, besideAvatar: boolean): PanelText => {
  const rect = (() => {
    if (!besideAvatar) return panel;
    const spot = panelAvatarSpot(panel);
    const left = spot.x + spot.size + 36 * unit;
    return { x: left, y: panel.y, width: Math.max(0, panel.x + panel.width - left), height: panel.height };
  })();
  const base = {
    brand: texts.brand ? 30 * unit : 0,
    title: texts.title ? (besideAvatar ? 60 : 76) * unit : 0,
    subtitle: texts.subtitle ? 40 * unit : 0,
    gap: 28 * unit,
  };
  const height = (k: number) => {
    const parts = [
      // The brand is upper case with letter spacing: wider letters.
      linesOf(texts.brand, base.brand * k, rect.width, 1.35) * base.brand * k * 1.25,
      linesOf(texts.title, base.title * k, rect.width) * base.title * k * 1.08,
      linesOf(texts.subtitle, base.subtitle * k, rect.width) * base.subtitle * k * 1.25,
    ].filter((h) => h > 0);
    return parts.reduce((a, b) => a + b, 0) + Math.max(0, parts.length - 1) * base.gap * k;
  };
  let k = 1;
  while (k > 0.34 && height(k) > rect.height) k *= 0.92;
  return { rect, brand: base.brand * k, title: base.title * k, subtitle: base.subtitle * k, gap: base.gap * k };
};
