import type React from 'react';
import type { Rect } from '../../timeline/view';

/** An absolutely positioned box at a layout rectangle (output px). */
export const absoluteRect = (rect: Rect): React.CSSProperties => ({
  position: 'absolute',
  left: rect.x,
  top: rect.y,
  width: rect.width,
  height: rect.height,
});

/**
 * The stage's corners: square at the top under a title bar, rounded otherwise. The screen and
 * the stage-mask layer both use this, so the fast path rounds exactly what the browser rounds.
 */
export const stageBorderRadius = (radius: number, squareTop: boolean): string | number => (squareTop ? `0 0 ${radius}px ${radius}px` : radius);
