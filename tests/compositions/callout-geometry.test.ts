/**
 * Callouts point at a target's edge (issue 17): with a box, the bubble goes beside it on the
 * first side with room (above, below, right, left) and the arrow's tip is on the box's edge;
 * without one, the bubble sits up and to the right of the spot as before. Both render paths
 * draw calloutGeometry's result: the ASS burn-in is checked against it here.
 */
import { describe, expect, it } from 'vitest';
import { calloutBox, calloutGeometry, overlayMetrics, textWidth } from '../../src/frame/overlay-layout';
import type { FrameModel } from '../../src/frame/model';
import { overlayAss } from '../../src/render/captions-ass';
import type { Timeline } from '../../src/timeline/build-timeline';
import { buildOverlays } from '../../src/timeline/overlays';
import { buildTimeMap } from '../../src/timeline/time-map';
import type { Rect } from '../../src/timeline/view';
import { makeCapture } from '../helpers/capture';

const stage = { x: 0, y: 0, width: 1920, height: 1080 };
const m = overlayMetrics({ width: 1920, height: 1080 }); // font 34, padX 15, padY 9, margin 24: gap 48, bubble 52 high
const TEXT = 'Deploy';
const W = textWidth(TEXT, m.fontSize) + 2 * m.padX;
const H = m.fontSize + 2 * m.padY;
/** The tip sits this far outside the edge: the dot's radius (0.3 em) and its stroke, so the dot only touches the target. */
const OFF = 34 * 0.3 * 1.25;
const centre = (r: Rect) => ({ x: r.x + r.width / 2, y: r.y + r.height / 2 });
const overlaps = (a: Rect, b: Rect) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe('calloutGeometry', () => {
  it('bubble metrics are what the table below assumes', () => {
    expect([m.fontSize, m.padY, m.margin, H]).toEqual([34, 9, 24, 52]);
  });

  it.each([
    {
      name: 'a button in the middle: above it, tip just above its top edge',
      box: { x: 800, y: 500, width: 120, height: 40 },
      side: 'above',
      tip: { x: 860, y: 500 - OFF },
      bubbleY: 500 - 48 - 52,
    },
    {
      name: 'a button at the top: below it, tip just below its bottom edge',
      box: { x: 800, y: 10, width: 120, height: 40 },
      side: 'below',
      tip: { x: 860, y: 50 + OFF },
      bubbleY: 50 + 48,
    },
    {
      name: 'a full-height sidebar at the left: to its right',
      box: { x: 10, y: 0, width: 300, height: 1080 },
      side: 'right',
      tip: { x: 310 + OFF, y: 540 },
      bubbleY: 540 - 26,
    },
    {
      name: 'a full-height panel at the right: to its left',
      box: { x: 1600, y: 0, width: 320, height: 1080 },
      side: 'left',
      tip: { x: 1600 - OFF, y: 540 },
      bubbleY: 540 - 26,
    },
    {
      name: 'a box half out of view: the tip on the part in view',
      box: { x: -100, y: 400, width: 160, height: 40 },
      side: 'above',
      tip: { x: 30, y: 400 - OFF },
      bubbleY: 400 - 100,
    },
  ])('$name', ({ box, side, tip, bubbleY }) => {
    const spot = centre(box);
    const g = calloutGeometry(spot, box, TEXT, m, stage);
    expect(g.side).toBe(side);
    expect(g.tip.x).toBeCloseTo(tip.x, 6);
    expect(g.tip.y).toBeCloseTo(tip.y, 6);
    expect(g.box.y).toBeCloseTo(bubbleY, 6);
    expect(overlaps(g.box, box)).toBe(false);
    // The bubble stays in the stage.
    expect(g.box.x).toBeGreaterThanOrEqual(stage.x);
    expect(g.box.x + g.box.width).toBeLessThanOrEqual(stage.x + stage.width);
  });

  it('above a button at the right edge: the bubble is pushed into the stage, the arrow still ends on the button', () => {
    const box = { x: 1904, y: 500, width: 16, height: 30 };
    const g = calloutGeometry(centre(box), box, TEXT, m, stage);
    expect(g.side).toBe('above');
    expect(g.box.x + g.box.width).toBeCloseTo(1920, 6);
    expect(g.tip).toEqual({ x: 1912, y: 500 - OFF });
    // The arrow's foot: on the bubble's bottom edge, as close to the tip as its rounded corner allows.
    expect(g.from).toEqual({ x: 1920 - m.padY, y: g.box.y + H });
  });

  it('a box that leaves no room on any side: the bubble goes by the spot, as without a box', () => {
    const box = { x: 0, y: 0, width: 1920, height: 1080 };
    const spot = { x: 400, y: 300 };
    const g = calloutGeometry(spot, box, TEXT, m, stage);
    expect(g.side).toBe('spot');
    expect(g.box).toEqual(calloutBox(spot, TEXT, m, stage));
    expect(g.tip).toEqual(spot);
  });

  it("no box: up and to the right of the spot, the arrow from the bubble's nearest corner (as before)", () => {
    const spot = { x: 400, y: 300 };
    const g = calloutGeometry(spot, null, TEXT, m, stage);
    expect(g.box).toEqual({ x: 448, y: 300 - 48 - 52, width: W, height: H });
    expect(g.from).toEqual({ x: 448, y: 300 - 48 });
    expect(g.tip).toEqual(spot);
  });

  it('no bubble ever covers its target, over a grid of boxes and sizes', () => {
    for (let x = 0; x < 1920; x += 160) {
      for (let y = 0; y < 1080; y += 90) {
        for (const [w, h] of [
          [40, 20],
          [300, 60],
          [800, 500],
          [1500, 1000],
        ] as const) {
          const box = { x, y, width: Math.min(w, 1920 - x), height: Math.min(h, 1080 - y) };
          const g = calloutGeometry(centre(box), box, TEXT, m, stage);
          if (g.side !== 'spot') expect(overlaps(g.box, box), JSON.stringify({ box, g })).toBe(false);
        }
      }
    }
  });
});

describe('callout marks with a box', () => {
  const log = makeCapture([
    { type: 'mark', kind: 'callout', tMs: 0, endMs: 1000, x: 860, y: 520, width: 120, height: 40, text: TEXT },
    { type: 'mark', kind: 'callout', tMs: 0, endMs: 1000, x: 200, y: 200, text: 'Plain' },
  ]);
  const overlays = buildOverlays(log, buildTimeMap({ durationMs: 10_000, speedups: [] }));

  it('carry the box centred on their point; those without a size carry none', () => {
    expect(overlays.callouts.map((c) => c.box)).toEqual([{ x: 800, y: 500, width: 120, height: 40 }, undefined]);
  });

  it('the ASS burn-in draws the tip and the bubble where calloutGeometry puts them', () => {
    // The camera at zoom 1 over the whole 1920x1080 screen, shown on the whole frame.
    const timeline = {
      fps: 30,
      screen: { width: 1920, height: 1080 },
      camera: { zoom: [1], x: [960], y: [540], focusX: [960], focusY: [540] },
    } as unknown as Timeline;
    const { events } = overlayAss({
      model: {
        overlays: { ...overlays, callouts: overlays.callouts.slice(0, 1) },
        timeline,
        layout: { stage, viewAspect: 16 / 9 },
        // The frame's size: overlays stay inside its safe area (the whole of a 16:9 frame).
        size: { width: 1920, height: 1080 },
        overlay: overlayMetrics({ width: 1920, height: 1080 }),
      } as unknown as FrameModel,
      frameRange: [0, 0],
      offsetMs: 0,
    });
    const g = calloutGeometry({ x: 860, y: 520 }, { x: 800, y: 500, width: 120, height: 40 }, TEXT, m, stage);
    const pos = (style: string) =>
      /\\pos\(([\d.]+),([\d.]+)\)/
        .exec(events.find((e) => e.includes(`,${style},`)) ?? '')
        ?.slice(1)
        .map((v) => Math.round(Number(v)));
    expect(pos('Mark')).toEqual([Math.round(g.tip.x), Math.round(g.tip.y)]);
    expect(pos('Callout')).toEqual([Math.round(g.box.x + g.box.width / 2), Math.round(g.box.y + g.box.height / 2)]);
    expect(g.tip).toEqual({ x: 860, y: 500 - OFF }); // just above the button's top edge, not its middle
  });
});
