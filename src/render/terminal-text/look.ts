/**
 * How the recorded terminal looked (pure): where its grid was on screen, its font and its
 * colours, from the capture log's `terminal` event and the cast's header. Old capture logs
 * (before issue 23) lack the font and theme: they are inferred (DejaVu Sans Mono, its pixel
 * size from the measured cell, the colours from the cast header).
 */
import type { AsciicastHeader } from '../../capture/asciicast';
import { TERMINAL_THEMES, type TerminalTheme } from '../../capture/terminal-themes';
import type { CaptureEvent } from '../../capture-log';

/** The capture log's `terminal` event. */
export type TerminalEvent = Extract<CaptureEvent, { type: 'terminal' }>;

/** The terminal's colours, as CSS colour strings. */
export type TerminalColours = {
  background: string;
  foreground: string;
  /** The block cursor's colour (the character under it is drawn in `background`). */
  cursor: string;
  /** ANSI colours 0–15 (black … white, then the bright ones). */
  ansi: readonly string[];
};

/**
 * Everything needed to draw the terminal as the recording showed it. Lengths are screen px
 * (fractional allowed): cell (col, row) covers x + col * cellWidth … and y + row * cellHeight ….
 */
export type TerminalLook = {
  x: number;
  y: number;
  cols: number;
  rows: number;
  cellWidth: number;
  cellHeight: number;
  /** The CSS font family (one family name, unquoted), e.g. "DejaVu Sans Mono". */
  fontFamily: string;
  /** The font's size in CSS px at screen scale (the em size xterm's Xft font had, in screen px). */
  fontPx: number;
  /** Baseline offset from a cell's top edge, in screen px (xterm: the font's ascent rounded up). */
  baseline: number;
  theme: TerminalColours;
};

/** DejaVu Sans Mono's metrics, in em (hhea: advance 1233, ascender 1901, descender 483 of 2048 units). */
export const DEJAVU_MONO = { advance: 1233 / 2048, ascent: 1901 / 2048, descent: 483 / 2048 } as const;

/** xterm's cell for an Xft font of `px` pixels: the advance rounded, ascent and descent each rounded up (measured on Xvfb: 13 pt at 100 dpi → 11x22, 18 → 15x30, 20 → 17x33, 26 → 22x43). */
export const xtermCell = (px: number): { width: number; height: number; ascent: number } => {
  const ascent = Math.ceil(DEJAVU_MONO.ascent * px - 1e-6);
  return { width: Math.round(DEJAVU_MONO.advance * px), height: ascent + Math.ceil(DEJAVU_MONO.descent * px - 1e-6), ascent };
};

/** Screen resolutions (dpi) Xft commonly uses: Xvfb's default (100), then the X default (96), then HiDPI ones. */
const COMMON_DPI = [100, 96, 72, 120, 144, 192] as const;

/**
 * The font's pixel size for a terminal whose cells measured `cellWidth` x `cellHeight` (screen
 * px), given the point size xterm had (`fontSize`, optional): the size at a common dpi whose cell
 * matches the measured one, else the middle of the sizes whose cell matches, else
 * cellWidth / 0.602 (DejaVu Sans Mono's advance).
 */
export const inferFontPx = (cellWidth: number, cellHeight: number, fontSize?: number): number => {
  const matches = (px: number) => {
    const c = xtermCell(px);
    return Math.abs(c.width - cellWidth) < 0.01 && Math.abs(c.height - cellHeight) < 0.01;
  };
  if (fontSize !== undefined) for (const dpi of COMMON_DPI) if (matches((fontSize * dpi) / 72)) return (fontSize * dpi) / 72;
  const guess = cellWidth / DEJAVU_MONO.advance;
  const fits: number[] = [];
  for (let px = guess * 0.9; px <= guess * 1.1; px += 0.01) if (matches(px)) fits.push(px);
  return fits.length ? (fits[0]! + fits[fits.length - 1]!) / 2 : guess;
};

/** The theme from a cast header's `theme` ({ fg, bg, palette: 16 colours joined by ":" }), or null when it has none or a bad one. */
export const themeFromCastHeader = (header: AsciicastHeader): TerminalColours | null => {
  const t = header.theme;
  const css = /^#[0-9a-fA-F]{6}$/;
  if (!t || typeof t.fg !== 'string' || typeof t.bg !== 'string' || typeof t.palette !== 'string') return null;
  const ansi = t.palette.split(':');
  if (!css.test(t.fg) || !css.test(t.bg) || ansi.length !== 16 || !ansi.every((c) => css.test(c))) return null;
  return { background: t.bg, foreground: t.fg, cursor: t.fg, ansi };
};

const fromTheme = (t: TerminalTheme): TerminalColours => ({ background: t.background, foreground: t.foreground, cursor: t.cursor, ansi: [...t.ansi] });

/**
 * The terminal's look from its capture-log event and its cast's header: the named theme when
 * the event names a known one, else the header's colours, else the dark theme.
 */
export const lookFromEvent = (event: TerminalEvent, header: AsciicastHeader): TerminalLook => {
  const named = event.theme !== undefined && Object.hasOwn(TERMINAL_THEMES, event.theme) ? TERMINAL_THEMES[event.theme as keyof typeof TERMINAL_THEMES] : null;
  const theme = named ? fromTheme(named) : (themeFromCastHeader(header) ?? fromTheme(TERMINAL_THEMES.dark));
  const fontPx = inferFontPx(event.cellWidth, event.cellHeight, event.fontSize);
  return {
    x: event.x,
    y: event.y,
    cols: event.cols,
    rows: event.rows,
    cellWidth: event.cellWidth,
    cellHeight: event.cellHeight,
    fontFamily: event.fontFamily ?? 'DejaVu Sans Mono',
    fontPx,
    baseline: xtermCell(fontPx).ascent,
    theme,
  };
};
