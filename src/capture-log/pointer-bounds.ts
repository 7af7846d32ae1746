/**
 * The pointer never leaves the screen, so a capture log placing it outside (a log written
 * before targets were checked, or by another tool) is drawn at the screen's edge, with a
 * warning saying so. Pure.
 */
import type { CaptureLog, Screen } from './schema';

/** A pointer position clamped to the screen's pixels: x in 0…width−1, y in 0…height−1 (screen px). */
export const clampToScreen = (p: { x: number; y: number }, screen: Screen): { x: number; y: number } => ({
  x: Math.min(Math.max(p.x, 0), screen.width - 1),
  y: Math.min(Math.max(p.y, 0), screen.height - 1),
});

/**
 * One warning line when pointer events (cursor, click, scroll) lie outside the screen, naming
 * how many, the first one's JSON path and position, and the screen's size; null when none do.
 * @param file names the log in the warning (e.g. the capture.json path)
 */
export const pointerOffScreenWarning = (log: Pick<CaptureLog, 'screen' | 'events'>, file: string): string | null => {
  let count = 0;
  let first = '';
  log.events.forEach((e, i) => {
    if (e.type !== 'cursor' && e.type !== 'click' && e.type !== 'scroll') return;
    const c = clampToScreen(e, log.screen);
    if (c.x === e.x && c.y === e.y) return;
    if (count++ === 0) first = `events[${i}], a ${e.type} at (${e.x}, ${e.y})`;
  });
  if (count === 0) return null;
  const { width, height } = log.screen;
  return `warning: ${file}: ${count} pointer position${count === 1 ? ' lies' : 's lie'} outside the ${width}x${height} screen (the first: ${first}); the cursor is drawn at the screen's edge there`;
};
