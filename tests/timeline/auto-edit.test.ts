import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../../src/capture-log';
import { autoEditRanges } from '../../src/timeline/auto-edit';
import { timeMapFromLog } from '../../src/timeline/time-map';
import { makeCapture } from '../helpers/capture';

const cur = (tMs: number): CaptureEvent => ({ type: 'cursor', tMs, x: 1, y: 1 });

describe('automatic tightening', () => {
  it.each<{
    name: string;
    events: CaptureEvent[];
    stills: Array<{ fromMs: number; toMs: number }>;
    style?: object;
    speedups: Array<[number, number, number]>;
    cuts?: Array<[number, number]>;
  }>([
    {
      name: 'a still screen with no input: sped up, keeping 0.5 s at each end',
      events: [cur(1000), cur(6000)],
      stills: [{ fromMs: 1000, toMs: 6000 }],
      speedups: [[1500, 5500, 6]],
    },
    { name: 'no stills measured: nothing', events: [cur(1000), cur(6000)], stills: [], speedups: [] },
    {
      name: 'input inside a still stretch splits it',
      events: [cur(1000), cur(3000), cur(9000)],
      stills: [{ fromMs: 1000, toMs: 9000 }],
      speedups: [
        [1500, 2500, 6],
        [3500, 8500, 6],
      ],
    },
    {
      name: 'pieces shorter than afterMs stay',
      events: [cur(1000), cur(2000), cur(9000)],
      stills: [{ fromMs: 1000, toMs: 9000 }],
      speedups: [[2500, 8500, 6]],
    },
    {
      name: 'typing is input for all its length',
      events: [{ type: 'type', tMs: 2000, endMs: 7000, text: 'x' }],
      stills: [{ fromMs: 0, toMs: 10_000 }],
      style: { typing: { enabled: false } },
      speedups: [
        [500, 1500, 6],
        [7500, 9500, 6],
      ],
    },
    {
      name: 'never under narration',
      events: [{ type: 'say', id: 'a', tMs: 3000, endMs: 6000 }],
      stills: [{ fromMs: 0, toMs: 10_000 }],
      speedups: [
        [500, 2500, 6],
        [6500, 9500, 6],
      ],
    },
    { name: 'a stretch shorter than afterMs is left alone', events: [cur(1000), cur(2400)], stills: [{ fromMs: 1000, toMs: 2400 }], speedups: [] },
    {
      name: 'afterMs and factor from the style',
      events: [cur(1000), cur(2400)],
      stills: [{ fromMs: 1000, toMs: 2400 }],
      style: { idle: { afterMs: 1000, factor: 3 } },
      speedups: [[1500, 1900, 3]],
    },
    {
      name: 'cut instead of speed-up',
      events: [cur(1000), cur(6000)],
      stills: [{ fromMs: 1000, toMs: 6000 }],
      style: { idle: { cut: true } },
      speedups: [],
      cuts: [[1500, 5500]],
    },
    { name: 'off', events: [cur(1000), cur(6000)], stills: [{ fromMs: 1000, toMs: 6000 }], style: { idle: { enabled: false } }, speedups: [] },
    {
      name: 'a long typing burst: its middle at 2x (the screen changes, so it is not idle)',
      events: [{ type: 'type', tMs: 1000, endMs: 8000, text: 'x' }],
      stills: [],
      speedups: [[1500, 7500, 2]],
    },
    {
      name: 'a long typing burst under narration: only the part after the voice',
      events: [
        { type: 'type', tMs: 1000, endMs: 8000, text: 'x' },
        { type: 'say', id: 'a', tMs: 0, endMs: 4000 },
      ],
      stills: [],
      speedups: [[4000, 7500, 2]],
    },
    { name: 'a short typing burst: as typed', events: [{ type: 'type', tMs: 1000, endMs: 4000, text: 'x' }], stills: [], speedups: [] },
  ])('$name', ({ events, stills, style, speedups, cuts = [] }) => {
    const log = { ...makeCapture(events, { durationMs: 10_000 }), stills };
    const r = autoEditRanges(log, style ?? {});
    expect(r.speedups.map((s) => [s.fromMs, s.toMs, s.factor])).toEqual(speedups);
    expect(r.cuts.map((c) => [c.fromMs, c.toMs])).toEqual(cuts);
  });

  it("the script's marks and the automatic ranges make one map; a marked cut wins", () => {
    const log = {
      ...makeCapture([cur(0), { type: 'mark', kind: 'cut', tMs: 2000, endMs: 3000 }, cur(9000)], { durationMs: 10_000 }),
      stills: [{ fromMs: 0, toMs: 9000 }],
    };
    const map = timeMapFromLog(log);
    // 0–0.5 s kept, 0.5–2 s at 6x, 2–3 s cut, 3–8.5 s at 6x, 8.5–10 s kept.
    expect(map.segments.map((s) => [s.recFromMs, s.recToMs, s.factor])).toEqual([
      [0, 500, 1],
      [500, 2000, 6],
      [3000, 8500, 6],
      [8500, 10_000, 1],
    ]);
    expect(timeMapFromLog(log, null).segments.map((s) => [s.recFromMs, s.recToMs, s.factor])).toEqual([
      [0, 2000, 1],
      [3000, 10_000, 1],
    ]);
  });
});
