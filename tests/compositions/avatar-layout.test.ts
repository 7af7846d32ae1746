import { describe, expect, it } from 'vitest';
import { bubblePlacement, cornerAt, focusOnStage, fixedPlacement, keepClearOnStage, BUBBLE_CLEARANCE } from '../../src/frame/avatar-placement';
import { EYES_RECT, HEAD_RECT, MOUTH_RECT, partRect } from '../../src/frame/avatar-geometry';
import { landscapeLayout, panelAvatarSpot, squareLayout, tiktokSplitLayout, TIKTOK_SAFE } from '../../src/frame/layout';
import { DEFAULT_STYLE } from '../../src/compositions/shared/style-schema';
import { buildTimeline } from '../../src/timeline/build-timeline';
import { cursorPath, makeCapture } from '../helpers/capture';

const inside = (r: { x: number; y: number; width: number; height: number }, outer: { x: number; y: number; width: number; height: number }) =>
  r.x >= outer.x - 1e-6 && r.y >= outer.y - 1e-6 && r.x + r.width <= outer.x + outer.width + 1e-6 && r.y + r.height <= outer.y + outer.height + 1e-6;

describe('avatar in the panel', () => {
  it.each([
    {
      name: 'TikTokSplit 1080x1920',
      layout: tiktokSplitLayout({ width: 1080, height: 1920 }, { ...DEFAULT_STYLE, padding: 0.045 }),
      frame: { width: 1080, height: 1920 },
    },
    { name: 'TikTokSplit at 0.5', layout: tiktokSplitLayout({ width: 540, height: 960 }, DEFAULT_STYLE), frame: { width: 540, height: 960 } },
    {
      name: 'Square 1080x1080',
      layout: squareLayout({ width: 1080, height: 1080 }, { width: 1920, height: 1080 }, DEFAULT_STYLE),
      frame: { width: 1080, height: 1080 },
    },
  ])('$name: inside the panel, below the seam, clear of the screen', ({ layout, frame }) => {
    const spot = panelAvatarSpot(layout.panel);
    const rect = { x: spot.x, y: spot.y, width: spot.size, height: spot.size };
    expect(inside(rect, layout.panel)).toBe(true);
    expect(rect.y).toBeGreaterThan(layout.seamY);
    expect(rect.y).toBeGreaterThan(layout.window.y + layout.window.height);
    expect(spot.size).toBeGreaterThan(frame.width * 0.25);
  });

  it("TikTokSplit: the avatar and the title stay out of TikTok's own UI (top band, bottom band, right column)", () => {
    const frame = { width: 1080, height: 1920 };
    const layout = tiktokSplitLayout(frame, DEFAULT_STYLE);
    const safe = {
      x: 0,
      y: frame.height * TIKTOK_SAFE.top,
      width: frame.width * (1 - TIKTOK_SAFE.right),
      height: frame.height * (1 - TIKTOK_SAFE.top - TIKTOK_SAFE.bottom),
    };
    const spot = panelAvatarSpot(layout.panel);
    expect(inside({ x: spot.x, y: spot.y, width: spot.size, height: spot.size }, safe)).toBe(true);
    expect(inside(layout.panel, safe)).toBe(true);
  });

  it('Square: the screen keeps its aspect on top', () => {
    const layout = squareLayout({ width: 1080, height: 1080 }, { width: 1920, height: 1080 }, DEFAULT_STYLE);
    expect(layout.stage.width / layout.stage.height).toBeCloseTo(16 / 9, 2);
    expect(layout.panel.height).toBeGreaterThan(250);
    expect(layout.panel.y + layout.panel.height).toBeLessThanOrEqual(1080);
  });

  it('the parts (head, eyes, mouth) are inside the avatar, and scale with it', () => {
    for (const part of [HEAD_RECT, EYES_RECT, MOUTH_RECT]) {
      const r = partRect(part, { x: 10, y: 20 }, 300);
      expect(inside(r, { x: 10, y: 20, width: 300, height: 300 })).toBe(true);
      expect(r.width).toBeCloseTo((part.width * 300) / 100, 6);
    }
    expect(fixedPlacement({ x: 5, y: 6 }, 100, 3)).toEqual({ size: 100, x: [5, 5, 5], y: [6, 6, 6] });
  });
});

describe('the Landscape bubble keeps clear of the action', () => {
  const frame = { width: 1920, height: 1080 };
  const layout = landscapeLayout(frame, { width: 1920, height: 1080 }, DEFAULT_STYLE);
  const size = 260;
  const margin = 27;
  // The pointer idles mid-screen, then clicks in the bottom-right corner at 4 s, then goes
  // back to the middle and stays.
  const capture = makeCapture(
    [
      ...cursorPath({ x: 900, y: 500 }, { x: 1000, y: 520 }, 0, 1000),
      ...cursorPath({ x: 1000, y: 520 }, { x: 1820, y: 1000 }, 3000, 3900),
      { type: 'click', tMs: 4000, x: 1820, y: 1000, button: 'left' },
      ...cursorPath({ x: 1820, y: 1000 }, { x: 900, y: 450 }, 7500, 8000),
      { type: 'click', tMs: 8100, x: 900, y: 450, button: 'left' },
    ],
    { durationMs: 16_000 },
  );
  const timeline = buildTimeline({ capture, fps: 30, viewAspect: layout.viewAspect });
  const placed = bubblePlacement({ timeline, stage: layout.stage, size, margin });
  const at = (ms: number) => Math.round((ms * 30) / 1000);
  const home = cornerAt('bottom-right', layout.stage, size, margin);

  it('starts at home (bottom right)', () => {
    expect(placed.x[0]).toBeCloseTo(home.x, 0);
    expect(placed.y[0]).toBeCloseTo(home.y, 0);
  });

  it('never covers the action once it has moved: at every frame the focus is clear of where the bubble is', () => {
    let worst = Infinity;
    for (let f = 0; f < timeline.durationInFrames; f++) {
      const p = focusOnStage(timeline, layout.stage, f);
      const c = { x: placed.x[f]! + size / 2, y: placed.y[f]! + size / 2 };
      worst = Math.min(worst, Math.hypot(p.x - c.x, p.y - c.y) - size / 2);
    }
    // The bubble springs away (about half a second): allow it to be mid-flight, never on top.
    expect(worst).toBeGreaterThan(0);
  });

  it('goes to the nearest clear corner (top right: the short way) while the action is in its corner', () => {
    const f = at(5000);
    const topRight = cornerAt('top-right', layout.stage, size, margin);
    expect([placed.x[f], placed.y[f]]).toEqual([topRight.x, topRight.y].map((v) => Math.round(v * 10) / 10));
    const p = focusOnStage(timeline, layout.stage, f);
    expect(Math.hypot(p.x - (placed.x[f]! + size / 2), p.y - (placed.y[f]! + size / 2))).toBeGreaterThan(size * (0.5 + BUBBLE_CLEARANCE));
  });

  it('and comes home once the corner has been clear for a while', () => {
    expect(placed.x[at(15_000)]).toBeCloseTo(home.x, 0);
    expect(placed.y[at(15_000)]).toBeCloseTo(home.y, 0);
  });

  it('keeps its bottom corners above the captions', () => {
    const lifted = bubblePlacement({ timeline, stage: layout.stage, size, margin, bottomLimit: 800 });
    expect(lifted.y[0]).toBeCloseTo(800 - margin - size, 0);
  });
});

describe('the Landscape bubble keeps clear of terminal text', () => {
  const frame = { width: 1920, height: 1080 };
  const layout = landscapeLayout(frame, { width: 1920, height: 1080 }, DEFAULT_STYLE);
  // A terminal filling the screen; output arrives on its lower rows, lines running to its right edge.
  const grid = { type: 'terminal' as const, tMs: 100, x: 100, y: 60, cols: 85, rows: 44, cellWidth: 20, cellHeight: 22 };
  const rows = Array.from({ length: 12 }, (_, i) => ({
    type: 'terminal_cursor' as const,
    tMs: 2000 + i * 300,
    row: 30 + i,
    col: 0,
    lineStart: 0,
    lineEnd: 84,
  }));
  const capture = makeCapture([grid, ...rows], { durationMs: 10_000 });
  const timeline = buildTimeline({ capture, fps: 30, viewAspect: layout.viewAspect });
  const size = 260;
  const placed = bubblePlacement({ timeline, stage: layout.stage, size, margin: 27 });

  it('the text the camera frames is as wide as the lines, and the bubble is never over it', () => {
    const f = Math.round((4000 * 30) / 1000);
    const rect = keepClearOnStage(timeline, layout.stage, f);
    expect(rect.width).toBeGreaterThan(layout.stage.width * 0.8);
    for (let g = 0; g < timeline.durationInFrames; g++) {
      const r = keepClearOnStage(timeline, layout.stage, g);
      const c = { x: placed.x[g]! + size / 2, y: placed.y[g]! + size / 2 };
      const d = Math.hypot(Math.max(r.x - c.x, 0, c.x - (r.x + r.width)), Math.max(r.y - c.y, 0, c.y - (r.y + r.height)));
      expect(d, `frame ${g}`).toBeGreaterThan(size / 2 - 40);
    }
    // It left home while the lines were being written at the bottom.
    expect(placed.y[f]).toBeLessThan(cornerAt('bottom-right', layout.stage, size, 27).y - 100);
  });
});
