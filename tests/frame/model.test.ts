/**
 * The frame model (frame/model.ts): what each frame draws, in output (or stage) px, from a
 * timeline and a layout. Both render paths draw exactly this, so its numbers are the contract.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_STYLE } from '../../src/compositions/shared/style-schema';
import { buildAvatarTrack } from '../../src/timeline/avatar-track';
import { captionBox, captionBoxHeight } from '../../src/frame/caption-box';
import { fixedPlacement } from '../../src/frame/avatar-placement';
import { EYES_RECT, HEAD_RECT } from '../../src/frame/avatar-geometry';
import { landscapeLayout } from '../../src/frame/layout';
import { CURSOR_HEIGHT, RIPPLE_RADIUS, frameAt, overlaysAtFrame } from '../../src/frame/model';
import { buildTimeline } from '../../src/timeline/build-timeline';
import { captionPages } from '../../src/timeline/captions';
import { cursorPath, makeCapture } from '../helpers/capture';
import { testModel } from '../helpers/frame-model';

const frameSize = { width: 1920, height: 1080 };
const capture = makeCapture(
  [
    ...cursorPath({ x: 400, y: 300 }, { x: 1500, y: 800 }, 0, 900),
    { type: 'click', tMs: 1000, x: 1500, y: 800, button: 'left' },
    { type: 'mark', kind: 'callout', tMs: 0, endMs: 3000, x: 1500, y: 800, text: 'Deploy' },
  ],
  { durationMs: 4000 },
);
const layout = landscapeLayout(frameSize, capture.screen, DEFAULT_STYLE);
const timeline = buildTimeline({ capture, fps: 30, viewAspect: layout.viewAspect, stage: layout.stage });
const words = ['Ship', 'it', 'in', 'one', 'command', 'from', 'your', 'terminal', 'today', 'with', 'no', 'config'];
const pages = captionPages([{ startMs: 0, words: words.map((text, i) => ({ text, startMs: i * 200, endMs: i * 200 + 180 })) }], { maxWords: 12 });
const box = captionBox(frameSize, 'bottom', 54);

describe('frameAt', () => {
  const model = testModel({ timeline, layout, frameSize, captionBox: box, narration: { pages } });

  it.each([0, 15, 30, 45, 60, 90])("frame %i: the cursor tip is the cursor seen through the projection, its height the style's times k", (f) => {
    const d = frameAt(model, f);
    const { view, k } = d.projection;
    const c = timeline.cursor;
    expect(d.cursor).not.toBeNull();
    expect(d.cursor!.tip.x).toBeCloseTo(((c.x[f] ?? 0) - view.x) * k, 6);
    expect(d.cursor!.tip.y).toBeCloseTo(((c.y[f] ?? 0) - view.y) * k, 6);
    expect(d.cursor!.height).toBeCloseTo(CURSOR_HEIGHT * DEFAULT_STYLE.cursorSize * k * (c.scale[f] ?? 1), 6);
    expect(d.projection.stage).toEqual(layout.stage);
    expect(k).toBeCloseTo(layout.stage.width / view.width, 9);
  });

  it('a click ripples at its point for its lifetime, radius scaled with the camera, in slot index % 2', () => {
    const f = 31; // 1033 ms: 33 ms after the click
    const d = frameAt(model, f);
    expect(d.ripples).toHaveLength(1);
    const r = d.ripples[0]!;
    expect(r.radius).toBeCloseTo(RIPPLE_RADIUS * d.projection.k, 6);
    expect(r.centre.x).toBeCloseTo((1500 - d.projection.view.x) * d.projection.k, 6);
    expect(r.slot).toBe(0);
    expect(r.progress).toBeGreaterThan(0);
    expect(r.progress).toBeLessThan(1);
  });

  it('captions: the page showing, the word spoken, lines no more than the box holds, the box growing upward from its bottom', () => {
    for (const [f, word] of [
      [0, 0],
      [7, 1],
      [13, 2],
      [66, 11],
    ] as const) {
      const c = frameAt(model, f).caption!;
      expect(c.word).toBe(word);
      expect(c.lines.length).toBeGreaterThanOrEqual(1);
      expect(c.lines.length).toBeLessThanOrEqual(box.maxLines);
      expect(c.box.y + c.box.height).toBeCloseTo(box.bottom, 9);
      expect(c.box.height).toBeCloseTo(captionBoxHeight(box, c.lines.length), 9);
      expect(c.fontSize).toBe(box.fontSize);
    }
    expect(frameAt(model, 100).caption).toBeNull();
    expect(
      frameAt(testModel({ timeline, layout, frameSize, captionBox: box, narration: { pages }, style: { captions: { enabled: false } } }), 0).caption,
    ).toBeNull();
  });

  it('the built-in avatar: every layer where avatar-geometry puts it, the head, eyes and mouth moved by the bob', () => {
    const track = buildAvatarTrack({ lines: [{ startMs: 0, durationMs: 2000 }], durationInFrames: timeline.durationInFrames, fps: 30 });
    const placement = fixedPlacement({ x: 1500, y: 700 }, 200, timeline.durationInFrames);
    const m = testModel({ timeline, layout, frameSize, avatar: { provider: 'builtin', track, placement } });
    for (const f of [0, 10, 20, 40]) {
      const a = frameAt(m, f).avatar!;
      expect(a.parts.frame).toEqual({ x: 1500, y: 700, width: 200, height: 200 });
      expect(a.parts.head.x).toBeCloseTo(1500 + HEAD_RECT.x * 2, 9);
      expect(a.parts.head.y).toBeCloseTo(700 + HEAD_RECT.y * 2 + a.bob, 9);
      expect(a.parts.eyes.y - a.parts.head.y).toBeCloseTo((EYES_RECT.y - HEAD_RECT.y) * 2, 9);
    }
  });

  it('a callout follows its spot through the camera and stays on stage', () => {
    const callouts = (f: number) =>
      overlaysAtFrame(
        testModel({
          timeline,
          layout,
          frameSize,
          overlays: { callouts: [{ startMs: 0, endMs: 3000, x: 1500, y: 800, text: 'Deploy' }], badges: [], keycaps: [] },
        }),
        f,
      ).callouts;
    for (const f of [0, 30, 60]) {
      const [c] = callouts(f);
      expect(c).toBeDefined();
      const d = frameAt(model, f);
      expect(c!.tip.x).toBeCloseTo(layout.stage.x + (1500 - d.projection.view.x) * d.projection.k, 6);
      expect(c!.box.x).toBeGreaterThanOrEqual(layout.stage.x);
      expect(c!.box.x + c!.box.width).toBeLessThanOrEqual(layout.stage.x + layout.stage.width);
    }
    expect(callouts(95)).toEqual([]);
  });

  it('no cursor while it is hidden; no ripples when the style turns them off', () => {
    const hidden = testModel({ timeline: { ...timeline, cursor: { ...timeline.cursor, opacity: timeline.cursor.opacity.map(() => 0) } }, layout, frameSize });
    expect(frameAt(hidden, 10).cursor).toBeNull();
    expect(frameAt(testModel({ timeline, layout, frameSize, style: { clickRipple: false } }), 31).ripples).toEqual([]);
  });
});
