/**
 * What the terminal's screen showed at given times: the cast replayed through @xterm/headless
 * (the same grid as the recording), the visible screen snapshotted at each time as runs of cells
 * with their colours resolved to CSS. Identical screens share one snapshot.
 */
import xtermHeadless from '@xterm/headless';
import type { TerminalColours } from './look';
import type { TerminalSession } from './session';
import { unicode14Provider } from './unicode-width';

/**
 * Cells of one row that share their attributes and width, left to right: `chars[i]` (one
 * grapheme, '' or ' ' for blank) fills the `width` cells from column `col + i * width`.
 * `fg` and `bg` are the cell's own colours as CSS (#rrggbb; defaults resolved to the theme's,
 * bold ANSI 0–7 brightened to 8–15 as xterm does); `inverse` swaps them when drawn. Flags are
 * present only when set.
 */
export type CellRun = {
  col: number;
  width: 1 | 2;
  chars: string[];
  fg: string;
  bg: string;
  bold?: true;
  italic?: true;
  underline?: true;
  strike?: true;
  inverse?: true;
  dim?: true;
  invisible?: true;
};

/**
 * The visible screen at one moment: per row (top to bottom) its runs, blank default-coloured
 * stretches left out; and the cursor (cells, 0-based; `visible` false after DECTCEM hid it).
 */
export type GridSnapshot = {
  rows: CellRun[][];
  cursor: { row: number; col: number; visible: boolean };
};

/** xterm's 256-colour palette beyond the 16 themed ones: the 6x6x6 cube (16–231), then 24 greys (232–255). */
export const paletteColour = (index: number, ansi: readonly string[]): string => {
  if (index < 16) return ansi[index] ?? '#000000';
  const hex = (n: number) => n.toString(16).padStart(2, '0');
  if (index < 232) {
    const i = index - 16;
    const level = (v: number) => (v === 0 ? 0 : 55 + v * 40);
    return `#${hex(level(Math.floor(i / 36)))}${hex(level(Math.floor(i / 6) % 6))}${hex(level(i % 6))}`;
  }
  const g = 8 + (index - 232) * 10;
  return `#${hex(g)}${hex(g)}${hex(g)}`;
};

type Cell = NonNullable<ReturnType<NonNullable<ReturnType<xtermHeadless.Terminal['buffer']['active']['getLine']>>['getCell']>>;

const rgb = (n: number) => `#${n.toString(16).padStart(6, '0')}`;

const cellColours = (c: Cell, theme: TerminalColours): { fg: string; bg: string } => {
  let fg = theme.foreground;
  if (c.isFgRGB()) fg = rgb(c.getFgColor());
  else if (c.isFgPalette()) {
    const i = c.getFgColor();
    fg = paletteColour(c.isBold() && i < 8 ? i + 8 : i, theme.ansi);
  }
  let bg = theme.background;
  if (c.isBgRGB()) bg = rgb(c.getBgColor());
  else if (c.isBgPalette()) bg = paletteColour(c.getBgColor(), theme.ansi);
  return { fg, bg };
};

/** The visible screen of `term` now (see GridSnapshot). */
const snapshot = (term: xtermHeadless.Terminal, theme: TerminalColours, cursorVisible: boolean): GridSnapshot => {
  const buf = term.buffer.active;
  const rows: CellRun[][] = [];
  let cell: Cell | undefined;
  for (let y = 0; y < term.rows; y++) {
    const line = buf.getLine(buf.viewportY + y);
    const runs: CellRun[] = [];
    let run: CellRun | null = null;
    let key = '';
    for (let x = 0; line && x < term.cols; x++) {
      cell = line.getCell(x, cell);
      if (!cell) break;
      const w = cell.getWidth();
      if (w === 0) continue; // the second half of a wide character
      const chars = cell.getChars() || ' ';
      const { fg, bg } = cellColours(cell, theme);
      const flags = [cell.isBold(), cell.isItalic(), cell.isUnderline(), cell.isStrikethrough(), cell.isInverse(), cell.isDim(), cell.isInvisible()];
      const k = `${w}|${fg}|${bg}|${flags.map(Number).join('')}`;
      const contiguous = run !== null && k === key && run.col + run.chars.length * run.width === x;
      // A blank default cell is left out, unless it joins two parts of one run ("bold red").
      if (chars === ' ' && bg === theme.background && !flags[2] && !flags[3] && !flags[4] && !contiguous) {
        run = null;
        continue;
      }
      if (!run || !contiguous) {
        run = { col: x, width: w === 2 ? 2 : 1, chars: [], fg, bg };
        const names = ['bold', 'italic', 'underline', 'strike', 'inverse', 'dim', 'invisible'] as const;
        names.forEach((n, i) => {
          if (flags[i]) run![n] = true;
        });
        key = k;
        runs.push(run);
      }
      run.chars.push(chars);
    }
    // Trailing blanks a run took in are dropped again (a run of only blanks is dropped: it drew nothing).
    const kept = runs.filter((r) => {
      if (r.bg !== theme.background || r.underline || r.strike || r.inverse) return true;
      while (r.chars.length && r.chars[r.chars.length - 1] === ' ') r.chars.pop();
      return r.chars.length > 0;
    });
    rows.push(kept);
  }
  return { rows, cursor: { row: buf.cursorY, col: Math.min(buf.cursorX, term.cols - 1), visible: cursorVisible } };
};

/**
 * Replays `session`'s cast and snapshots the visible screen at each of `timesMs` (recording
 * clock, ms, ascending): everything the cast printed up to and including that time is on screen.
 * @returns the distinct snapshots, and for each time the index of its snapshot
 * @throws Error when `timesMs` is not ascending
 */
export const snapshotsAt = async (session: TerminalSession, timesMs: readonly number[]): Promise<{ snapshots: GridSnapshot[]; indexAt: number[] }> => {
  for (let i = 1; i < timesMs.length; i++)
    if (!(timesMs[i]! >= timesMs[i - 1]!))
      throw new Error(`snapshotsAt: expected times in ascending order, but ${timesMs[i]} ms comes after ${timesMs[i - 1]} ms`);
  const { look, castStartMs, events } = session;
  const term = new xtermHeadless.Terminal({ cols: look.cols, rows: look.rows, scrollback: 0, allowProposedApi: true });
  // Emoji are two cells wide in xterm and in the programs that print them (Unicode 9 and later).
  term.unicode.register(unicode14Provider);
  term.unicode.activeVersion = unicode14Provider.version;
  // DECTCEM (CSI ? 25 h / l) shows and hides the cursor; a full reset (RIS, DECSTR) shows it.
  let cursorVisible = true;
  const has25 = (params: (number | number[])[]) => params.some((p) => p === 25);
  term.parser.registerCsiHandler({ prefix: '?', final: 'h' }, (params) => {
    if (has25(params)) cursorVisible = true;
    return false;
  });
  term.parser.registerCsiHandler({ prefix: '?', final: 'l' }, (params) => {
    if (has25(params)) cursorVisible = false;
    return false;
  });
  term.parser.registerCsiHandler({ intermediates: '!', final: 'p' }, () => {
    cursorVisible = true;
    return false;
  });
  term.parser.registerEscHandler({ final: 'c' }, () => {
    cursorVisible = true;
    return false;
  });
  const write = (data: string) => new Promise<void>((resolve) => term.write(data, resolve));
  const snapshots: GridSnapshot[] = [];
  const byKey = new Map<string, number>();
  const indexAt: number[] = [];
  let next = 0;
  let current = -1;
  try {
    for (const t of timesMs) {
      let data = '';
      while (next < events.length && castStartMs + events[next]![0] * 1000 <= t + 1e-6) data += events[next++]![2];
      if (data || current < 0) {
        if (data) await write(data);
        const snap = snapshot(term, look.theme, cursorVisible);
        const key = JSON.stringify(snap);
        let index = byKey.get(key);
        if (index === undefined) {
          index = snapshots.push(snap) - 1;
          byKey.set(key, index);
        }
        current = index;
      }
      indexAt.push(current);
    }
  } finally {
    term.dispose();
  }
  return { snapshots, indexAt };
};
