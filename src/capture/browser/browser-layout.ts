/**
 * Where the browser window goes, and how a page's CSS px become screen px (pure).
 *
 * Placement: the window, with the window manager's frame, fills the same area as a terminal
 * (terminalPlacement: the view of the narrowest output format, 88 % of the screen's height,
 * centred), so what a viewer sees framed in TikTok or Square is the page, not the desktop.
 * Asked for a page size (width/height, screen px), the window is that size plus its frame and
 * browser UI, centred on that same area and kept on the screen.
 *
 * Units: every x, y, width, height in screen px (the display's, top left 0,0) unless named css.
 */
import type { Box, Point } from '../../targets/types';
import type { OutputFormatName } from '../../formats';
import { terminalPlacement, type FrameExtents } from '../terminal-layout';

export const NO_FRAME: FrameExtents = { left: 0, right: 0, top: 0, bottom: 0 };

/**
 * The rectangle the browser's own X window (the client: browser UI and page, without the window
 * manager's frame) should take, in screen px.
 * @param page the page area asked for (screen px); missing sides fill the area.
 * @param frame the window manager's frame around the client (_NET_FRAME_EXTENTS).
 * @param ui the browser's own UI above the page (px; 0 for an app window).
 */
export const browserClientRect = (
  screen: { width: number; height: number },
  formats: readonly OutputFormatName[],
  page: { width?: number; height?: number; x?: number; y?: number } = {},
  frame: FrameExtents = NO_FRAME,
  ui = 0,
): Box => {
  const area = terminalPlacement(screen, formats).area;
  const fw = frame.left + frame.right;
  const fh = frame.top + frame.bottom;
  // A corner given without a size: the area's size, cut at the screen's edge.
  const width = Math.min(screen.width - fw - (page.width === undefined ? (page.x ?? 0) : 0), page.width ?? area.width - fw);
  const height = Math.min(
    screen.height - fh - (page.height === undefined ? (page.y ?? 0) : 0),
    page.height !== undefined ? page.height + ui : area.height - fh,
  );
  // A page corner the script gives wins (the frame and the browser's own UI go around it).
  const outerX = page.x !== undefined ? page.x - frame.left : Math.round(area.x + (area.width - width - fw) / 2);
  const outerY = page.y !== undefined ? page.y - frame.top - ui : Math.round(area.y + (area.height - height - fh) / 2);
  const clamp = (v: number, size: number, max: number) => Math.max(0, Math.min(v, max - size));
  return {
    x: clamp(outerX, width + fw, screen.width) + frame.left,
    y: clamp(outerY, height + fh, screen.height) + frame.top,
    width: Math.max(1, Math.round(width)),
    height: Math.max(1, Math.round(height)),
  };
};

/** What the page says about its window (window.*, document.documentElement.client*), CSS px. */
export type PageMetrics = {
  innerWidth: number;
  innerHeight: number;
  /** The page area without scroll bars (document.documentElement.clientWidth/Height). */
  clientWidth: number;
  clientHeight: number;
  outerWidth: number;
  outerHeight: number;
  devicePixelRatio: number;
  scrollX: number;
  scrollY: number;
};

/** Where the page is on screen: its top-left corner (screen px) and its scale (screen px per CSS px). */
export type PageOrigin = { x: number; y: number; scale: number; uiTop: number; side: number };

/**
 * The page's top-left corner on screen, from the client window's rectangle (xwininfo's absolute
 * upper-left corner and size: the window manager's frame is outside it) and the page's metrics.
 * The browser's UI (toolbar, info bars; none in an app window) sits above the page: its height
 * is what the client's height leaves once the page (innerHeight * devicePixelRatio) and an
 * equal border at the bottom and the sides are taken away. (window.outerHeight - innerHeight
 * says the same in CSS px where outer* is the client's size; the client's own size is used as
 * it is in screen px already.)
 */
export const pageOrigin = (client: Box, m: PageMetrics): PageOrigin => {
  const scale = m.devicePixelRatio > 0 ? m.devicePixelRatio : 1;
  const side = Math.max(0, (client.width - m.innerWidth * scale) / 2);
  const uiTop = Math.max(0, client.height - m.innerHeight * scale - side);
  return { x: client.x + side, y: client.y + uiTop, scale, uiTop, side };
};

/** A rectangle of the page (CSS px, relative to the viewport, as getBoundingClientRect gives) on screen, rounded to whole px. */
export const cssRectToScreen = (r: { x: number; y: number; width: number; height: number }, o: PageOrigin): Box => {
  const left = Math.round(o.x + r.x * o.scale);
  const top = Math.round(o.y + r.y * o.scale);
  const right = Math.round(o.x + (r.x + r.width) * o.scale);
  const bottom = Math.round(o.y + (r.y + r.height) * o.scale);
  return { x: left, y: top, width: Math.max(1, right - left), height: Math.max(1, bottom - top) };
};

/** The page area on screen (screen px), scroll bars left out. */
export const viewportOnScreen = (o: PageOrigin, m: PageMetrics): Box => cssRectToScreen({ x: 0, y: 0, width: m.clientWidth, height: m.clientHeight }, o);

/** A screen point as CSS px of the viewport. */
export const screenToCss = (p: Point, o: PageOrigin): Point => ({ x: (p.x - o.x) / o.scale, y: (p.y - o.y) / o.scale });

/** True when `inner` lies wholly inside `outer` (same units). */
export const contains = (outer: Box, inner: Box): boolean =>
  inner.x >= outer.x && inner.y >= outer.y && inner.x + inner.width <= outer.x + outer.width && inner.y + inner.height <= outer.y + outer.height;

/**
 * How far to scroll (CSS px, > 0 down / right) to bring `el` (viewport CSS px) into a view
 * `view` CSS px big: 0 on an axis where it is in view already (wholly inside; one bigger than
 * the view: its start in the first third); otherwise so that its centre ends a third of the way
 * in (one bigger than the view: its start at a small margin).
 */
export const scrollNeeded = (el: { x: number; y: number; width: number; height: number }, view: { width: number; height: number }): Point => {
  const axis = (start: number, size: number, viewSize: number) => {
    if (start >= 0 && start + size <= viewSize) return 0;
    if (size > viewSize && start >= 0 && start <= viewSize / 3) return 0;
    const margin = Math.min(24, viewSize / 10);
    const goal = size + 2 * margin > viewSize ? margin : Math.max(margin, Math.min(viewSize / 3 - size / 2, viewSize - size - margin));
    return start - goal;
  };
  return { x: axis(el.x, el.width, view.width), y: axis(el.y, el.height, view.height) };
};
