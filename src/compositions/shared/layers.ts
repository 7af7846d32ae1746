/**
 * Layers: a composition can draw all of itself (Studio, stills, the browser render path) or one
 * layer of itself, which the fast render path composites with ffmpeg. The layers are drawn by
 * the same components from the same props, so both paths show the same picture.
 *
 * - all            everything (the default)
 * - under          background, window chrome, panel: everything except the screen's content
 * - stage-mask     white where the screen shows (with its rounded corners), black elsewhere
 * - cursor-sheet   the cursor at every size the video uses, one per cell, transparent
 * - ripple-sheet   the click ripple at every (radius, progress) the video uses, transparent
 * - avatar-sheet   the built-in avatar's layers: bubble and shoulders, head, every eye and
 *                  mouth variant (see avatarSheet), transparent
 * - sequence       the five layers above as frames 0–4
 * - cards          the card layers (frame/cards.ts's cardLayers: title and end cards, chapter
 *                  banners, the hook) as frames 0, 1, 2…, each whole and opaque as drawn, on
 *                  transparency: the composite path lays each over the video during its frames
 *
 * Sprites come in sheets of fixed-size cells because ffmpeg's overlay cannot follow an input
 * whose size changes from frame to frame: ffmpeg picks a cell per frame with a fixed-size crop.
 */
import type { Rect } from '../../base/geometry';

export const RENDER_LAYERS = ['all', 'under', 'stage-mask', 'cursor-sheet', 'ripple-sheet', 'avatar-sheet', 'sequence', 'cards'] as const;
export type RenderLayer = (typeof RENDER_LAYERS)[number];

/**
 * `sequence` draws the static layers as frames 0, 1, 2…: one render of 5 frames in one page
 * is much cheaper than 5 stills, each of which opens a page.
 */
export const LAYER_SEQUENCE = ['under', 'stage-mask', 'cursor-sheet', 'ripple-sheet', 'avatar-sheet'] as const satisfies readonly RenderLayer[];

/** Ripple animation steps drawn in a sheet (progress 0 → 1). */
export const RIPPLE_STEPS = 16;
/** Room around a sprite in its cell (the cursor's shadow and stroke, the ripple's ring). */
export const SPRITE_PAD = 6;

export type SpriteSheet<T> = {
  cell: { width: number; height: number };
  columns: number;
  items: T[];
};
/** Cursor heights in output px. */
export type CursorSheet = SpriteSheet<number>;
/** [radius in output px, progress step]. */
export type RippleSheet = SpriteSheet<[number, number]>;
export type SpriteSheets = { cursor: CursorSheet; ripple: RippleSheet; avatar?: AvatarSheet };

export const sheetCell = <T>(sheet: SpriteSheet<T>, i: number): { x: number; y: number } => ({
  x: (i % sheet.columns) * sheet.cell.width,
  y: Math.floor(i / sheet.columns) * sheet.cell.height,
});

export const sheetFits = <T>(sheet: SpriteSheet<T>, frame: { width: number; height: number }): boolean =>
  sheet.columns >= 1 && Math.ceil(sheet.items.length / sheet.columns) * sheet.cell.height <= frame.height;

export const makeSheet = <T>(items: T[], cell: { width: number; height: number }, frameWidth: number): SpriteSheet<T> => ({
  cell,
  columns: Math.max(1, Math.floor(frameWidth / cell.width)),
  items,
});

/** A cursor cell holds the largest cursor; each cursor is drawn at (pad, pad) in its cell. */
export const cursorCellSize = (maxHeight: number): { width: number; height: number } => ({
  width: Math.ceil(maxHeight * 0.75) + 2 * SPRITE_PAD + 2,
  height: maxHeight + 2 * SPRITE_PAD + 2,
});

/** A ripple cell holds the largest ripple; each ripple is centred in its cell. */
export const rippleCellSize = (maxRadius: number): { width: number; height: number } => {
  const side = 2 * maxRadius + 2 * SPRITE_PAD;
  return { width: side, height: side };
};

/**
 * Where the avatar's layers are in the avatar sheet, for an avatar `size` px wide: the bubble
 * and shoulders, the head, then the eye variants and the mouth variants in rows. Each cell holds
 * its part exactly as the avatar draws it (the part's rectangle, scaled), so placing a cell at
 * the part's position rebuilds the avatar.
 */
export type AvatarSheet = {
  size: number;
  frame: Rect;
  head: Rect;
  eyes: Rect[];
  mouths: Rect[];
  height: number;
};

export const avatarSheet = (
  size: number,
  parts: { head: Rect; eyes: Rect; mouth: Rect },
  counts: { eyes: number; mouths: number },
  frameWidth: number,
): AvatarSheet => {
  const k = size / 100;
  const cell = (r: Rect) => ({ width: Math.ceil(r.width * k), height: Math.ceil(r.height * k) });
  const frame = { x: 0, y: 0, width: Math.ceil(size), height: Math.ceil(size) };
  const headCell = cell(parts.head);
  const head = { x: frame.width + 2, y: 0, ...headCell };
  let x = 0;
  let y = Math.max(frame.height, head.height) + 2;
  let rowHeight = 0;
  const place = (c: { width: number; height: number }): Rect => {
    if (x + c.width > frameWidth) {
      x = 0;
      y += rowHeight + 2;
      rowHeight = 0;
    }
    const r = { x, y, ...c };
    x += c.width + 2;
    rowHeight = Math.max(rowHeight, c.height);
    return r;
  };
  const eyes = Array.from({ length: counts.eyes }, () => place(cell(parts.eyes)));
  const mouths = Array.from({ length: counts.mouths }, () => place(cell(parts.mouth)));
  return { size, frame, head, eyes, mouths, height: y + rowHeight };
};
