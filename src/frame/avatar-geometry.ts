/**
 * The built-in avatar's parts, in its own 100x100 drawing space (pure). The picture is drawn
 * in layers: the bubble and shoulders (still), the head (bobs), then the eyes and the mouth on
 * the head. The fast render path draws each layer once as a sprite and places them per frame,
 * so every part must stay inside its rectangle here.
 */
import type { Rect } from '../timeline/view';

export const AVATAR_VIEW = 100;
/** Where the eyes are drawn (every eye variant fits inside). */
export const EYES_RECT: Rect = { x: 30, y: 32, width: 40, height: 16 };
/** Where the mouth is drawn (every mouth variant fits inside). */
export const MOUTH_RECT: Rect = { x: 40, y: 50, width: 20, height: 16 };
/** The head's layer: head, ears, hair, brows, nose, cheeks (and, bobbing with it, eyes and mouth). */
export const HEAD_RECT: Rect = { x: 18, y: 6, width: 64, height: 68 };

/** A part's rectangle in output pixels for an avatar drawn `size` pixels wide at (x, y). */
export const partRect = (part: Rect, at: { x: number; y: number }, size: number): Rect => ({
  x: at.x + (part.x / AVATAR_VIEW) * size,
  y: at.y + (part.y / AVATAR_VIEW) * size,
  width: (part.width / AVATAR_VIEW) * size,
  height: (part.height / AVATAR_VIEW) * size,
});
