/**
 * Long takes stay linear (issue 21, item 5): the timeline's rewritten loops give what the
 * quadratic ones gave. subtract (auto-edit.ts) against the former range-by-range subtraction, and
 * the camera's zoom level per step against levelAt, on tables and on seeded random inputs.
 */
import { describe, expect, it } from 'vitest';
import { subtract } from '../../src/timeline/auto-edit';
import { computeCameraTargets } from '../../src/timeline/camera';
import type { TimeRange } from '../../src/timeline/time-map';
import { levelAt, type ZoomTrigger, type ZoomWindow } from '../../src/timeline/zoom-windows';

/** The former subtract: each busy span splits every range it touches (O(ranges × busy)). */
const subtractBefore = (ranges: TimeRange[], busy: readonly TimeRange[]): TimeRange[] => {
  let out = ranges;
  for (const b of busy) {
    out = out.flatMap((r) => {
      if (b.toMs <= r.fromMs || b.fromMs >= r.toMs) return [r];
      const parts: TimeRange[] = [];
      if (b.fromMs > r.fromMs) parts.push({ fromMs: r.fromMs, toMs: b.fromMs });
      if (b.toMs < r.toMs) parts.push({ fromMs: b.toMs, toMs: r.toMs });
      return parts;
    });
  }
  // Ranges of no length were kept as they were; every caller drops them (they are shorter than any minimum).
  return out.filter((r) => r.toMs > r.fromMs);
};

/** A seeded generator (mulberry32): the same cases every run. */
const random = (seed: number) => () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};

const r = (fromMs: number, toMs: number): TimeRange => ({ fromMs, toMs });

describe('subtract', () => {
  it.each<{ name: string; ranges: TimeRange[]; busy: TimeRange[]; want: TimeRange[] }>([
    { name: 'nothing busy', ranges: [r(0, 10)], busy: [], want: [r(0, 10)] },
    { name: 'a busy point inside splits the range there', ranges: [r(0, 10)], busy: [r(4, 4)], want: [r(0, 4), r(4, 10)] },
    { name: 'a busy point at either end leaves it whole', ranges: [r(0, 10)], busy: [r(0, 0), r(10, 10)], want: [r(0, 10)] },
    { name: 'a span over the start', ranges: [r(5, 10)], busy: [r(0, 7)], want: [r(7, 10)] },
    { name: 'touching spans act as one', ranges: [r(0, 10)], busy: [r(2, 4), r(4, 6)], want: [r(0, 2), r(6, 10)] },
    { name: 'a span covering the range removes it', ranges: [r(3, 5)], busy: [r(0, 10)], want: [] },
    {
      name: 'ranges keep their order, unsorted busy',
      ranges: [r(20, 30), r(0, 10)],
      busy: [r(25, 26), r(5, 5)],
      want: [r(20, 25), r(26, 30), r(0, 5), r(5, 10)],
    },
    { name: 'a range of no length gives nothing', ranges: [r(5, 5)], busy: [], want: [] },
  ])('$name', ({ ranges, busy, want }) => {
    expect(subtract(ranges, busy)).toEqual(want);
    expect(subtractBefore(ranges, busy)).toEqual(want);
  });

  it('gives what the former subtraction gave, on 300 random cases', () => {
    const next = random(21);
    const int = (n: number) => Math.floor(next() * n);
    for (let c = 0; c < 300; c++) {
      const span = () => {
        const from = int(200);
        return r(from, from + (next() < 0.4 ? 0 : int(40)));
      };
      const ranges = Array.from({ length: int(6) }, span);
      const busy = Array.from({ length: int(30) }, span);
      expect(subtract(ranges, busy), JSON.stringify({ ranges, busy })).toEqual(subtractBefore(ranges, busy));
    }
  });
});

describe('the camera on long windows', () => {
  it('zooms each step to levelAt(window, t), also with triggers out of order or without a level', () => {
    const next = random(5);
    const screen = { width: 1920, height: 1080 };
    for (let c = 0; c < 40; c++) {
      const windows: ZoomWindow[] = [];
      let t = Math.floor(next() * 300);
      for (let w = 0; w < 3; w++) {
        const startMs = t;
        const endMs = startMs + 200 + Math.floor(next() * 800);
        const triggers: ZoomTrigger[] = Array.from({ length: 1 + Math.floor(next() * 12) }, () => ({
          tMs: startMs + Math.floor(next() * (endMs - startMs + 100)) - 50,
          x: next() * 1920,
          y: next() * 1080,
          ...(next() < 0.6 ? { level: 1 + Math.round(next() * 40) / 10 } : {}),
        }));
        // Mostly in time order (as computeZoomWindows makes them), sometimes not.
        if (next() < 0.7) triggers.sort((a, b) => a.tMs - b.tMs);
        windows.push({ startMs, endMs, level: 2, triggers });
        t = endMs + 1 + Math.floor(next() * 300);
      }
      const durationMs = t + 200;
      const targets = computeCameraTargets({ screen, viewAspect: 16 / 9, durationMs, fps: 30, windows, activity: [] });
      const expected = Array.from(targets.zoom, (_, ms) => {
        const w = windows.find((x) => x.startMs <= ms && ms <= x.endMs);
        return w ? levelAt(w, ms) : 1;
      });
      expect(Array.from(targets.zoom)).toEqual(expected);
    }
  });
});
