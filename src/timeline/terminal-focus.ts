/**
 * Where the action is in a terminal (pure): each cursor event of the capture log becomes two
 * points on screen, the start and the end of the text on the cursor's row, so the camera frames
 * the line being typed and, after Enter, the lines of output as they arrive.
 */
import type { CaptureEvent } from '../capture-log/schema';
import type { Point } from './view';

export type TerminalPoint = Point & { tMs: number };

/** Activity points from the terminal events, in time order (events must be in time order). */
export const terminalActivity = (events: readonly CaptureEvent[]): TerminalPoint[] => {
  const out: TerminalPoint[] = [];
  let grid: Extract<CaptureEvent, { type: 'terminal' }> | null = null;
  for (const e of events) {
    if (e.type === 'terminal') grid = e;
    else if (e.type === 'terminal_cursor' && grid) {
      const y = grid.y + (Math.min(e.row, grid.rows - 1) + 0.5) * grid.cellHeight;
      const from = Math.min(e.lineStart, e.col);
      const to = Math.max(e.lineEnd, e.col + 1);
      out.push({ tMs: e.tMs, x: grid.x + from * grid.cellWidth, y });
      out.push({ tMs: e.tMs, x: grid.x + Math.min(to, grid.cols) * grid.cellWidth, y });
    }
  }
  return out;
};

/** The terminal's cursor on screen at the first (or last) cursor event in [fromMs, toMs], or null. */
export const terminalCursorBetween = (events: readonly CaptureEvent[], fromMs: number, toMs: number, which: 'first' | 'last' = 'first'): Point | null => {
  let grid: Extract<CaptureEvent, { type: 'terminal' }> | null = null;
  let found: Point | null = null;
  for (const e of events) {
    if (e.tMs > toMs) break;
    if (e.type === 'terminal') grid = e;
    else if (e.type === 'terminal_cursor' && grid && e.tMs >= fromMs) {
      found = { x: grid.x + (e.col + 0.5) * grid.cellWidth, y: grid.y + (e.row + 0.5) * grid.cellHeight };
      if (which === 'first') return found;
    }
  }
  return found;
};
