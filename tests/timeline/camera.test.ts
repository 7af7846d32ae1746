import { describe, expect, it } from 'vitest';
import { buildTimeline } from '../../src/timeline/build-timeline';
import { computeCameraTargets } from '../../src/timeline/camera';
import { snapFocus, viewRect, viewSize } from '../../src/timeline/view';
import { computeZoomWindows } from '../../src/timeline/zoom-windows';
import { cursorPath, makeCapture } from '../helpers/capture';

const screen = { width: 1920, height: 1080 };
const frameAt = (ms: number, fps: number) => Math.round((ms * fps) / 1000);

describe('camera', () => {
  const capture = makeCapture([
    ...cursorPath({ x: 960, y: 540 }, { x: 1500, y: 300 }, 0, 900),
    { type: 'click', tMs: 1000, x: 1500, y: 300, button: 'left' },
    ...cursorPath({ x: 1500, y: 300 }, { x: 300, y: 800 }, 6000, 6800),
    { type: 'click', tMs: 7000, x: 300, y: 800, button: 'left' },
  ]);

  it('zooms in during a click window and out after it', () => {
    const tl = buildTimeline({ capture, fps: 30, viewAspect: 16 / 9 });
    expect(tl.zoomWindows.map((w) => [w.startMs, w.endMs])).toEqual([
      [700, 3500],
      [6700, 9500],
    ]);
    const z = (ms: number) => tl.camera.zoom[frameAt(ms, 30)] as number;
    expect(z(0)).toBe(1);
    expect(z(600)).toBe(1);
    expect(z(2000)).toBeCloseTo(2, 2); // settled well inside the window
    expect(z(5500)).toBeCloseTo(1, 2); // out again between windows
    expect(z(8500)).toBeCloseTo(2, 2);
  });

  it('at full zoom the view contains the click, towards the view centre', () => {
    const tl = buildTimeline({ capture, fps: 30, viewAspect: 16 / 9 });
    const f = frameAt(2500, 30);
    const r = viewRect({ zoom: tl.camera.zoom[f]!, x: tl.camera.x[f]!, y: tl.camera.y[f]! }, screen, 16 / 9);
    expect(1500).toBeGreaterThan(r.x);
    expect(1500).toBeLessThan(r.x + r.width);
    expect(300).toBeGreaterThan(r.y);
    expect(300).toBeLessThan(r.y + r.height);
  });

  it('the view never leaves the recording, at any frame', () => {
    for (const viewAspect of [16 / 9, 1.2, 9 / 16]) {
      const tl = buildTimeline({ capture, fps: 30, viewAspect });
      for (let f = 0; f < tl.durationInFrames; f++) {
        const c = { zoom: tl.camera.zoom[f]!, x: tl.camera.x[f]!, y: tl.camera.y[f]! };
        const r = viewRect(c, screen, viewAspect);
        // The stored centre is already clamped: viewRect must not have to move it.
        expect(r.x + r.width / 2).toBeCloseTo(c.x, 1);
        expect(r.y + r.height / 2).toBeCloseTo(c.y, 1);
        expect(r.x).toBeGreaterThanOrEqual(-0.01);
        expect(r.x + r.width).toBeLessThanOrEqual(1920.01);
      }
    }
  });

  it('gives the same camera at the same time whether sampled at 30 or 60 fps', () => {
    const a = buildTimeline({ capture, fps: 30, viewAspect: 16 / 9 });
    const b = buildTimeline({ capture, fps: 60, viewAspect: 16 / 9 });
    expect(b.durationInFrames).toBe(2 * a.durationInFrames);
    for (let f = 0; f < a.durationInFrames; f++) {
      expect(b.camera.zoom[2 * f]).toBe(a.camera.zoom[f]);
      expect(b.camera.x[2 * f]).toBe(a.camera.x[f]);
      expect(b.camera.y[2 * f]).toBe(a.camera.y[f]);
      expect(b.cursor.x[2 * f]).toBe(a.cursor.x[f]);
      expect(b.cursor.y[2 * f]).toBe(a.cursor.y[f]);
    }
  });

  it('is deterministic: building twice gives the same timeline', () => {
    expect(buildTimeline({ capture, fps: 30, viewAspect: 16 / 9 })).toEqual(buildTimeline({ capture, fps: 30, viewAspect: 16 / 9 }));
  });

  it('with autoZoom off the camera stays at zoom 1', () => {
    const tl = buildTimeline({ capture, fps: 30, viewAspect: 16 / 9, style: { autoZoom: false } });
    expect(new Set(tl.camera.zoom)).toEqual(new Set([1]));
  });
});

describe('focus boxes', () => {
  const durationMs = 6000;
  const zoomed = viewSize(screen, 16 / 9, 2); // 960x540: boxes up to 480x270
  const targetsFor = (activity: { tMs: number; x: number; y: number }[], click: { tMs: number; x: number; y: number }) => {
    const windows = computeZoomWindows([click], { durationMs });
    return computeCameraTargets({ screen, viewAspect: 16 / 9, durationMs, fps: 30, windows, activity, edgeSnap: 0.25 });
  };
  const expectFocus = (t: ReturnType<typeof targetsFor>, ms: number, focus: { x: number; y: number }) => {
    const want = snapFocus(focus, screen, zoomed, 0.25);
    expect(t.x[ms]).toBeCloseTo(want.x, 6);
    expect(t.y[ms]).toBeCloseTo(want.y, 6);
  };

  it('small movements inside the box keep the focus on the box centre', () => {
    const click = { tMs: 1000, x: 900, y: 500 };
    const t = targetsFor([click, { tMs: 1500, x: 1100, y: 500 }, { tMs: 2000, x: 1000, y: 560 }], click);
    expectFocus(t, 1200, { x: 900, y: 500 });
    expectFocus(t, 1700, { x: 1000, y: 500 });
    expectFocus(t, 2500, { x: 1000, y: 530 });
  });

  it('a jump beyond half the zoomed view starts a new box there', () => {
    const click = { tMs: 1000, x: 700, y: 500 };
    const t = targetsFor([click, { tMs: 2000, x: 700 + zoomed.width / 2 + 10, y: 500 }], click);
    expectFocus(t, 1500, { x: 700, y: 500 });
    expectFocus(t, 2500, { x: 700 + zoomed.width / 2 + 10, y: 500 });
  });

  it('during the lead-in the focus is already the click, not the path to it', () => {
    const click = { tMs: 1000, x: 1200, y: 700 };
    const t = targetsFor([{ tMs: 0, x: 100, y: 100 }, { tMs: 600, x: 300, y: 300 }, click], click);
    expect(t.zoom[699]).toBe(1);
    expect(t.zoom[700]).toBe(2); // the window opens 300 ms before the click
    expectFocus(t, 750, { x: 1200, y: 700 });
  });
});
