/**
 * Where overlays go in a frame (pure, output px), shared by the browser drawing and the ASS
 * burn-in so both paths place them alike: the speed badge at the screen's top right, keycaps in
 * a row at its bottom left, callouts up and to the right of the spot they point at.
 */
import { textWidthEm } from '../../timeline/script-text';
import type { Point, Rect } from '../../timeline/view';

export type OverlayMetrics = { fontSize: number; padX: number; padY: number; margin: number };

export const overlayMetrics = (frame: { width: number; height: number }): OverlayMetrics => {
  const unit = Math.min(frame.width, frame.height) / 1080;
  const fontSize = Math.round(34 * unit);
  return { fontSize, padX: Math.round(fontSize * 0.45), padY: Math.round(fontSize * 0.25), margin: Math.round(24 * unit) };
};

/** A keycap's, badge's or callout's text width in px without measuring text: script-text.ts's estimate (CJK and emoji are wider). */
export const textWidth = (text: string, fontSize: number): number => textWidthEm(text) * fontSize;

/** The badge's centre: the screen's top-right corner, inset. */
export const badgeCentre = (stage: Rect, text: string, m: OverlayMetrics): Point => ({
  x: stage.x + stage.width - m.margin - m.padX - textWidth(text, m.fontSize) / 2,
  y: stage.y + m.margin + m.padY + m.fontSize / 2,
});

/** Each keycap's centre, in a row from the screen's bottom-left corner. */
export const keycapCentres = (stage: Rect, keys: readonly string[], m: OverlayMetrics): Array<{ text: string; x: number; y: number; width: number }> => {
  let x = stage.x + m.margin;
  const y = stage.y + stage.height - m.margin - m.padY - m.fontSize / 2;
  return keys.map((text) => {
    const width = textWidth(text, m.fontSize) + 2 * m.padX;
    const cap = { text, x: x + width / 2, y, width };
    x += width + m.padX;
    return cap;
  });
};

/**
 * A callout's box: up and to the right of its spot (to the left, or below, where the screen's
 * edge is too close); the spot gets a dot and a line to the box.
 */
export const calloutBox = (spot: Point, text: string, m: OverlayMetrics, stage: Rect): Rect => {
  const width = textWidth(text, m.fontSize) + 2 * m.padX;
  const height = m.fontSize + 2 * m.padY;
  const gap = m.margin * 2;
  const x = spot.x + gap + width <= stage.x + stage.width ? spot.x + gap : spot.x - gap - width;
  const y = spot.y - gap - height >= stage.y ? spot.y - gap - height : spot.y + gap;
  return { x, y, width, height };
};

/** A screen point as seen through the camera, in output px (null when the camera does not show it). */
export const onStage = (p: Point, view: Rect, stage: Rect): Point | null => {
  const x = stage.x + ((p.x - view.x) / view.width) * stage.width;
  const y = stage.y + ((p.y - view.y) / view.height) * stage.height;
  return x >= stage.x && x <= stage.x + stage.width && y >= stage.y && y <= stage.y + stage.height ? { x, y } : null;
};
