/**
 * What the terminal's screen shows and where its cursor is, decided without X (pure): the grid's
 * place on screen from the window's rectangle, the cursor state read from the headless screen
 * model (@xterm/headless), the visible lines, and which cursor states go into the event log.
 */

// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>]|\r/g;

/** The text without escape sequences (CSI, OSC, charset and keypad modes) and without carriage returns. */
export const stripAnsi = (s: string): string => s.replace(ANSI, '');

/** xterm's inner border (px): the grid starts this far inside the window. */
export const TERMINAL_BORDER_PX = 16;

/** Where the character grid is on screen: cell (col, row) spans x + col*cellWidth … and y + row*cellHeight … (screen px). */
export type TerminalGeometry = { x: number; y: number; cols: number; rows: number; cellWidth: number; cellHeight: number };

/** A window's inside on screen (screen px, without the window manager's frame). */
export type WindowRect = { x: number; y: number; width: number; height: number };

/**
 * The grid inside a terminal window whose inside is `win` (screen px), with `border` px of
 * xterm's inner border on each side: the cell size is measured, not guessed (px, fractional).
 */
export const gridGeometry = (win: WindowRect, cols: number, rows: number, border = TERMINAL_BORDER_PX): TerminalGeometry => ({
  x: win.x + border,
  y: win.y + border,
  cols,
  rows,
  cellWidth: (win.width - 2 * border) / cols,
  cellHeight: (win.height - 2 * border) / rows,
});

/** True once the window is wide enough to hold `cols` columns and its borders: it has been mapped at its real size. */
export const windowHoldsGrid = (win: WindowRect, cols: number, border = TERMINAL_BORDER_PX): boolean => win.width >= 2 * border + cols;

/** The part of @xterm/headless's buffer the screen logic reads. */
export type ScreenBuffer = {
  readonly cursorX: number;
  readonly cursorY: number;
  readonly baseY: number;
  readonly viewportY: number;
  getLine(y: number): { translateToString(trimRight?: boolean): string } | undefined;
};

/**
 * The cursor as the event log carries it (cells, 0-based, within the visible screen): its row and
 * column, and the extent of the text on its line (`lineStart` … `lineEnd`, columns; both the
 * cursor's column when the line is blank), so the camera can frame the line being typed.
 */
export type TerminalCursor = { row: number; col: number; lineStart: number; lineEnd: number };

/** The cursor's state in the screen model's active buffer. */
export const cursorState = (buf: ScreenBuffer): TerminalCursor => {
  const row = buf.cursorY;
  const col = buf.cursorX;
  const text = buf.getLine(buf.baseY + row)?.translateToString(true) ?? '';
  const start = text.length - text.trimStart().length;
  return { row, col, lineStart: text.trim() ? start : col, lineEnd: text.trim() ? text.length : col };
};

/** The visible screen: `rows` strings, trailing blanks removed. */
export const visibleLines = (buf: ScreenBuffer, rows: number): string[] =>
  Array.from({ length: rows }, (_, r) => buf.getLine(buf.viewportY + r)?.translateToString(true) ?? '');

/** Cursor events closer than this (ms) are merged: the last state wins, with its own time. */
export const CURSOR_EVENT_GAP_MS = 20;

/**
 * Decides which cursor states are logged: a state equal to the last logged one is dropped, and
 * states closer than CURSOR_EVENT_GAP_MS to the last logged one are merged (the latest is
 * logged, with its own time `tMs`, once the gap has passed). `emit` gets (tMs, state).
 */
export const createCursorEvents = (emit: (tMs: number, state: TerminalCursor) => void) => {
  let lastKey = '';
  let lastEmit = -Infinity;
  let pending: ReturnType<typeof setTimeout> | null = null;
  return {
    /** A cursor state seen at `tMs` (the capture's clock, ms). */
    note: (tMs: number, state: TerminalCursor): void => {
      const key = JSON.stringify(state);
      if (key === lastKey) return;
      const send = (at: number) => {
        lastKey = key;
        lastEmit = at;
        emit(at, state);
      };
      if (pending) clearTimeout(pending);
      pending = null;
      if (tMs - lastEmit >= CURSOR_EVENT_GAP_MS) send(tMs);
      else pending = setTimeout(() => ((pending = null), send(tMs)), CURSOR_EVENT_GAP_MS - (tMs - lastEmit));
    },
    /** Drops a merged state not logged yet (the terminal is closing). */
    cancel: (): void => {
      if (pending) clearTimeout(pending);
      pending = null;
    },
  };
};
