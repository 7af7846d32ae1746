/**
 * Where captions sit and how big they are (pure), shared by the browser drawing and the ASS
 * subtitles the composite path burns in, so both put them in the same place: centred
 * horizontally, at the bottom in Landscape and on the seam in TikTokSplit.
 */
import type { Size } from '../../timeline/view';

export type CaptionBox = { centerX: number; centerY: number; maxWidth: number; fontSize: number; padX: number; padY: number; radius: number };

/** The font captions use in both render paths (fonts-dejavu-core; Chromium finds it through fontconfig). */
export const CAPTION_FONT = 'DejaVu Sans';

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
  return { centerX: frame.width / 2, centerY, maxWidth: Math.round(frame.width * 0.86), fontSize, padX: Math.round(fontSize * 0.45), padY: Math.round(fontSize * 0.22), radius: Math.round(fontSize * 0.3) };
};
