/**
 * Where a terminal goes and how big its text is, for the formats the video will be rendered in
 * (pure). TikTok, Square and Portrait show a narrow part of the screen, so the terminal there is narrower
 * and its font larger; Landscape shows the whole screen.
 */
import { DEFAULT_FORMATS, type OutputFormatName } from '../formats';
import type { Rect, Size } from '../base/geometry';

/** Aspect (width / height) of the screen area each format shows at zoom 1 (TikTokSplit's stage is about 1000x800). */
const VIEW_ASPECT: Record<OutputFormatName, number | null> = { landscape: null, tiktok: 1.25, square: 1.1, portrait: 1.4 };
/** Font size (xterm points) on a 1080-pixel-high screen. */
const FONT_SIZE: Record<OutputFormatName, number> = { landscape: 18, tiktok: 26, square: 24, portrait: 24 };

export type TerminalPlacement = { area: Rect; fontSize: number };

/**
 * The area the terminal window (frame included) should fill, and the font size: the narrowest
 * view among the formats decides both, so the terminal reads well in every one of them.
 */
export const terminalPlacement = (screen: Size, formats: readonly OutputFormatName[]): TerminalPlacement => {
  const list = formats.length ? formats : DEFAULT_FORMATS;
  const scale = screen.height / 1080;
  const fontSize = Math.round(Math.max(...list.map((f) => FONT_SIZE[f])) * scale);
  const screenAspect = screen.width / screen.height;
  const aspect = Math.min(...list.map((f) => VIEW_ASPECT[f] ?? screenAspect));
  const height = Math.round(screen.height * 0.88);
  const width = Math.round(Math.min(screen.width * 0.9, height * aspect));
  return { area: { x: Math.round((screen.width - width) / 2), y: Math.round((screen.height - height) / 2), width, height }, fontSize };
};

/**
 * xterm's cell size for DejaVu Sans Mono at `fontSize` points, as measured on Xvfb (13 → 11x22,
 * 20 → 17x33, 28 → 23x47, 36 → 30x59). Only a first guess: the real size is measured from the
 * window once it is shown.
 */
export const estimateCell = (fontSize: number): Size => ({ width: Math.round(fontSize * 0.83), height: Math.round(fontSize * 1.63) });

/** Window decorations a window manager adds around the terminal (openbox's defaults). */
export type FrameExtents = { left: number; right: number; top: number; bottom: number };
export const DEFAULT_FRAME: FrameExtents = { left: 2, right: 2, top: 40, bottom: 2 };

/** The grid that fits in `area`, with the window's inner border and the frame around it, and where the frame goes. */
export const fitGrid = (area: Rect, cell: Size, border: number, frame: FrameExtents = DEFAULT_FRAME): { cols: number; rows: number; x: number; y: number } => {
  const cols = Math.max(20, Math.floor((area.width - frame.left - frame.right - 2 * border) / cell.width));
  const rows = Math.max(5, Math.floor((area.height - frame.top - frame.bottom - 2 * border) / cell.height));
  const outerW = cols * cell.width + 2 * border + frame.left + frame.right;
  const outerH = rows * cell.height + 2 * border + frame.top + frame.bottom;
  return { cols, rows, x: Math.max(0, Math.round(area.x + (area.width - outerW) / 2)), y: Math.max(0, Math.round(area.y + (area.height - outerH) / 2)) };
};
