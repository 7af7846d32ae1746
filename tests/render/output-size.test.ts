/**
 * The one size rule (src/render/output-size.ts): every composition at every scale gets even
 * integer sides, and Remotion is asked for a factor that gives exact integers (or a larger
 * exact size that is resized afterwards). Pure: no render here (render-clock.test.ts renders).
 */
import { describe, expect, it } from 'vitest';
import { COMPOSITION_SIZE, COMPOSITIONS } from '../../src/render/render';
import { outputSize, remotionScale } from '../../src/render/output-size';

const SCALES = [1, 0.5, 0.3333, 1 / 3, 0.25, 0.125, 0.1, 2 / 3, 0.37, 0.75, 0.0417, 1.5, 2, 0.9999];

describe.each(COMPOSITIONS)('%s', (name) => {
  const frame = COMPOSITION_SIZE[name];
  it.each(SCALES)('scale %s: even integer sides within a pixel of side × scale, and a Remotion factor that gives them', (scale) => {
    const size = outputSize(frame, scale);
    for (const [side, got] of [
      [frame.width, size.width],
      [frame.height, size.height],
    ] as const) {
      expect(Number.isInteger(got)).toBe(true);
      expect(got % 2).toBe(0);
      expect(Math.abs(got - side * scale)).toBeLessThanOrEqual(1);
    }
    const via = remotionScale(frame, size);
    // What Remotion will draw: exact even integers (it refuses anything else).
    for (const v of [frame.width * via.scale, frame.height * via.scale]) {
      expect(Number.isInteger(v)).toBe(true);
      expect(v % 2).toBe(0);
    }
    expect({ width: frame.width * via.scale, height: frame.height * via.scale }).toEqual(via.size);
    if (!via.resize) expect(via.size).toEqual(size);
    else expect(via.size.width >= size.width && via.size.height >= size.height).toBe(true);
  });
});

describe('the sizes the issue names', () => {
  it.each([
    ['Landscape', 0.3333, { width: 640, height: 360 }, false],
    ['Landscape', 0.125, { width: 240, height: 136 }, true],
    ['TikTokSplit', 0.125, { width: 136, height: 240 }, true],
    ['Square', 0.125, { width: 136, height: 136 }, false],
    ['Landscape', 0.25, { width: 480, height: 270 }, false],
    ['Landscape', 0.1, { width: 192, height: 108 }, false],
  ] as const)('%s at %s is %o (resized after Remotion: %s)', (name, scale, want, resize) => {
    const size = outputSize(COMPOSITION_SIZE[name], scale);
    expect(size).toEqual(want);
    expect(remotionScale(COMPOSITION_SIZE[name], size).resize).toBe(resize);
  });
});

describe('scales that give no usable video are refused (exit 1)', () => {
  it.each([
    [0.01, /--scale: expected a scale from 0\.03 to 4 for a 1920x1080 composition \(each side 32 to 7680 px\), but 0\.01 gives 20x10/],
    [0.02, /but 0\.02 gives 38x22/],
    [5, /but 5 gives 9600x5400/],
    [1e9, /--scale: expected a scale from/],
    [0, /--scale: expected a number above 0/],
    [-0.5, /--scale: expected a number above 0/],
    [Number.NaN, /--scale: expected a number above 0/],
    [Number.POSITIVE_INFINITY, /--scale: expected a number above 0/],
  ])('scale %s', (scale, err) => {
    let thrown: unknown;
    try {
      outputSize(COMPOSITION_SIZE.Landscape, scale);
    } catch (e) {
      thrown = e;
    }
    expect((thrown as Error).message).toMatch(err);
    expect((thrown as { exitCode?: number }).exitCode).toBe(1);
  });
});
