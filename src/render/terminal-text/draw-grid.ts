/**
 * The one function that draws a terminal grid on a canvas. It is serialised into the
 * rasteriser's page (Function.prototype.toString), so it must stay self-contained: no imports,
 * no helpers from this module, only the browser's canvas API (types are erased).
 */
import type { TerminalLook } from './look';
import type { GridSnapshot } from './snapshot';

/**
 * CSS font-family lists (quoted) for the four faces, and per character (a grapheme) the list to
 * use instead when the terminal's font lacks it (the font xterm falls back to for it).
 */
export type GridFonts = { regular: string; bold: string; italic: string; boldItalic: string; fallback?: Record<string, string> };

/** Where the grid goes on the canvas: screen point (sx, sy) lands at canvas px (sx * scale + dx, sy * scale + dy). */
export type GridPlacement = { scale: number; dx: number; dy: number };

/**
 * Draws `snap` on `ctx` as xterm showed it in a focused window: the theme's background over the
 * grid's rectangle (the rest of the canvas is left as it is: clear it first for transparency),
 * cell backgrounds, glyphs in `fonts.regular` … (CSS family names; the browser falls back per
 * glyph for CJK and emoji), underline and strike lines, and the cursor as a filled block in the
 * cursor colour with the character under it in the background colour. Cell edges are rounded to
 * whole canvas px so neighbouring cells meet without seams; the baseline is look.baseline below
 * the cell's top.
 * @param fonts the font-family lists (see GridFonts)
 */
export function drawGrid(
  ctx: CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D,
  look: TerminalLook,
  snap: GridSnapshot,
  at: GridPlacement,
  fonts: GridFonts,
): void {
  const s = at.scale;
  const colX = (c: number) => Math.round((look.x + c * look.cellWidth) * s + at.dx);
  const rowY = (r: number) => Math.round((look.y + r * look.cellHeight) * s + at.dy);
  const theme = look.theme;
  const x0 = colX(0);
  const y0 = rowY(0);
  ctx.fillStyle = theme.background;
  ctx.fillRect(x0, y0, colX(look.cols) - x0, rowY(look.rows) - y0);
  const px = look.fontPx * s;
  const lineW = Math.max(1, Math.round(s));
  const cur = snap.cursor;
  let under: { char: string; width: number; run: GridSnapshot['rows'][number][number] } | null = null;
  ctx.textBaseline = 'alphabetic';
  ctx.textAlign = 'left';
  let font = '';
  // Backgrounds first (a wide glyph may overhang its neighbour), then glyphs and lines.
  for (let r = 0; r < snap.rows.length; r++) {
    const top = rowY(r);
    const bottom = rowY(r + 1);
    for (const run of snap.rows[r]!) {
      const bg = run.inverse ? run.fg : run.bg;
      if (bg !== theme.background) {
        ctx.fillStyle = bg;
        const left = colX(run.col);
        ctx.fillRect(left, top, colX(run.col + run.chars.length * run.width) - left, bottom - top);
      }
    }
  }
  for (let r = 0; r < snap.rows.length; r++) {
    const top = rowY(r);
    const bottom = rowY(r + 1);
    const base = top + Math.round(look.baseline * s);
    for (const run of snap.rows[r]!) {
      const fg = run.inverse ? run.bg : run.fg;
      const face = run.bold ? (run.italic ? fonts.boldItalic : fonts.bold) : run.italic ? fonts.italic : fonts.regular;
      const style = `${run.italic ? 'italic ' : ''}${run.bold ? 'bold ' : ''}${px}px `;
      ctx.fillStyle = fg;
      ctx.globalAlpha = run.dim ? 0.5 : 1;
      for (let i = 0; i < run.chars.length; i++) {
        const col = run.col + i * run.width;
        const ch = run.chars[i]!;
        if (r === cur.row && cur.col >= col && cur.col < col + run.width) under = { char: ch, width: run.width, run };
        if (run.invisible || ch === ' ' || ch === '') continue;
        const f = style + ((fonts.fallback && fonts.fallback[ch]) || face);
        if (f !== font) {
          ctx.font = f;
          font = f;
        }
        ctx.fillText(ch, colX(col), base);
      }
      if (!run.invisible && (run.underline || run.strike)) {
        const left = colX(run.col);
        const w = colX(run.col + run.chars.length * run.width) - left;
        if (run.underline) ctx.fillRect(left, base + lineW, w, lineW);
        if (run.strike) ctx.fillRect(left, Math.round((top + bottom) / 2), w, lineW);
      }
    }
  }
  ctx.globalAlpha = 1;
  if (cur.visible && cur.row < look.rows && cur.col < look.cols) {
    const width = under ? under.width : 1;
    const col = under && under.width === 2 && cur.col > 0 && !(under.run.col <= cur.col && (cur.col - under.run.col) % 2 === 0) ? cur.col - 1 : cur.col;
    const left = colX(col);
    const top = rowY(cur.row);
    ctx.fillStyle = theme.cursor;
    ctx.fillRect(left, top, colX(col + width) - left, rowY(cur.row + 1) - top);
    if (under && under.char !== ' ' && under.char !== '' && !under.run.invisible) {
      const run = under.run;
      const face =
        (fonts.fallback && fonts.fallback[under.char]) || (run.bold ? (run.italic ? fonts.boldItalic : fonts.bold) : run.italic ? fonts.italic : fonts.regular);
      ctx.font = `${run.italic ? 'italic ' : ''}${run.bold ? 'bold ' : ''}${px}px ${face}`;
      ctx.fillStyle = theme.background;
      ctx.fillText(under.char, left, top + Math.round(look.baseline * s));
    }
  }
}
