/**
 * Where captions sit and how big they are (pure), shared by the browser drawing and the ASS
 * subtitles the composite path burns in, so both put them in the same place: centred
 * horizontally, at the bottom in Landscape and on the seam in TikTokSplit.
 */
import type { Size } from '../timeline/view';

/**
 * The caption box in output px: centred on (centerX, centerY), at most `maxWidth` wide and
 * `maxLines` lines of `fontSize` × CAPTION_LINE_HEIGHT tall (so it stays inside the frame).
 */
export type CaptionBox = { centerX: number; centerY: number; maxWidth: number; maxLines: number; fontSize: number; padX: number; padY: number; radius: number };

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

/** A caption line's height, in font sizes (both paths). */
export const CAPTION_LINE_HEIGHT = 1.25;

/** The width of a caption line in em of the caption font: the box less its padding. */
export const captionLineEm = (box: CaptionBox): number => (box.maxWidth - 2 * box.padX) / box.fontSize;

/** #rgb or #rrggbb → [r, g, b] (0–255). */
export const hexRgb = (hex: string): [number, number, number] => {
  const h = hex.replace('#', '');
  const full = h.length === 3 ? [...h].map((c) => c + c).join('') : h.slice(0, 6);
  const n = parseInt(full, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
};

/** At the bottom of the frame, or centred on a given y. */
export type CaptionAnchor = 'bottom' | { y: number };

export const captionBox = (frame: Size, anchor: CaptionAnchor, fontSizeAt1080: number): CaptionBox => {
  const unit = frame.width / 1080;
  const fontSize = Math.round(fontSizeAt1080 * unit * (frame.width > frame.height ? 0.75 : 1));
  const centerY = anchor === 'bottom' ? frame.height - Math.round(frame.height * 0.1) : anchor.y;
  const padY = Math.round(fontSize * 0.22);
  // Two lines at most, fewer where the box centred on centerY would leave the frame.
  const room = 2 * Math.min(centerY, frame.height - centerY) - 2 * padY;
  const maxLines = Math.max(1, Math.min(2, Math.floor(room / (fontSize * CAPTION_LINE_HEIGHT))));
  return { centerX: frame.width / 2, centerY, maxWidth: Math.round(frame.width * 0.86), maxLines, fontSize, padX: Math.round(fontSize * 0.45), padY, radius: Math.round(fontSize * 0.3) };
};
