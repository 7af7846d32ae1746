import { describe, expect, it } from 'vitest';
import { blendAt, buildTimeMap, cutBlends, isCut, isIdentity, outToRec, recToOut, type CutBlend, type Segment } from '../../src/timeline/time-map';

const seg = (recFromMs: number, recToMs: number, outFromMs: number, outToMs: number, factor: number): Segment => ({
  recFromMs,
  recToMs,
  outFromMs,
  outToMs,
  factor,
});

describe('time map: segments', () => {
  it.each<{
    name: string;
    speedups?: Array<{ fromMs: number; toMs: number; factor: number }>;
    cuts?: Array<{ fromMs: number; toMs: number }>;
    want: Segment[];
    out: number;
  }>([
    { name: 'nothing: the identity', want: [seg(0, 10_000, 0, 10_000, 1)], out: 10_000 },
    {
      name: 'a 4x speed-up in the middle',
      speedups: [{ fromMs: 2000, toMs: 6000, factor: 4 }],
      want: [seg(0, 2000, 0, 2000, 1), seg(2000, 6000, 2000, 3000, 4), seg(6000, 10_000, 3000, 7000, 1)],
      out: 7000,
    },
    { name: 'a cut in the middle', cuts: [{ fromMs: 3000, toMs: 5000 }], want: [seg(0, 3000, 0, 3000, 1), seg(5000, 10_000, 3000, 8000, 1)], out: 8000 },
    {
      name: 'a speed-up at the very start',
      speedups: [{ fromMs: 0, toMs: 4000, factor: 2 }],
      want: [seg(0, 4000, 0, 2000, 2), seg(4000, 10_000, 2000, 8000, 1)],
      out: 8000,
    },
    { name: 'a cut at the very end', cuts: [{ fromMs: 8000, toMs: 10_000 }], want: [seg(0, 8000, 0, 8000, 1)], out: 8000 },
    { name: 'a cut at the very start', cuts: [{ fromMs: 0, toMs: 1000 }], want: [seg(1000, 10_000, 0, 9000, 1)], out: 9000 },
    {
      name: 'a speed-up inside a cut is gone with it',
      speedups: [{ fromMs: 4000, toMs: 5000, factor: 8 }],
      cuts: [{ fromMs: 3000, toMs: 6000 }],
      want: [seg(0, 3000, 0, 3000, 1), seg(6000, 10_000, 3000, 7000, 1)],
      out: 7000,
    },
    {
      name: 'a cut inside a speed-up splits it',
      speedups: [{ fromMs: 2000, toMs: 8000, factor: 2 }],
      cuts: [{ fromMs: 4000, toMs: 6000 }],
      want: [seg(0, 2000, 0, 2000, 1), seg(2000, 4000, 2000, 3000, 2), seg(6000, 8000, 3000, 4000, 2), seg(8000, 10_000, 4000, 6000, 1)],
      out: 6000,
    },
    {
      name: 'adjacent speed-ups with the same factor become one',
      speedups: [
        { fromMs: 1000, toMs: 3000, factor: 2 },
        { fromMs: 3000, toMs: 5000, factor: 2 },
      ],
      want: [seg(0, 1000, 0, 1000, 1), seg(1000, 5000, 1000, 3000, 2), seg(5000, 10_000, 3000, 8000, 1)],
      out: 8000,
    },
    {
      name: 'adjacent speed-ups with different factors stay two',
      speedups: [
        { fromMs: 0, toMs: 2000, factor: 2 },
        { fromMs: 2000, toMs: 4000, factor: 4 },
      ],
      want: [seg(0, 2000, 0, 1000, 2), seg(2000, 4000, 1000, 1500, 4), seg(4000, 10_000, 1500, 7500, 1)],
      out: 7500,
    },
    {
      name: 'overlapping speed-ups: the faster wins where they overlap',
      speedups: [
        { fromMs: 0, toMs: 4000, factor: 2 },
        { fromMs: 2000, toMs: 6000, factor: 4 },
      ],
      want: [seg(0, 2000, 0, 1000, 2), seg(2000, 6000, 1000, 2000, 4), seg(6000, 10_000, 2000, 6000, 1)],
      out: 6000,
    },
    {
      name: 'adjacent cuts',
      cuts: [
        { fromMs: 2000, toMs: 3000 },
        { fromMs: 3000, toMs: 4000 },
      ],
      want: [seg(0, 2000, 0, 2000, 1), seg(4000, 10_000, 2000, 8000, 1)],
      out: 8000,
    },
    {
      name: 'ranges past the recording are clamped, empty ones ignored',
      speedups: [
        { fromMs: 9000, toMs: 20_000, factor: 2 },
        { fromMs: 5000, toMs: 5000, factor: 3 },
      ],
      cuts: [{ fromMs: -500, toMs: 500 }],
      want: [seg(500, 9000, 0, 8500, 1), seg(9000, 10_000, 8500, 9000, 2)],
      out: 9000,
    },
    { name: 'everything cut', cuts: [{ fromMs: 0, toMs: 10_000 }], want: [], out: 0 },
  ])('$name', ({ speedups, cuts, want, out }) => {
    const map = buildTimeMap({ durationMs: 10_000, speedups, cuts });
    expect(map.segments).toEqual(want);
    expect(map.outDurationMs).toBe(out);
  });

  it('the identity is recognised as such', () => {
    expect(isIdentity(buildTimeMap({ durationMs: 5000 }))).toBe(true);
    expect(isIdentity(buildTimeMap({ durationMs: 5000, speedups: [{ fromMs: 0, toMs: 100, factor: 2 }] }))).toBe(false);
  });
});

describe('time map: lookups', () => {
  // 0–2 s normal, 2–6 s at 4x (1 s of video), 6–7 s cut, 7–10 s normal.
  const map = buildTimeMap({ durationMs: 10_000, speedups: [{ fromMs: 2000, toMs: 6000, factor: 4 }], cuts: [{ fromMs: 6000, toMs: 7000 }] });

  it.each([
    { out: 0, rec: 0 },
    { out: 1500, rec: 1500 },
    { out: 2000, rec: 2000 },
    { out: 2500, rec: 4000 },
    { out: 2999, rec: 5996 },
    { out: 3000, rec: 7000 },
    { out: 6000, rec: 10_000 },
  ])('video $out ms shows recording $rec ms', ({ out, rec }) => {
    expect(outToRec(map, out)).toBeCloseTo(rec, 6);
  });

  it.each([
    { rec: 0, out: 0, cut: false },
    { rec: 4000, out: 2500, cut: false },
    { rec: 6500, out: 3000, cut: true },
    { rec: 7000, out: 3000, cut: false },
    { rec: 9000, out: 5000, cut: false },
    { rec: 10_000, out: 6000, cut: false },
  ])('recording $rec ms shows at video $out ms (cut: $cut)', ({ rec, out, cut }) => {
    expect(recToOut(map, rec)).toBeCloseTo(out, 6);
    expect(isCut(map, rec)).toBe(cut);
  });

  it('round trip: every shown moment maps back to itself', () => {
    for (let out = 0; out <= map.outDurationMs; out += 37) expect(recToOut(map, outToRec(map, out))).toBeCloseTo(out, 6);
  });
});

describe('time map: dissolves across cuts', () => {
  const FRAME = 1000 / 30;
  it.each<{
    name: string;
    speedups?: Array<{ fromMs: number; toMs: number; factor: number }>;
    cuts?: Array<{ fromMs: number; toMs: number }>;
    fadeMs: number;
    want: CutBlend[];
  }>([
    { name: 'no cut: no dissolve', speedups: [{ fromMs: 2000, toMs: 4000, factor: 4 }], fadeMs: 300, want: [] },
    { name: 'hard cuts when the fade is 0', cuts: [{ fromMs: 3000, toMs: 5000 }], fadeMs: 0, want: [] },
    {
      name: 'a cut in the middle: centred on the cut, each side held at its edge',
      cuts: [{ fromMs: 3000, toMs: 5000 }],
      fadeMs: 300,
      want: [{ fromMs: 2850, cutMs: 3000, toMs: 3150, beforeRecMs: 3000 - FRAME, afterRecMs: 5000 }],
    },
    {
      name: 'after a speed-up the held frame is the last one it showed',
      speedups: [{ fromMs: 1000, toMs: 3000, factor: 4 }],
      cuts: [{ fromMs: 3000, toMs: 4000 }],
      fadeMs: 300,
      want: [{ fromMs: 1350, cutMs: 1500, toMs: 1650, beforeRecMs: 3000 - 4 * FRAME, afterRecMs: 4000 }],
    },
    {
      name: 'shortened to half of a short piece next to it',
      cuts: [
        { fromMs: 2000, toMs: 3000 },
        { fromMs: 3200, toMs: 5000 },
      ],
      fadeMs: 1000,
      want: [
        { fromMs: 1900, cutMs: 2000, toMs: 2100, beforeRecMs: 2000 - FRAME, afterRecMs: 3000 },
        { fromMs: 2100, cutMs: 2200, toMs: 2300, beforeRecMs: 3200 - FRAME, afterRecMs: 5000 },
      ],
    },
    {
      name: 'dropped when a piece leaves less than a frame each side',
      cuts: [
        { fromMs: 2000, toMs: 3000 },
        { fromMs: 3040, toMs: 5000 },
      ],
      fadeMs: 300,
      want: [],
    },
    {
      name: 'cuts at the very start and end need none',
      cuts: [
        { fromMs: 0, toMs: 1000 },
        { fromMs: 9000, toMs: 10_000 },
      ],
      fadeMs: 300,
      want: [],
    },
    {
      name: 'adjacent cuts are one cut with one dissolve',
      cuts: [
        { fromMs: 2000, toMs: 3000 },
        { fromMs: 3000, toMs: 4000 },
      ],
      fadeMs: 400,
      want: [{ fromMs: 1800, cutMs: 2000, toMs: 2200, beforeRecMs: 2000 - FRAME, afterRecMs: 4000 }],
    },
  ])('$name', ({ speedups, cuts, fadeMs, want }) => {
    const blends = cutBlends(buildTimeMap({ durationMs: 10_000, speedups, cuts }), fadeMs, 30);
    expect(blends).toHaveLength(want.length);
    blends.forEach((b, i) => {
      for (const [k, v] of Object.entries(want[i] as CutBlend)) expect(b[k as keyof CutBlend], k).toBeCloseTo(v, 6);
    });
  });

  const blends = cutBlends(buildTimeMap({ durationMs: 10_000, cuts: [{ fromMs: 3000, toMs: 5000 }] }), 300, 30);
  it.each([
    { out: 2800, want: null },
    { out: 2850, want: { recMs: 5000, opacity: 0, side: 'after' } },
    { out: 2925, want: { recMs: 5000, opacity: 0.25, side: 'after' } },
    { out: 2999, want: { recMs: 5000, opacity: 149 / 300, side: 'after' } },
    { out: 3000, want: { recMs: 3000 - FRAME, opacity: 0.5, side: 'before' } },
    { out: 3075, want: { recMs: 3000 - FRAME, opacity: 0.25, side: 'before' } },
    { out: 3150, want: null },
  ])('at $out ms the dissolve lays $want over the video', ({ out, want }) => {
    const got = blendAt(blends, out);
    if (want === null) return expect(got).toBeNull();
    expect(got).not.toBeNull();
    expect(got!.recMs).toBeCloseTo(want.recMs, 6);
    expect(got!.opacity).toBeCloseTo(want.opacity, 6);
    expect(got!.side).toBe(want.side);
  });

  it('the incoming share rises steadily through the dissolve (no jump at the cut)', () => {
    // Share of the incoming side = opacity of the held incoming frame before the cut, 1 - opacity of the held outgoing frame after it.
    const shares = Array.from({ length: 9 }, (_, i) => 2850 + i * (300 / 9)).map((t) => {
      const b = blendAt(blends, t)!;
      return b.side === 'after' ? b.opacity : 1 - b.opacity;
    });
    for (let i = 1; i < shares.length; i++) expect(shares[i]! - shares[i - 1]!).toBeCloseTo(1 / 9, 6);
  });
});
