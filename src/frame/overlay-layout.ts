/**
 * Where overlays go in a frame (pure, output px), shared by the browser drawing and the ASS
 * burn-in so both paths place them alike: the speed badge at the screen's top right, keycaps in
 * a row at its bottom left, callouts up and to the right of the spot they point at, or beside
 * the target's box they point at.
 *
 * The `stage` each function takes is where the overlay may go: the frame model passes the
 * stage less what the platforms' UI covers (model.ts overlayArea, from safe-area.ts), so the
 * same formulas keep the overlays inside every preset's safe zone.
 */
import { textWidthEm } from '../timeline/script-text';
import type { Point, Rect } from '../timeline/view';
import { clampInto } from './safe-area';

/** Overlay colours (#rrggbb, opacity 0–1), the same in both render paths: dark labels (badges, keycaps), yellow callouts. */
export const OVERLAY_COLORS = {
  label: { back: '#0f172a', backOpacity: 0.88, text: '#ffffff' },
  callout: { back: '#fde047', text: '#111827' },
} as const;

export type OverlayMetrics = { fontSize: number; padX: number; padY: number; margin: number };

export const overlayMetrics = (frame: { width: number; height: number }): OverlayMetrics => {
  const unit = Math.min(frame.width, frame.height) / 1080;
  const fontSize = Math.round(34 * unit);
  return { fontSize, padX: Math.round(fontSize * 0.45), padY: Math.round(fontSize * 0.25), margin: Math.round(24 * unit) };
};

/** A keycap's, badge's or callout's text width in px without measuring text: script-text.ts's estimate (CJK and emoji are wider). */
export const textWidth = (text: string, fontSize: number): number => textWidthEm(text) * fontSize;

/**
 * A label's text cut (with …) so that its box (the text and its padding) is at most `maxWidth`
 * px wide; the text itself where it fits. Labels are one line in both render paths.
 */
export const fitLabelText = (text: string, m: OverlayMetrics, maxWidth: number): string => {
  const room = maxWidth - 2 * m.padX;
  if (textWidth(text, m.fontSize) <= room) return text;
  const chars = [...text];
  while (chars.length > 1 && textWidth(`${chars.join('').trimEnd()}…`, m.fontSize) > room) chars.pop();
  return `${chars.join('').trimEnd()}…`;
};

/** The badge's centre: the screen's top-right corner, inset. */
export const badgeCentre = (stage: Rect, text: string, m: OverlayMetrics): Point => ({
  x: stage.x + stage.width - m.margin - m.padX - textWidth(text, m.fontSize) / 2,
  y: stage.y + m.margin + m.padY + m.fontSize / 2,
});

/**
 * Each keycap's centre, in a row from the screen's bottom-left corner; a row that would pass the
 * screen's right edge goes on in a row above (a long chord on a narrow screen).
 */
export const keycapCentres = (stage: Rect, keys: readonly string[], m: OverlayMetrics): Array<{ text: string; x: number; y: number; width: number }> => {
  let x = stage.x + m.margin;
  let y = stage.y + stage.height - m.margin - m.padY - m.fontSize / 2;
  return keys.map((text) => {
    const width = textWidth(text, m.fontSize) + 2 * m.padX;
    if (x > stage.x + m.margin && x + width > stage.x + stage.width - m.margin) {
      x = stage.x + m.margin;
      y -= m.fontSize + 2 * m.padY + m.padX;
    }
    const cap = { text, x: x + width / 2, y, width };
    x += width + m.padX;
    return cap;
  });
};

/**
 * A callout's box: up and to the right of its spot (to the left, or below, where the screen's
 * edge is too close); the spot gets a dot and a line to the box.
 */
export const calloutBox = (spot: Point, text: string, m: OverlayMetrics, stage: Rect): Rect => {
  const width = textWidth(text, m.fontSize) + 2 * m.padX;
  const height = m.fontSize + 2 * m.padY;
  const gap = m.margin * 2;
  const x = spot.x + gap + width <= stage.x + stage.width ? spot.x + gap : spot.x - gap - width;
  const y = spot.y - gap - height >= stage.y ? spot.y - gap - height : spot.y + gap;
  return { x, y, width, height };
};

export type CalloutSide = 'above' | 'below' | 'right' | 'left' | 'spot';

/**
 * Everything a callout draws (output px): its `box` (the bubble), the arrow from `from` (on
 * the bubble's edge) to `tip`, where a dot marks what it points at. Both render paths draw
 * exactly this.
 */
export type CalloutGeometry = { box: Rect; from: Point; tip: Point; side: CalloutSide };

/** The radius of the dot at a callout arrow's tip (output px): both render paths draw it this size. */
export const calloutDotRadius = (m: OverlayMetrics): number => m.fontSize * 0.3;

const clampTo = (v: number, lo: number, hi: number): number => (lo > hi ? (lo + hi) / 2 : Math.min(hi, Math.max(lo, v)));

/**
 * Where a callout goes. `spot`: the point it points at, on stage (output px). `target`: the
 * target's box on stage (output px), or null.
 *
 * Without a target: the bubble up and to the right of the spot (calloutBox), the arrow from
 * its nearest corner to the spot. With one: the bubble beside the box, on the first side with
 * room in the stage (above, below, right, left), centred on the box along that side (kept in
 * the stage), 2 margins away; the arrow's tip just outside the middle of the box's edge that
 * faces it (its dot touching the edge), so the target stays uncovered. A box too large for any side (or out of view) falls back to the
 * spot.
 */
export const calloutGeometry = (spot: Point, target: Rect | null, text: string, m: OverlayMetrics, stage: Rect): CalloutGeometry => {
  const width = textWidth(text, m.fontSize) + 2 * m.padX;
  const height = m.fontSize + 2 * m.padY;
  const gap = m.margin * 2;
  const right = stage.x + stage.width;
  const bottom = stage.y + stage.height;
  // The part of the box in view.
  const t = target && {
    x0: Math.max(target.x, stage.x),
    y0: Math.max(target.y, stage.y),
    x1: Math.min(target.x + target.width, right),
    y1: Math.min(target.y + target.height, bottom),
  };
  if (t && t.x1 > t.x0 && t.y1 > t.y0) {
    const cx = (t.x0 + t.x1) / 2;
    const cy = (t.y0 + t.y1) / 2;
    const r = m.padY; // keep the arrow's foot off the bubble's rounded corners
    // The tip's dot touches the box's edge from outside (its radius and stroke), never covering the target.
    const off = calloutDotRadius(m) * 1.25;
    const sideways = (y: number, side: 'above' | 'below'): CalloutGeometry => {
      const box = { x: clampTo(cx - width / 2, stage.x, right - width), y, width, height };
      const fy = side === 'above' ? box.y + height : box.y;
      return { box, from: { x: clampTo(cx, box.x + r, box.x + width - r), y: fy }, tip: { x: cx, y: side === 'above' ? t.y0 - off : t.y1 + off }, side };
    };
    const beside = (x: number, side: 'right' | 'left'): CalloutGeometry => {
      const box = { x, y: clampTo(cy - height / 2, stage.y, bottom - height), width, height };
      const fx = side === 'right' ? box.x : box.x + width;
      return { box, from: { x: fx, y: clampTo(cy, box.y + r, box.y + height - r) }, tip: { x: side === 'right' ? t.x1 + off : t.x0 - off, y: cy }, side };
    };
    if (t.y0 - gap - height >= stage.y) return sideways(t.y0 - gap - height, 'above');
    if (t.y1 + gap + height <= bottom) return sideways(t.y1 + gap, 'below');
    if (t.x1 + gap + width <= right) return beside(t.x1 + gap, 'right');
    if (t.x0 - gap - width >= stage.x) return beside(t.x0 - gap - width, 'left');
  }
  // Kept inside the stage (the part of it overlays may use: safe-area.ts) wherever the spot is.
  const box = clampInto(calloutBox(spot, text, m, stage), stage);
  return { box, from: { x: box.x + (box.x > spot.x ? 0 : box.width), y: box.y + (box.y > spot.y ? 0 : box.height) }, tip: spot, side: 'spot' };
};
