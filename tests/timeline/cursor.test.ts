import { describe, expect, it } from 'vitest';
import { buildTimeline } from '../../src/timeline/build-timeline';
import { buildCursorTrack, removeJitter, type TimedPoint } from '../../src/timeline/cursor';
import { CURSOR } from '../../src/timeline/presets';
import { cursorPath, makeCapture } from '../helpers/capture';

const p = (tMs: number, x: number, y = 0): TimedPoint => ({ tMs, x, y });

describe('removeJitter', () => {
  // maxHop 28.8 px = 1.5 % of 1920.
  it.each([
    { name: 'a straight move is kept', samples: [p(0, 0), p(16, 10), p(33, 20), p(50, 30)], want: [0, 10, 20, 30] },
    { name: 'a small hop and back within 100 ms is dropped', samples: [p(0, 100), p(16, 110), p(33, 100), p(50, 100)], want: [100, 100, 100] },
    { name: 'a two-sample excursion is dropped', samples: [p(0, 100), p(16, 112), p(33, 118), p(50, 100)], want: [100, 100] },
    { name: 'a big hop is a real move', samples: [p(0, 100), p(16, 160), p(33, 100)], want: [100, 160, 100] },
    { name: 'a slow return (over 100 ms) is a real move', samples: [p(0, 100), p(60, 110), p(160, 100)], want: [100, 110, 100] },
    { name: 'a small move that does not come back is kept', samples: [p(0, 100), p(16, 110), p(33, 120)], want: [100, 110, 120] },
  ])('$name', ({ samples, want }) => {
    expect(removeJitter(samples, 0.015 * 1920).map((s) => s.x)).toEqual(want);
  });
});

describe('cursor track', () => {
  const clicks = [
    { tMs: 1000, x: 1500, y: 300 },
    { tMs: 2500, x: 400, y: 900 },
  ];
  const samples = [
    ...cursorPath({ x: 960, y: 540 }, { x: 1500, y: 300 }, 0, 1000),
    ...cursorPath({ x: 1500, y: 300 }, { x: 400, y: 900 }, 1800, 2500),
    ...cursorPath({ x: 400, y: 900 }, { x: 400, y: 900 }, 2500, 3000),
  ];

  it.each([30, 60, 24])('lands exactly on every click (%i fps, clicks on frame times)', (fps) => {
    const clicksOnFrames = clicks.map((c) => ({ ...c, tMs: (Math.round((c.tMs * fps) / 1000) * 1000) / fps }));
    const track = buildCursorTrack({ samples, clicks: clicksOnFrames, durationMs: 8000, fps, screenWidth: 1920 });
    for (const c of clicksOnFrames) {
      const f = Math.round((c.tMs * fps) / 1000);
      expect(track.x[f]).toBe(c.x);
      expect(track.y[f]).toBe(c.y);
    }
  });

  it('is smooth: no frame-to-frame jump larger than the raw path makes', () => {
    const track = buildCursorTrack({ samples, clicks, durationMs: 8000, fps: 60, screenWidth: 1920 });
    let maxJump = 0;
    for (let f = 1; f < track.x.length; f++) {
      maxJump = Math.max(maxJump, Math.hypot(track.x[f]! - track.x[f - 1]!, track.y[f]! - track.y[f - 1]!));
    }
    // The raw path's fastest move: 1253 px in 700 ms → 30 px per 60 fps frame.
    expect(maxJump).toBeLessThan(45);
  });

  it('removes jitter from the drawn path', () => {
    const jittery: TimedPoint[] = [];
    for (let t = 0; t < 2000; t += 16) jittery.push({ tMs: t, x: 800 + (Math.floor(t / 16) % 2 ? 6 : 0), y: 400 });
    const track = buildCursorTrack({ samples: jittery, clicks: [], durationMs: 2000, fps: 30, screenWidth: 1920 });
    const xs = track.x.slice(5);
    expect(Math.max(...xs) - Math.min(...xs)).toBeLessThan(1);
  });

  it('shrinks to the press scale at a click and is back to 1 afterwards', () => {
    const track = buildCursorTrack({ samples, clicks: [{ tMs: 1000, x: 1500, y: 300 }], durationMs: 3000, fps: 30, screenWidth: 1920 });
    expect(track.scale[30]).toBeCloseTo(CURSOR.pressScale, 3);
    expect(track.scale[36]).toBe(1); // 200 ms later
    expect(track.scale[24]).toBe(1); // 200 ms before
  });

  it('fades out after 2 s idle, is gone 400 ms later, and comes back when it moves', () => {
    const capture = makeCapture(
      [...cursorPath({ x: 100, y: 100 }, { x: 500, y: 500 }, 0, 1000), ...cursorPath({ x: 500, y: 500 }, { x: 900, y: 500 }, 6000, 6500)],
      { durationMs: 8000 },
    );
    const tl = buildTimeline({ capture, fps: 30, viewAspect: 16 / 9 });
    const o = (ms: number) => tl.cursor.opacity[Math.round((ms * 30) / 1000)]!;
    expect(o(500)).toBe(1);
    expect(o(2900)).toBe(1); // idle for 1.9 s
    expect(o(3200)).toBeGreaterThan(0);
    expect(o(3200)).toBeLessThan(1);
    expect(o(3500)).toBe(0);
    expect(o(5900)).toBe(0);
    expect(o(6300)).toBe(1); // moving again
    const never = buildTimeline({ capture, fps: 30, viewAspect: 16 / 9, style: { hideIdleCursor: false } });
    expect(Math.min(...never.cursor.opacity)).toBe(1);
  });

  it('draws no cursor over a recording that shows the system pointer, but still follows it', () => {
    const capture = { ...makeCapture(cursorPath({ x: 100, y: 100 }, { x: 500, y: 500 }, 0, 1000), { durationMs: 2000 }), pointer: 'recorded' as const };
    const tl = buildTimeline({ capture, fps: 30, viewAspect: 16 / 9 });
    expect(Math.max(...tl.cursor.opacity)).toBe(0);
    expect(tl.cursor.x.at(-1)).toBeCloseTo(500, 0);
  });
});
