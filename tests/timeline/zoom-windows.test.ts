import { describe, expect, it } from 'vitest';
import { computeZoomWindows, type ZoomTrigger } from '../../src/timeline/zoom-windows';

const at = (tMs: number, endMs?: number): ZoomTrigger => ({ tMs, x: 100, y: 100, ...(endMs ? { endMs } : {}) });

describe('computeZoomWindows', () => {
  it.each([
    { name: 'one click: 300 ms before to 2.5 s after', triggers: [at(1000)], want: [[700, 3500]] },
    { name: 'a click at the very start is clamped to 0', triggers: [at(100)], want: [[0, 2600]] },
    { name: 'gap under 2.5 s merges', triggers: [at(1000), at(5000)], want: [[700, 7500]] },
    {
      name: 'gap of exactly 2.5 s does not merge',
      triggers: [at(1000), at(6300)],
      want: [
        [700, 3500],
        [6000, 8800],
      ],
    },
    {
      name: 'gap over 2.5 s stays apart',
      triggers: [at(1000), at(7000)],
      want: [
        [700, 3500],
        [6700, 9500],
      ],
    },
    { name: 'three in a chain merge into one', triggers: [at(1000), at(4000), at(7000)], want: [[700, 9500]] },
    { name: 'no window starts in the last second', triggers: [at(9500)], want: [] },
    { name: 'one starting just before the last second is kept, clamped to the end', triggers: [at(9200)], want: [[8900, 10000]] },
    { name: 'typing holds the window from its start to its end', triggers: [at(1000, 4000)], want: [[700, 6500]] },
    {
      name: 'unsorted triggers are sorted',
      triggers: [at(7000), at(1000)],
      want: [
        [700, 3500],
        [6700, 9500],
      ],
    },
  ])('$name', ({ triggers, want }) => {
    const windows = computeZoomWindows(triggers, { durationMs: 10_000 });
    expect(windows.map((w) => [w.startMs, w.endMs])).toEqual(want);
  });

  it('uses the given level and keeps the triggers in order', () => {
    const [w] = computeZoomWindows([at(2000), at(1000)], { durationMs: 10_000, level: 2.5 });
    expect(w?.level).toBe(2.5);
    expect(w?.triggers.map((t) => t.tMs)).toEqual([1000, 2000]);
  });

  it('a level of 1 means no zoom at all', () => {
    expect(computeZoomWindows([at(1000)], { durationMs: 10_000, level: 1 })).toEqual([]);
  });
});
