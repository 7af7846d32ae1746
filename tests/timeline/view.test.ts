import { describe, expect, it } from 'vitest';
import { baseViewSize, clampCentre, snapFocus, viewRect, viewSize } from '../../src/timeline/view';

const screen = { width: 1920, height: 1080 };

describe('view geometry', () => {
  it.each([
    { aspect: 16 / 9, want: { width: 1920, height: 1080 } },
    { aspect: 1, want: { width: 1080, height: 1080 } },
    { aspect: 9 / 16, want: { width: 607.5, height: 1080 } },
    { aspect: 3, want: { width: 1920, height: 640 } },
  ])('base view for aspect $aspect', ({ aspect, want }) => {
    const got = baseViewSize(screen, aspect);
    expect(got.width).toBeCloseTo(want.width, 6);
    expect(got.height).toBeCloseTo(want.height, 6);
  });

  it('zoom divides the view; below 1 counts as 1', () => {
    expect(viewSize(screen, 16 / 9, 2)).toEqual({ width: 960, height: 540 });
    expect(viewSize(screen, 16 / 9, 0.5)).toEqual({ width: 1920, height: 1080 });
  });

  it.each([
    { name: 'centre stays', centre: { x: 960, y: 540 }, want: { x: 960, y: 540 } },
    { name: 'top-left corner is pulled in', centre: { x: 0, y: 0 }, want: { x: 480, y: 270 } },
    { name: 'bottom-right corner is pulled in', centre: { x: 1920, y: 1080 }, want: { x: 1440, y: 810 } },
    { name: 'far outside is pulled in', centre: { x: -500, y: 5000 }, want: { x: 480, y: 810 } },
  ])('clampCentre: $name', ({ centre, want }) => {
    expect(clampCentre(centre, screen, { width: 960, height: 540 })).toEqual(want);
  });

  it.each([
    { name: 'centre of the screen stays centred', focus: { x: 960, y: 540 }, want: { x: 960, y: 540 } },
    { name: 'inside the outer 12.5 % snaps to the edge', focus: { x: 100, y: 60 }, want: { x: 480, y: 270 } },
    { name: 'the inner edge of the snap band is the edge', focus: { x: 240, y: 135 }, want: { x: 480, y: 270 } },
    { name: 'opposite corner', focus: { x: 1900, y: 1070 }, want: { x: 1440, y: 810 } },
  ])('snapFocus at zoom 2: $name', ({ focus, want }) => {
    const got = snapFocus(focus, screen, { width: 960, height: 540 }, 0.25);
    expect(got.x).toBeCloseTo(want.x, 6);
    expect(got.y).toBeCloseTo(want.y, 6);
  });

  it('edge snap always keeps the focus inside the view, at every zoom', () => {
    for (const zoom of [1.2, 2, 3, 5]) {
      const size = viewSize(screen, 16 / 9, zoom);
      for (let x = 0; x <= 1920; x += 64) {
        for (let y = 0; y <= 1080; y += 54) {
          const c = snapFocus({ x, y }, screen, size, 0.25);
          expect(Math.abs(c.x - x)).toBeLessThanOrEqual(size.width / 2 + 1e-9);
          expect(Math.abs(c.y - y)).toBeLessThanOrEqual(size.height / 2 + 1e-9);
        }
      }
    }
  });

  it('viewRect never leaves the recording', () => {
    for (const zoom of [1, 1.5, 2, 4]) {
      for (const [x, y] of [
        [0, 0],
        [1920, 1080],
        [960, 540],
        [-100, 2000],
      ] as const) {
        const r = viewRect({ zoom, x, y }, screen, 16 / 9);
        expect(r.x).toBeGreaterThanOrEqual(0);
        expect(r.y).toBeGreaterThanOrEqual(0);
        expect(r.x + r.width).toBeLessThanOrEqual(1920 + 1e-9);
        expect(r.y + r.height).toBeLessThanOrEqual(1080 + 1e-9);
      }
    }
  });
});
