/**
 * The sharp terminal layer's frames (frame/terminal-layer.ts): on which frames it shows, the
 * recording time each shows, and the transform that puts the session's grid exactly where the
 * camera shows the recorded one.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_STYLE } from '../../src/compositions/shared/style-schema';
import { landscapeLayout } from '../../src/frame/layout';
import { projectionAt } from '../../src/frame/model';
import { recordingMsAt, terminalLayerAt, terminalLayerFrames, transformKey, type TerminalLayerOptions } from '../../src/frame/terminal-layer';
import { buildTimeline, type Timeline } from '../../src/timeline/build-timeline';
import { buildTimeMap } from '../../src/timeline/time-map';
import { makeCapture } from '../helpers/capture';
import { testModel } from '../helpers/frame-model';

const frameSize = { width: 1920, height: 1080 };
const capture = makeCapture([], { durationMs: 2000 });
const layout = landscapeLayout(frameSize, capture.screen, DEFAULT_STYLE);
const base = buildTimeline({ capture, fps: 30, viewAspect: layout.viewAspect, stage: layout.stage });
/** A timeline whose camera holds `zoom` centred on (cx, cy) on every frame. */
const withCamera = (zoom: number, cx = 960, cy = 540, extra: Partial<Timeline> = {}): Timeline => {
  const n = base.camera.zoom.length;
  return {
    ...base,
    ...extra,
    camera: { zoom: Array(n).fill(zoom), x: Array(n).fill(cx), y: Array(n).fill(cy), focusX: Array(n).fill(cx), focusY: Array(n).fill(cy) },
  };
};
const grid = { x: 100, y: 80, width: 100 * 9, height: 30 * 18 };
const on: TerminalLayerOptions = { enabled: true, grid };

describe('terminalLayerAt: when the layer shows', () => {
  const k0 = layout.stage.width / 1920;
  it.each([
    // [case, zoom, options, shows]
    ['zoom 1 (k0 < 1): the recorded pixels', 1, on, false],
    ['zoom 2', 2, on, true],
    ['zoom 2.5', 2.5, on, true],
    ['zoom 2, sharpText off', 2, { ...on, enabled: false }, false],
    ['zoom 2, no terminal session', 2, { ...on, grid: null }, false],
    ['zoom 2 at output scale 0.5: magnification under 1', 2, { ...on, outputScale: 0.5 }, false],
    ['zoom 2.5 at output scale 0.5: magnified', 2.5, { ...on, outputScale: 0.5 }, 2.5 * k0 * 0.5 > 1.02],
    ['just at the threshold: not shown', 1.02 / k0, on, false],
    ['just above it', 1.03 / k0, on, true],
  ] as const)('%s', (_name, zoom, opts, shows) => {
    const model = testModel({ timeline: withCamera(zoom), layout, frameSize });
    expect(terminalLayerAt(model, 10, opts) !== null).toBe(shows);
  });

  it('not on frames of a dissolve across a cut, nor under a privacy blur over the grid; a blur elsewhere does not matter', () => {
    const blends = [{ fromMs: 300, cutMs: 400, toMs: 500, beforeRecMs: 300, afterRecMs: 900 }];
    const model = testModel({ timeline: withCamera(2), layout, frameSize, blends });
    const rows = [
      [6, false], // 200 ms: before
      [9, true], // 300 ms: the dissolve starts
      [14, true], // 466 ms
      [15, false], // 500 ms: over
    ] as const;
    for (const [f, inside] of rows) expect(terminalLayerAt(model, f, on) === null).toBe(inside);
    const blurred = testModel({
      timeline: withCamera(2, 960, 540, {
        blurs: [
          { x: 150, y: 100, width: 50, height: 20, startMs: 0, endMs: 1000 },
          { x: 1500, y: 900, width: 50, height: 20, startMs: 1000, endMs: 2000 },
        ],
      }),
      layout,
      frameSize,
    });
    expect(terminalLayerAt(blurred, 15, on)).toBeNull();
    expect(terminalLayerAt(blurred, 45, on)).not.toBeNull();
  });
});

describe('terminalLayerAt: the transform', () => {
  it.each([
    [2, 960, 540],
    [2.5, 600, 400],
    [3, 300, 200],
  ])('zoom %f at (%f, %f): a screen point lands where the camera shows it; the box is the grid on the stage, whole pixels', (zoom, cx, cy) => {
    const model = testModel({ timeline: withCamera(zoom, cx, cy), layout, frameSize });
    const l = terminalLayerAt(model, 0, on)!;
    const pr = projectionAt(model, 0);
    for (const [sx, sy] of [
      [grid.x, grid.y],
      [grid.x + 7 * 9, grid.y + 3 * 18],
      [700, 500],
    ] as const) {
      expect(sx * l.scale + l.dx).toBeCloseTo((sx - pr.view.x) * pr.k, 9);
      expect(sy * l.scale + l.dy).toBeCloseTo((sy - pr.view.y) * pr.k, 9);
    }
    expect([l.width, l.height]).toEqual([layout.stage.width, layout.stage.height]);
    const left = grid.x * l.scale + l.dx;
    const top = grid.y * l.scale + l.dy;
    expect(l.box.x).toBe(Math.max(0, Math.floor(left)));
    expect(l.box.y).toBe(Math.max(0, Math.floor(top)));
    expect(l.box.x + l.box.width).toBe(Math.min(l.width, Math.ceil(left + grid.width * l.scale)));
    expect(l.box.y + l.box.height).toBe(Math.min(l.height, Math.ceil(top + grid.height * l.scale)));
  });

  it('a grid the view does not show: no layer', () => {
    const model = testModel({ timeline: withCamera(3, 1700, 950), layout, frameSize });
    expect(terminalLayerAt(model, 0, on)).toBeNull();
  });

  it('frames holding one camera share a transform key; another zoom has another', () => {
    const model = testModel({ timeline: withCamera(2), layout, frameSize });
    const frames = terminalLayerFrames(model, [0, 5], on);
    expect(new Set(frames.map((l) => transformKey(l!))).size).toBe(1);
    const other = terminalLayerAt(testModel({ timeline: withCamera(2.5), layout, frameSize }), 0, on)!;
    expect(transformKey(other)).not.toBe(transformKey(frames[0]!));
  });
});

describe('recordingMsAt: the recording time a frame shows', () => {
  const map = buildTimeMap({
    durationMs: 10_000,
    speedups: [{ fromMs: 1000, toMs: 3000, factor: 4 }],
    cuts: [{ fromMs: 5000, toMs: 6000 }],
    holds: [{ atMs: 8000, durationMs: 1000 }],
  });
  it.each([
    // [frame, recording ms]
    [0, 0],
    [15, 500],
    [30, 1000],
    [33, 1400], // 1100 ms of video: 100 ms into the 4x piece
    [45, 3000], // the 4x piece ends at 1500 ms of video
    [105, 4999.999], // 3500 ms: just before the cut (5000 ms of recording) — shown as 6000 ms onwards
  ])('frame %i shows %f ms', (frame, rec) => {
    const got = recordingMsAt(frame, 30, map);
    if (frame === 105) expect([5000, 6000]).toContain(Math.round(got));
    else expect(got).toBeCloseTo(rec, 6);
  });
  it('without a time map: as recorded; in a hold: the held frame', () => {
    expect(recordingMsAt(40, 30)).toBeCloseTo(1333.333, 2);
    const outHold = map.segments.find((s) => s.factor === 0)!;
    const f = Math.ceil((outHold.outFromMs * 30) / 1000) + 3;
    expect(recordingMsAt(f, 30, map)).toBeLessThanOrEqual(8000);
    expect(recordingMsAt(f, 30, map)).toBeGreaterThan(7900);
  });
});
