/**
 * Where screenplay's own overlays may go (pure, output px): the part of a frame that every
 * platform preset drawn from the same render keeps clear of its UI. One TikTokSplit render is
 * shared by the tiktok, shorts and reels presets, so its chapter banners, hook, cards' text,
 * logos and QR codes, speed badge, keycaps, callouts and captions sit inside all their safe
 * zones at once (output-presets.ts's strictestSafeZone). A frame whose format no preset with a
 * safe zone uses (landscape, square, portrait) keeps the whole frame: overlays place themselves
 * there as before.
 */
import type { Rect, Size } from '../base/geometry';
import { FORMAT_NAMES, OUTPUT_FORMATS, type OutputFormatName } from '../formats';
import { strictestSafeZone } from '../output-presets';

/** The output format whose frame has `size`'s aspect (within 1 %), or null (a frame of another shape). */
export const formatOfSize = (size: Size): OutputFormatName | null => {
  const aspect = size.width / Math.max(1, size.height);
  for (const f of FORMAT_NAMES) {
    const s = OUTPUT_FORMATS[f].size;
    if (Math.abs(aspect / (s.width / s.height) - 1) < 0.01) return f;
  }
  return null;
};

/**
 * The rectangle overlays stay inside (output px of a frame of `size`): for a frame of a format
 * some presets give a safe zone (9:16: tiktok, shorts, reels), the intersection of all those
 * zones (each side's largest inset, px of the format's full-size frame) scaled to `size` (a
 * render at --scale); for any other frame the whole frame. Never empty for the presets' numbers.
 */
export const overlaySafeArea = (size: Size): Rect => {
  const format = formatOfSize(size);
  if (!format) return { x: 0, y: 0, width: size.width, height: size.height };
  const full = OUTPUT_FORMATS[format].size;
  const kx = size.width / full.width;
  const ky = size.height / full.height;
  const z = strictestSafeZone(format);
  return { x: z.left * kx, y: z.top * ky, width: size.width - (z.left + z.right) * kx, height: size.height - (z.top + z.bottom) * ky };
};

/** The overlap of two rectangles (px); where they do not overlap, `a` (an overlay keeps its old place rather than vanish). */
export const intersectRect = (a: Rect, b: Rect): Rect => {
  const x0 = Math.max(a.x, b.x);
  const y0 = Math.max(a.y, b.y);
  const x1 = Math.min(a.x + a.width, b.x + b.width);
  const y1 = Math.min(a.y + a.height, b.y + b.height);
  return x1 > x0 && y1 > y0 ? { x: x0, y: y0, width: x1 - x0, height: y1 - y0 } : a;
};

/** `box` moved (not resized) the least distance that puts it inside `area`; centred on an axis where it is larger than `area`. */
export const clampInto = <R extends Rect>(box: R, area: Rect): R => {
  const axis = (v: number, len: number, lo: number, room: number) => (len > room ? lo + (room - len) / 2 : Math.min(lo + room - len, Math.max(lo, v)));
  return { ...box, x: axis(box.x, box.width, area.x, area.width), y: axis(box.y, box.height, area.y, area.height) };
};

/**
 * The widest box centred on `cx` that stays inside `area` (px): twice the distance from `cx` to
 * the nearer side. For text centred on the frame in an area that is not (TikTok's right rail).
 */
export const centredWidth = (area: Rect, cx: number): number => Math.max(0, 2 * Math.min(cx - area.x, area.x + area.width - cx));
