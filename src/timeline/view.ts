/**
 * Geometry of the camera's view over the recording. The view has the aspect of where the
 * screen is shown (16:9 in Landscape, near-square in TikTokSplit's top half). At zoom 1 it is
 * the largest rectangle of that aspect inside the screen; at zoom z it is 1/z of that. The
 * view never leaves the recording. Pure.
 */
import type { Screen } from '../capture-log/schema';

import type { Point, Rect, Size } from '../base/geometry';

export type { Point, Rect, Size };
export type Camera = { zoom: number; x: number; y: number };

export const baseViewSize = (screen: Screen, viewAspect: number): Size => {
  const screenAspect = screen.width / screen.height;
  return screenAspect > viewAspect ? { width: screen.height * viewAspect, height: screen.height } : { width: screen.width, height: screen.width / viewAspect };
};

export const viewSize = (screen: Screen, viewAspect: number, zoom: number): Size => {
  const base = baseViewSize(screen, viewAspect);
  const z = Math.max(1, zoom);
  return { width: base.width / z, height: base.height / z };
};

const clamp = (v: number, lo: number, hi: number): number => (lo > hi ? (lo + hi) / 2 : Math.min(hi, Math.max(lo, v)));

/** Moves a view centre so the view stays inside the recording. */
export const clampCentre = (centre: Point, screen: Screen, size: Size): Point => ({
  x: clamp(centre.x, size.width / 2, screen.width - size.width / 2),
  y: clamp(centre.y, size.height / 2, screen.height - size.height / 2),
});

/**
 * Edge snap: the inner (1 - edgeSnap) of the screen maps linearly onto the whole range the
 * view's centre can take, so a focus near an edge or a corner brings that edge into view
 * instead of stopping short of it. The focus always stays inside the view.
 */
export const snapFocus = (focus: Point, screen: Screen, size: Size, edgeSnap: number): Point => {
  const axis = (f: number, extent: number, view: number): number => {
    const u = clamp((f / extent - edgeSnap / 2) / (1 - edgeSnap), 0, 1);
    return view / 2 + u * (extent - view);
  };
  return {
    x: axis(focus.x, screen.width, size.width),
    y: axis(focus.y, screen.height, size.height),
  };
};

/** The part of the recording a camera shows, in screen pixels. */
export const viewRect = (camera: Camera, screen: Screen, viewAspect: number): Rect => {
  const size = viewSize(screen, viewAspect, camera.zoom);
  const c = clampCentre(camera, screen, size);
  return { x: c.x - size.width / 2, y: c.y - size.height / 2, width: size.width, height: size.height };
};
