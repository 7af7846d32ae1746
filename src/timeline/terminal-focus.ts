/**
 * Framing a terminal (pure). The capture log says where the terminal's grid is and where its
 * cursor was, with the extent of the text on the cursor's row. From that:
 * - zoom windows over terminal activity get a level at which the widest line in the window
 *   fits the view (plus a cell each side), never more than the style's level: a terminal is
 *   read line by line, so lines are never cut;
 * - the camera's activity points are placed at the centre of those lines horizontally and at
 *   the cursor's row vertically, so the camera stays put sideways and follows the line being
 *   typed, then the output, downwards.
 */
import type { CaptureEvent, Screen } from '../capture-log/schema';
import { baseViewSize, type Point } from './view';
import type { ZoomTrigger, ZoomWindow } from './zoom-windows';

export type TerminalPoint = Point & { tMs: number };
type Grid = Extract<CaptureEvent, { type: 'terminal' }>;
type Cursor = Extract<CaptureEvent, { type: 'terminal_cursor' }>;
export type GridCursor = { grid: Grid; cursor: Cursor };

/** Cursor events with the grid they belong to (the last `terminal` event before them), in time order. */
export const terminalCursors = (events: readonly CaptureEvent[]): GridCursor[] => {
  const out: GridCursor[] = [];
  let grid: Grid | null = null;
  for (const e of events) {
    if (e.type === 'terminal') grid = e;
    else if (e.type === 'terminal_cursor' && grid) out.push({ grid, cursor: e });
  }
  return out;
};

const rowY = ({ grid, cursor }: GridCursor) => grid.y + (Math.min(cursor.row, grid.rows - 1) + 0.5) * grid.cellHeight;
const cellX = ({ grid, cursor }: GridCursor) => grid.x + (Math.min(cursor.col, grid.cols - 1) + 0.5) * grid.cellWidth;

/** The terminal's cursor on screen at the first (or last) cursor event in [fromMs, toMs], or null. */
export const terminalCursorBetween = (cursors: readonly GridCursor[], fromMs: number, toMs: number, which: 'first' | 'last' = 'first'): Point | null => {
  const inRange = cursors.filter((c) => c.cursor.tMs >= fromMs && c.cursor.tMs <= toMs);
  const c = which === 'first' ? inRange[0] : inRange.at(-1);
  return c ? { x: cellX(c), y: rowY(c) } : null;
};

/** The horizontal span of text (screen px) over some cursor events: from the leftmost text to the end of the widest line. */
export const textSpan = (cursors: readonly GridCursor[]): { from: number; to: number; cellWidth: number } | null => {
  if (!cursors.length) return null;
  let from = Infinity;
  let to = -Infinity;
  for (const { grid, cursor } of cursors) {
    from = Math.min(from, grid.x + Math.min(cursor.lineStart, cursor.col) * grid.cellWidth);
    to = Math.max(to, grid.x + Math.min(Math.max(cursor.lineEnd, cursor.col + 1), grid.cols) * grid.cellWidth);
  }
  return { from, to, cellWidth: (cursors[0] as GridCursor).grid.cellWidth };
};

export type TerminalFraming = { windows: ZoomWindow[]; points: TerminalPoint[] };

/**
 * Fits the zoom windows that contain terminal activity to the text's width, and places the
 * terminal's activity points (see the module's comment). Windows without terminal activity and
 * points outside any window (at the grid's centre, sideways) are left as they are.
 */
export const frameTerminal = (opts: {
  cursors: readonly GridCursor[];
  windows: readonly ZoomWindow[];
  screen: Screen;
  viewAspect: number;
}): TerminalFraming => {
  const { cursors } = opts;
  const base = baseViewSize(opts.screen, opts.viewAspect);
  const points: TerminalPoint[] = [];
  let ci = 0;
  const windows = opts.windows.map((w) => {
    // Cursor events before this window: the grid's centre sideways.
    while (ci < cursors.length && (cursors[ci] as GridCursor).cursor.tMs < w.startMs) {
      const c = cursors[ci++] as GridCursor;
      points.push({ tMs: c.cursor.tMs, x: c.grid.x + (c.grid.cols * c.grid.cellWidth) / 2, y: rowY(c) });
    }
    const inside: GridCursor[] = [];
    while (ci < cursors.length && (cursors[ci] as GridCursor).cursor.tMs <= w.endMs) inside.push(cursors[ci++] as GridCursor);
    const span = textSpan(inside);
    if (!span) return w;
    const centre = (span.from + span.to) / 2;
    for (const c of inside) points.push({ tMs: c.cursor.tMs, x: centre, y: rowY(c) });
    const fit = base.width / (span.to - span.from + 2 * span.cellWidth);
    const triggers: ZoomTrigger[] = w.triggers.map((t) => (t.terminal ? { ...t, x: centre } : t));
    return {
      ...w,
      level: Math.max(1, Math.min(w.level, fit)),
      triggers,
      textSpan: { from: span.from, to: span.to, cellHeight: (inside[0] as GridCursor).grid.cellHeight },
    };
  });
  for (; ci < cursors.length; ci++) {
    const c = cursors[ci] as GridCursor;
    points.push({ tMs: c.cursor.tMs, x: c.grid.x + (c.grid.cols * c.grid.cellWidth) / 2, y: rowY(c) });
  }
  return { windows, points };
};
