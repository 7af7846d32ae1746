/**
 * Where captions sit and how big they are (pure), shared by the browser drawing and the ASS
 * subtitles the composite path burns in, so both put them in the same place at the same size:
 * centred horizontally, near the bottom in Landscape and on the seam in TikTokSplit and Square,
 * growing upward from a fixed bottom edge.
 */
import type { Rect, Size } from '../base/geometry';

/**
 * The caption box in output px. Its bottom edge stays at `bottom` and it grows upward with its
 * lines (at most `maxLines`, each `lineHeight` px): centred horizontally on `centerX`, at most
 * `maxWidth` wide. Every value is decided here, once, and both render paths draw exactly it.
 */
export type CaptionBox = {
  centerX: number;
  /** The box's bottom edge (output px): a page of any line count ends here. */
  bottom: number;
  maxWidth: number;
  maxLines: number;
  /** The caption font's size (CSS px: the em square). */
  fontSize: number;
  /** One line's height (px): fontSize × FONT_LINE_EM, the font's own line height, so libass and the browser space lines alike. */
  lineHeight: number;
  padX: number;
  padY: number;
  radius: number;
};

/** The font captions and overlays use in both render paths (fonts-dejavu-core; Chromium finds it through fontconfig). */
export const CAPTION_FONT = 'DejaVu Sans';

/**
 * The fallback fonts (Debian packages, src/system-packages.json) for what DejaVu Sans lacks:
 * Chinese/Japanese/Korean (fonts-wqy-microhei), Thai (fonts-tlwg-loma-otf), emoji in colour (fonts-noto-color-emoji) and in
 * outline (fonts-symbola: libass draws outline fonts only, and picks it through fontconfig).
 */
export const FALLBACK_FONTS = ['WenQuanYi Micro Hei', 'Loma', 'Noto Color Emoji', 'Symbola'] as const;

/** A CSS font-family list: `first`, then the fallback fonts, then the generic family. */
export const fontStack = (...first: string[]): string => [...first, ...FALLBACK_FONTS].map((f) => `'${f}'`).join(', ') + ', sans-serif';

/** The caption font with its fallbacks, as CSS. */
export const CAPTION_FONT_STACK = fontStack(CAPTION_FONT);

/**
 * DejaVu Sans's line height in em: (usWinAscent + usWinDescent) / unitsPerEm = (1901 + 483) /
 * 2048, the same in its Bold (tests/frame/font-metrics.test.ts reads them from the font files).
 * libass sizes a font so that this height equals the ASS `Fontsize`, the browser so that the em
 * equals the CSS `font-size`: hence `assFontSize`. Captions use it as their CSS line-height too,
 * so lines are as far apart as libass puts them.
 */
export const FONT_LINE_EM = 1.1640625;

/** A caption line's height, in font sizes (both paths): the font's own. */
export const CAPTION_LINE_HEIGHT = FONT_LINE_EM;

/** The ASS `Fontsize` that draws glyphs as large as CSS `font-size: px` does (see FONT_LINE_EM). */
export const assFontSize = (px: number): number => Math.round(px * FONT_LINE_EM * 100) / 100;

/** The width of a caption line in em of the caption font: the box less its padding. */
export const captionLineEm = (box: CaptionBox): number => (box.maxWidth - 2 * box.padX) / box.fontSize;

/** #rgb or #rrggbb → [r, g, b] (0–255). */
export const hexRgb = (hex: string): [number, number, number] => {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h.slice(0, 6);
  const n = parseInt(full, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
};

/**
 * Where the caption box goes: `bottom` (near the frame's bottom) or with one line centred on
 * `y` (the seam of a split layout). Either way the box keeps its bottom edge and grows upward,
 * and it stays inside the frame. `maxWidth` narrows it (a platform's UI along a side);
 * `maxBottom` lifts it (the room a panel below needs).
 */
export type CaptionAnchor = 'bottom' | { y: number; maxWidth?: number; maxBottom?: number };

/** The box's height for `lines` lines (px). */
export const captionBoxHeight = (box: CaptionBox, lines: number): number => Math.max(1, lines) * box.lineHeight + 2 * box.padY;

/** The box's rectangle for `lines` lines (output px), at its widest (`maxWidth`): text is centred in it and never wider. */
export const captionBoxRect = (box: CaptionBox, lines: number): Rect => {
  const height = captionBoxHeight(box, lines);
  return { x: box.centerX - box.maxWidth / 2, y: box.bottom - height, width: box.maxWidth, height };
};

/** Room kept between the caption box and the frame's edge (output px per px of frame height). */
const EDGE = 0.02;

/**
 * The caption box for a frame (output px) and a caption font size given at a 1080 px wide frame
 * (three quarters of it in a landscape frame, whose text is seen smaller on a phone). Two lines
 * at most, fewer in a frame too short for them.
 */
export const captionBox = (frame: Size, anchor: CaptionAnchor, fontSizeAt1080: number): CaptionBox => {
  const unit = frame.width / 1080;
  const fontSize = Math.round(fontSizeAt1080 * unit * (frame.width > frame.height ? 0.75 : 1));
  const lineHeight = fontSize * CAPTION_LINE_HEIGHT;
  const padY = Math.round(fontSize * 0.22);
  const edge = Math.round(EDGE * frame.height);
  const oneLine = lineHeight + 2 * padY;
  const centreY = anchor === 'bottom' ? frame.height - Math.round(frame.height * 0.1) : anchor.y;
  const lowest = Math.min(frame.height - edge, anchor !== 'bottom' && anchor.maxBottom !== undefined ? anchor.maxBottom : Infinity);
  const bottom = Math.max(Math.min(frame.height - edge, oneLine + edge), Math.min(centreY + oneLine / 2, lowest));
  const maxLines = Math.max(1, Math.min(2, Math.floor((bottom - edge - 2 * padY) / lineHeight)));
  const maxWidth = Math.round(Math.min(frame.width * 0.86, anchor !== 'bottom' && anchor.maxWidth ? anchor.maxWidth : Infinity));
  return {
    centerX: frame.width / 2,
    bottom,
    maxWidth,
    maxLines,
    fontSize,
    lineHeight,
    padX: Math.round(fontSize * 0.45),
    padY,
    radius: Math.round(fontSize * 0.3),
  };
};
