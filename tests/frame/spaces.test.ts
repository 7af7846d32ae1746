import { describe, expect, it } from 'vitest';
import {
  area,
  at,
  onStage,
  projection,
  screenAreaToOutput,
  screenToOutput,
  screenToOutputOnStage,
  screenToStage,
  stageToOutput,
  type Projection,
} from '../../src/frame/spaces';

const screen = { width: 1920, height: 1080 };
const stage = { x: 100, y: 50, width: 1920, height: 1080 };

describe('the camera projection (screen px → stage px → output px)', () => {
  it.each([
    { name: 'zoom 1: the whole screen, 1:1', camera: { zoom: 1, x: 960, y: 540 }, p: { x: 0, y: 0 }, stagePx: { x: 0, y: 0 }, out: { x: 100, y: 50 }, k: 1 },
    { name: 'zoom 2 at the centre', camera: { zoom: 2, x: 960, y: 540 }, p: { x: 500, y: 300 }, stagePx: { x: 40, y: 60 }, out: { x: 140, y: 110 }, k: 2 },
    {
      name: 'zoom 2 pushed into a corner stays inside the screen',
      camera: { zoom: 2, x: 0, y: 0 },
      p: { x: 100, y: 100 },
      stagePx: { x: 200, y: 200 },
      out: { x: 300, y: 250 },
      k: 2,
    },
    {
      name: 'zoom 4 near the bottom right',
      camera: { zoom: 4, x: 1900, y: 1070 },
      p: { x: 1900, y: 1000 },
      stagePx: { x: 1840, y: 760 },
      out: { x: 1940, y: 810 },
      k: 4,
    },
  ])('$name', ({ camera, p, stagePx, out, k }) => {
    const pr = projection(camera, screen, 16 / 9, stage);
    expect(pr.k).toBeCloseTo(k, 9);
    expect(pr.k0).toBe(1);
    const s = screenToStage(at('screen', p), pr);
    expect({ x: s.x, y: s.y }).toEqual(stagePx);
    const o = stageToOutput(s, pr);
    expect({ x: o.x, y: o.y }).toEqual(out);
    expect(screenToOutput(at('screen', p), pr)).toEqual(o);
  });

  it('maps a screen rectangle through the view, scaling both sides alike', () => {
    const pr = projection({ zoom: 2, x: 960, y: 540 }, screen, 16 / 9, stage);
    expect(screenAreaToOutput(area('screen', { x: 500, y: 300, width: 100, height: 50 }), pr)).toEqual({ x: 140, y: 110, width: 200, height: 100 });
  });

  it('a point the stage does not show is null on stage, edges included', () => {
    const pr = projection({ zoom: 2, x: 960, y: 540 }, screen, 16 / 9, stage);
    expect(screenToOutputOnStage(at('screen', { x: 100, y: 100 }), pr)).toBeNull();
    expect(screenToOutputOnStage(at('screen', { x: 480, y: 270 }), pr)).toEqual({ x: 100, y: 50 });
    expect(onStage(at('output', { x: 100 + 1920, y: 50 + 1080 }), pr)).toBe(true);
    expect(onStage(at('output', { x: 99.9, y: 60 }), pr)).toBe(false);
  });

  it('a stage narrower than the screen (9:16 split) shows a view of its aspect, k0 the scale at zoom 1', () => {
    const split = { x: 48, y: 160, width: 984, height: 740 };
    const pr = projection({ zoom: 1, x: 960, y: 540 }, screen, split.width / split.height, split);
    expect(pr.view.height).toBeCloseTo(1080, 9);
    expect(pr.view.width).toBeCloseTo((1080 * 984) / 740, 9);
    expect(pr.k0).toBeCloseTo(pr.k, 12);
    expect(pr.k).toBeCloseTo(740 / 1080, 9);
  });
});

// Spaces are types: `tsc --noEmit` (npm test) fails if any of these lines compiles.
export const brandsForbidMixing = (pr: Projection) => [
  // @ts-expect-error an output point is not a screen point
  screenToStage(at('output', { x: 0, y: 0 }), pr),
  // @ts-expect-error a screen point is not a stage point
  stageToOutput(at('screen', { x: 0, y: 0 }), pr),
  // @ts-expect-error a plain point has no space
  screenToOutput({ x: 0, y: 0 }, pr),
];
