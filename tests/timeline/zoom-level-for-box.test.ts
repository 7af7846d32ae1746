/**
 * zoomLevelForBox: the zoom that frames a target's box. The expected values are worked out by
 * hand from the rule (fill 0.75, margin 0.04 of the zoom-1 view's height each side, at most 2
 * output px per screen px, at least 1):
 *   fit = 0.75 × min(base.w / (w + 2m), base.h / (h + 2m)),  max = 2 × base.w / stage.w.
 */
import { describe, expect, it } from 'vitest';
import { landscapeLayout, squareLayout, tiktokSplitLayout } from '../../src/frame/layout';
import { DEFAULT_STYLE } from '../../src/compositions/shared/style-schema';
import { clipToScreen, zoomLevelForBox } from '../../src/timeline/zoom-level-for-box';

const FHD = { width: 1920, height: 1080 };
const at = (x: number, y: number, width: number, height: number) => ({ x, y, width, height });

describe('zoomLevelForBox', () => {
  // Screen 1920x1080 shown on a 1920x1080 stage: base 1920x1080, m = 43.2, max = 2.
  it.each([
    // 80x32: fit = 0.75 × min(1920/166.4, 1080/118.4) = 6.84 → capped at 2 output px per screen px.
    { name: 'tiny button: as close as the pixels allow', box: at(900, 500, 80, 32), want: 2 },
    // 600x400: fit = 0.75 × min(1920/686.4, 1080/486.4) = 0.75 × 2.2204 = 1.6653.
    { name: 'medium card: the box plus margin fills 75 % of the height', box: at(600, 300, 600, 400), want: 1.6653 },
    // 1100x300: fit = 0.75 × min(1920/1186.4, 1080/386.4) = 0.75 × 1.6183 = 1.2138.
    { name: 'wide card: a gentle zoom', box: at(260, 600, 1100, 300), want: 1.2138 },
    // 1920x300: fit = 0.75 × 1920/2006.4 = 0.72 → never below 1.
    { name: 'full-width panel: no zoom', box: at(0, 200, 1920, 300), want: 1 },
    // Cut to the screen first: the whole screen → 1.
    { name: 'a box larger than the screen', box: at(-100, -100, 3000, 2000), want: 1 },
    // Cut to 1840..1920 x 1048..1080: 80x32, as the tiny button.
    { name: 'a button at the corner, partly off the screen', box: at(1840, 1048, 200, 100), want: 2 },
  ])('$name', ({ box, want }) => {
    expect(zoomLevelForBox(box, FHD, FHD)).toBeCloseTo(want, 3);
  });

  it('a box at the edge gets the level it gets in the middle (the camera, not the level, deals with the edge)', () => {
    expect(zoomLevelForBox(at(0, 0, 600, 400), FHD, FHD)).toBe(zoomLevelForBox(at(600, 300, 600, 400), FHD, FHD));
  });

  it('a smaller box never gets a gentler zoom', () => {
    let last = Infinity;
    for (const w of [20, 80, 200, 400, 800, 1200, 1600, 1920]) {
      const z = zoomLevelForBox(at(0, 0, w, w * 0.5), FHD, FHD);
      expect(z).toBeLessThanOrEqual(last);
      last = z;
    }
  });

  it('odd screen sizes: 1281x721 on its landscape stage (1618x910: whole pixels, even sides)', () => {
    const screen = { width: 1281, height: 721 };
    const stage = landscapeLayout({ width: 1920, height: 1080 }, screen, DEFAULT_STYLE).stage;
    expect(stage).toMatchObject({ width: 1618, height: 910 });
    // base 1281 wide: max = 2 × 1281 / 1618 = 1.5834; the button's fit is far above it.
    expect(zoomLevelForBox(at(600, 300, 80, 32), screen, stage)).toBeCloseTo(1.5834, 3);
    // The stage has (almost) the screen's aspect: base is 1281 x 1281 × 910/1618 = 720.5 (m = 28.84);
    // 400x300: fit = 0.75 × min(1281/457.68, 720.5/357.68) = 0.75 × 2.0144 = 1.5109.
    expect(zoomLevelForBox(at(100, 100, 400, 300), screen, stage)).toBeCloseTo(1.5109, 3);
  });

  it('HiDPI: a 3840x2160 recording on a 1920x1080 stage may zoom to 4, and frames like 1080p at twice the size', () => {
    const screen = { width: 3840, height: 2160 };
    // 160x64 (the tiny button at 2x): fit 6.84, max = 2 × 3840 / 1920 = 4.
    expect(zoomLevelForBox(at(1800, 1000, 160, 64), screen, FHD)).toBeCloseTo(4, 3);
    // The medium card at 2x: the same 1.6653 as at 1080p (the margin scales with the screen).
    expect(zoomLevelForBox(at(1200, 600, 1200, 800), screen, FHD)).toBeCloseTo(1.6653, 3);
  });

  it('TikTok vs Landscape: the near-square view frames a wide card more gently, a button closer', () => {
    const tiktok = tiktokSplitLayout({ width: 1080, height: 1920 }, DEFAULT_STYLE).stage; // 950 x 776
    const landscape = landscapeLayout({ width: 1920, height: 1080 }, FHD, DEFAULT_STYLE).stage; // 1618 x 910
    // TikTok: base = 1080 × (950/776) = 1322.2 x 1080, m = 43.2.
    // Button: max = 2 × 1322.2 / 950 = 2.7835. Landscape: max = 2 × 1920 / 1618 = 2.3733.
    expect(zoomLevelForBox(at(900, 500, 80, 32), FHD, tiktok)).toBeCloseTo(2.7835, 3);
    expect(zoomLevelForBox(at(900, 500, 80, 32), FHD, landscape)).toBeCloseTo(2.3733, 3);
    // Wide card 1100x300: TikTok fit = 0.75 × 1322.2/1186.4 = 0.836 → 1; Landscape 1.2138.
    expect(zoomLevelForBox(at(260, 600, 1100, 300), FHD, tiktok)).toBe(1);
    expect(zoomLevelForBox(at(260, 600, 1100, 300), FHD, landscape)).toBeCloseTo(1.2138, 3);
    // Medium card 600x400: TikTok 0.75 × min(1322.2/686.4, 1080/486.4) = 0.75 × 1.9263 = 1.4447.
    expect(zoomLevelForBox(at(600, 300, 600, 400), FHD, tiktok)).toBeCloseTo(1.4447, 3);
  });

  it('a screen shown larger than 2:1 is never zoomed', () => {
    // A 480x270 screen on a 1920x1080 stage: max = 2 × 480 / 1920 = 0.5 → 1.
    expect(zoomLevelForBox(at(100, 100, 20, 10), { width: 480, height: 270 }, FHD)).toBe(1);
  });

  it('the options replace the presets', () => {
    // fill 1, margin 0: 600x400 → min(3.2, 2.7) = 2.7; max 4 output px per screen px.
    expect(zoomLevelForBox(at(600, 300, 600, 400), FHD, FHD, { fill: 1, marginRatio: 0, maxOutputPxPerScreenPx: 4 })).toBeCloseTo(2.7, 6);
  });

  it('clipToScreen keeps at least a pixel', () => {
    expect(clipToScreen(at(-50, -50, 20, 20), FHD)).toEqual(at(0, 0, 1, 1));
    expect(clipToScreen(at(1900, 1000, 100, 100), FHD)).toEqual(at(1900, 1000, 20, 80));
  });
});
