/**
 * Box arithmetic for targets (pure; screen px): centres, reading order, regions, nearness, and
 * a box's text for messages.
 */
import type { Box, Point } from './types';

/** The box around boxes (at least one). */
export const unionBox = (boxes: readonly Box[]): Box => {
  const x0 = Math.min(...boxes.map((b) => b.x));
  const y0 = Math.min(...boxes.map((b) => b.y));
  const x1 = Math.max(...boxes.map((b) => b.x + b.width));
  const y1 = Math.max(...boxes.map((b) => b.y + b.height));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
};

/** How much two boxes overlap, as a share (0–1) of the smaller one's area. */
export const overlapShare = (a: Box, b: Box): number => {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? (w * h) / Math.min(a.width * a.height, b.width * b.height) : 0;
};

export const centre = (b: Box): Point => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

/** "(812, 340, 96x18)": a box's top-left corner and size, rounded to whole px. */
export const boxText = (b: Box): string => `(${Math.round(b.x)}, ${Math.round(b.y)}, ${Math.round(b.width)}x${Math.round(b.height)})`;

/** Whether `b`'s centre lies inside `region` (edges included). */
export const centreIn = (b: Box, region: Box): boolean => {
  const c = centre(b);
  return c.x >= region.x && c.x <= region.x + region.width && c.y >= region.y && c.y <= region.y + region.height;
};

/** Whether `inner` lies wholly inside `outer`. */
export const boxInside = (inner: Box, outer: Box): boolean =>
  inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;

/**
 * Items in reading order: top to bottom by rows, then left to right. Two boxes are on one row
 * when their vertical centres are within half the smaller one's height. Rows are formed in order
 * of the centres' y (each box joins the row of the box above it when close enough), so a row
 * never chains far down a slope. Stable for equal positions.
 */
export const readingOrder = <T>(items: readonly T[], boxOf: (t: T) => Box): T[] => {
  const byY = items.map((t, i) => ({ t, i, b: boxOf(t) })).sort((a, b) => centre(a.b).y - centre(b.b).y || a.i - b.i);
  const rows: Array<{ first: Box; members: typeof byY }> = [];
  for (const item of byY) {
    const row = rows[rows.length - 1];
    if (row && Math.abs(centre(item.b).y - centre(row.first).y) <= Math.min(item.b.height, row.first.height) / 2) row.members.push(item);
    else rows.push({ first: item.b, members: [item] });
  }
  return rows.flatMap((r) => r.members.sort((a, b) => a.b.x - b.b.x || a.i - b.i).map((m) => m.t));
};

/** Items ordered by the distance of their box's centre from `to` (closest first; ties in the given order). */
export const byDistance = <T>(items: readonly T[], boxOf: (t: T) => Box, to: Point): T[] =>
  items
    .map((t, i) => {
      const c = centre(boxOf(t));
      return { t, i, d: Math.hypot(c.x - to.x, c.y - to.y) };
    })
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .map((x) => x.t);

/** `b` cut to the screen (0,0 to width x height); at least 1x1 px. */
export const clipToScreen = (b: Box, screen: { width: number; height: number }): Box => {
  const x0 = Math.max(0, Math.min(screen.width - 1, b.x));
  const y0 = Math.max(0, Math.min(screen.height - 1, b.y));
  const x1 = Math.max(x0 + 1, Math.min(screen.width, b.x + b.width));
  const y1 = Math.max(y0 + 1, Math.min(screen.height, b.y + b.height));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
};
