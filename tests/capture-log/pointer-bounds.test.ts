/** A log that puts the pointer off the screen: drawn at the edge, with a warning naming it. */
import { describe, expect, it } from 'vitest';
import { clampToScreen, pointerOffScreenWarning, readCaptureLog } from '../../src/capture-log';
import { buildTimeline } from '../../src/timeline/build-timeline';
import { cursorAt } from '../../src/timeline/cursor';
import { makeCapture } from '../helpers/capture';

const SCREEN = { width: 1280, height: 720 };

describe('clampToScreen', () => {
  it.each([
    { p: { x: 1700, y: 300 }, want: { x: 1279, y: 300 } },
    { p: { x: -20, y: 900 }, want: { x: 0, y: 719 } },
    { p: { x: 640, y: 360 }, want: { x: 640, y: 360 } },
    { p: { x: 1279, y: 719 }, want: { x: 1279, y: 719 } },
  ])('$p → $want', ({ p, want }) => expect(clampToScreen(p, SCREEN)).toEqual(want));
});

describe('a capture log with a click off the screen', () => {
  const capture = makeCapture(
    [
      { type: 'cursor', tMs: 0, x: 600, y: 300 },
      { type: 'cursor', tMs: 500, x: 1700, y: 300 },
      { type: 'click', tMs: 600, x: 1700, y: 300, button: 'left' },
      { type: 'scroll', tMs: 900, x: 600, y: -40, dx: 0, dy: 2 },
    ],
    { screen: SCREEN, durationMs: 3000 },
  );

  it('is warned about, naming the count, the first event and the screen', () => {
    expect(pointerOffScreenWarning(capture, 'capture.json')).toBe(
      "warning: capture.json: 3 pointer positions lie outside the 1280x720 screen (the first: events[1], a cursor at (1700, 300)); the cursor is drawn at the screen's edge there",
    );
    expect(pointerOffScreenWarning(makeCapture([{ type: 'cursor', tMs: 0, x: 1, y: 1 }], { screen: SCREEN }), 'c')).toBeNull();
  });

  it('still reads (the contract allows it), and the drawn cursor never leaves the picture', () => {
    expect(readCaptureLog(capture).ok).toBe(true);
    const timeline = buildTimeline({ capture, fps: 30, viewAspect: 16 / 9, style: { hideIdleCursor: false } });
    for (let f = 0; f < timeline.durationInFrames; f++) {
      const c = cursorAt(timeline.cursor, f);
      expect(c.x).toBeGreaterThanOrEqual(0);
      expect(c.x).toBeLessThanOrEqual(1279);
      expect(c.y).toBeGreaterThanOrEqual(0);
      expect(c.y).toBeLessThanOrEqual(719);
    }
    // At the click the cursor is on the click, at the edge.
    expect(cursorAt(timeline.cursor, 18)).toMatchObject({ x: 1279, y: 300 });
  });
});

describe('recordingSize', () => {
  it.each([
    { screen: { width: 1281, height: 721 }, rec: { width: 1282, height: 722 }, ok: true },
    { screen: { width: 1281, height: 720 }, rec: { width: 1282, height: 720 }, ok: true },
    { screen: { width: 1280, height: 720 }, rec: { width: 1280, height: 720 }, ok: true },
    { screen: { width: 1281, height: 721 }, rec: { width: 1284, height: 722 }, ok: false },
    { screen: { width: 1281, height: 721 }, rec: { width: 1280, height: 720 }, ok: false },
  ])('$rec.width x $rec.height for a $screen.width x $screen.height screen: valid $ok', ({ screen, rec, ok }) => {
    const r = readCaptureLog(makeCapture([], { screen, recordingSize: rec }));
    expect(r.ok).toBe(ok);
    if (!r.ok)
      expect(r.problems[0]).toMatchObject({
        path: 'recordingSize',
        message: `must be the screen's size (${screen.width}x${screen.height}) or it padded by 1 px to even sides, but got ${rec.width}x${rec.height}`,
      });
  });
});
