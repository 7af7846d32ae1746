import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../../src/capture-log';
import { buildTimeline } from '../../src/timeline/build-timeline';
import { viewRect } from '../../src/timeline/view';
import { withMarkedZooms, type ZoomWindow } from '../../src/timeline/zoom-windows';
import { cursorPath, makeCapture } from '../helpers/capture';

const win = (startMs: number, endMs: number, ...triggerTimes: number[]): ZoomWindow => ({
  startMs,
  endMs,
  level: 2,
  triggers: triggerTimes.map((tMs) => ({ tMs, x: 1, y: 1 })),
});

describe('marked zooms over automatic ones', () => {
  it.each([
    { name: 'no automatic window: the marked one alone', windows: [], want: [[2000, 4000, 3]] },
    { name: 'an automatic window inside it is replaced', windows: [win(2500, 3500, 2800)], want: [[2000, 4000, 3]] },
    {
      name: 'one overlapping its start is cut back',
      windows: [win(500, 3000, 800, 2500)],
      want: [
        [500, 2000, 2],
        [2000, 4000, 3],
      ],
    },
    {
      name: 'one overlapping its end keeps what comes after',
      windows: [win(3000, 7000, 3200, 5000)],
      want: [
        [2000, 4000, 3],
        [4000, 7000, 2],
      ],
    },
    {
      name: 'one around it is split in two',
      windows: [win(0, 9000, 500, 6000)],
      want: [
        [0, 2000, 2],
        [2000, 4000, 3],
        [4000, 9000, 2],
      ],
    },
    { name: 'a cut-back piece with no trigger left goes', windows: [win(1000, 3000, 2500)], want: [[2000, 4000, 3]] },
  ])('$name', ({ windows, want }) => {
    const out = withMarkedZooms(windows, [{ startMs: 2000, endMs: 4000, level: 3, at: { x: 100, y: 200 } }]);
    expect(out.map((w) => [w.startMs, w.endMs, w.level])).toEqual(want);
    expect(out.find((w) => w.level === 3)?.fixedFocus).toEqual({ x: 100, y: 200 });
  });
});

describe('marks in the timeline', () => {
  const events: CaptureEvent[] = [
    ...cursorPath({ x: 200, y: 200 }, { x: 1700, y: 900 }, 0, 6000),
    { type: 'click', tMs: 1000, x: 500, y: 400, button: 'left' },
    { type: 'mark', kind: 'zoom', tMs: 3000, endMs: 6000, level: 3, x: 1500, y: 300 },
    { type: 'mark', kind: 'hide_cursor', tMs: 7000, endMs: 8000 },
    ...cursorPath({ x: 1700, y: 900 }, { x: 300, y: 300 }, 6500, 9000),
  ];
  const tl = buildTimeline({ capture: makeCapture(events, { durationMs: 10_000 }), fps: 30, viewAspect: 16 / 9 });
  const f = (ms: number) => Math.round((ms * 30) / 1000);

  it('a zoom mark holds its point at its level, whatever the pointer does', () => {
    const at = f(5000);
    expect(tl.camera.zoom[at]).toBeCloseTo(3, 2);
    const view = viewRect({ zoom: tl.camera.zoom[at]!, x: tl.camera.x[at]!, y: tl.camera.y[at]! }, { width: 1920, height: 1080 }, 16 / 9);
    expect(1500).toBeGreaterThan(view.x);
    expect(1500).toBeLessThan(view.x + view.width);
    expect(300).toBeGreaterThan(view.y);
    expect(300).toBeLessThan(view.y + view.height);
  });

  it('hide_cursor hides the drawn cursor over its range only', () => {
    expect(tl.cursor.opacity[f(7500)]).toBe(0);
    expect(tl.cursor.opacity[f(8700)]).toBeGreaterThan(0.5);
    expect(tl.cursor.opacity[f(6800)]).toBeGreaterThan(0.5);
  });
});
