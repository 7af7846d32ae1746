/** The music bed's level curve (pure): fades at the video's ends, a rise under cards, and the ffmpeg expression that plays it. */
import { describe, expect, it } from 'vitest';
import { envelopeExpression, gainAt, musicEnvelope, type CardSpan, type EnvelopePoint } from '../../src/render/music-envelope';

const title = (startMs: number, endMs: number): CardSpan => ({ startMs, endMs, kind: 'title' });
const end = (startMs: number, endMs: number): CardSpan => ({ startMs, endMs, kind: 'end' });

describe('musicEnvelope', () => {
  it.each<{ name: string; opts: Parameters<typeof musicEnvelope>[0]; points: EnvelopePoint[] }>([
    {
      name: 'fades in over 1 s and out over 1.5 s by default',
      opts: { durationMs: 10_000 },
      points: [
        { tMs: 0, gain: 0 },
        { tMs: 1000, gain: 1 },
        { tMs: 8500, gain: 1 },
        { tMs: 10_000, gain: 0 },
      ],
    },
    {
      name: 'fades that do not fit are shortened in proportion (2.5 s of fades in 1 s)',
      opts: { durationMs: 1000 },
      points: [
        { tMs: 0, gain: 0 },
        { tMs: 400, gain: 1 },
        { tMs: 1000, gain: 0 },
      ],
    },
    {
      name: 'no fades: flat at 1',
      opts: { durationMs: 3000, fadeInMs: 0, fadeOutMs: 0 },
      points: [
        { tMs: 0, gain: 1 },
        { tMs: 3000, gain: 1 },
      ],
    },
    {
      name: 'a title card at the start: faded in to the card level, back to 1 at its end',
      opts: { durationMs: 10_000, cards: [title(0, 3000)] },
      points: [
        { tMs: 0, gain: 0 },
        { tMs: 500, gain: 1 }, // the fade's half-way (0.5) × the card's 2
        { tMs: 1000, gain: 2 },
        { tMs: 2500, gain: 2 },
        { tMs: 3000, gain: 1 },
        { tMs: 8500, gain: 1 },
        { tMs: 10_000, gain: 0 },
      ],
    },
    {
      name: "an end card to the video's end: rises at its start, then the fade out takes it to 0",
      opts: { durationMs: 10_000, cards: [end(7000, 10_000)] },
      points: [
        { tMs: 0, gain: 0 },
        { tMs: 1000, gain: 1 },
        { tMs: 7000, gain: 1 },
        { tMs: 7500, gain: 2 },
        { tMs: 8500, gain: 2 },
        { tMs: 9500, gain: 0.666667 }, // 1/3 of the fade left × the card falling back (2 → 1 over its last 0.5 s) at its start
        { tMs: 10_000, gain: 0 },
      ],
    },
    {
      name: 'a short card ramps over half its length each way; the card gain is a parameter',
      opts: { durationMs: 10_000, cards: [title(4000, 4600)], cardGain: 1.5 },
      points: [
        { tMs: 0, gain: 0 },
        { tMs: 1000, gain: 1 },
        { tMs: 4000, gain: 1 },
        { tMs: 4300, gain: 1.5 },
        { tMs: 4600, gain: 1 },
        { tMs: 8500, gain: 1 },
        { tMs: 10_000, gain: 0 },
      ],
    },
    {
      name: 'overlapping cards merge; parts outside the video and empty cards are ignored',
      opts: {
        durationMs: 10_000,
        fadeInMs: 0,
        fadeOutMs: 0,
        cards: [title(2000, 4000), title(3000, 5000), end(9000, 12_000), title(6000, 6000), title(-500, -100)],
      },
      points: [
        { tMs: 0, gain: 1 },
        { tMs: 2000, gain: 1 },
        { tMs: 2500, gain: 2 },
        { tMs: 4500, gain: 2 },
        { tMs: 5000, gain: 1 },
        { tMs: 9000, gain: 1 },
        { tMs: 9500, gain: 2 },
        { tMs: 10_000, gain: 1 },
      ],
    },
    {
      name: 'ducks under a line: down over 250 ms before it, back over 600 ms after it',
      opts: { durationMs: 10_000, fadeInMs: 0, fadeOutMs: 0, voice: [{ startMs: 3000, endMs: 5000 }], duckLevel: 0.25 },
      points: [
        { tMs: 0, gain: 1 },
        { tMs: 2750, gain: 1 },
        { tMs: 3000, gain: 0.25 },
        { tMs: 5000, gain: 0.25 },
        { tMs: 5600, gain: 1 },
        { tMs: 10_000, gain: 1 },
      ],
    },
    {
      name: 'lines closer than the two ramps are one dip; a line at 0 is ducked from the start; ramps are parameters',
      opts: {
        durationMs: 10_000,
        fadeInMs: 0,
        fadeOutMs: 0,
        voice: [
          { startMs: 0, endMs: 1000 },
          { startMs: 4000, endMs: 5000 },
          { startMs: 5500, endMs: 6000 },
        ],
        duckLevel: 0.5,
        duckAttackMs: 100,
        duckReleaseMs: 500,
      },
      points: [
        { tMs: 0, gain: 0.5 },
        { tMs: 1000, gain: 0.5 },
        { tMs: 1500, gain: 1 },
        { tMs: 3900, gain: 1 },
        { tMs: 4000, gain: 0.5 },
        { tMs: 6000, gain: 0.5 },
        { tMs: 6500, gain: 1 },
        { tMs: 10_000, gain: 1 },
      ],
    },
    {
      name: 'a title card, then a line: the card falls back to 1 at its end, the line ducks from there',
      opts: { durationMs: 10_000, cards: [title(0, 2000)], voice: [{ startMs: 2250, endMs: 6000 }], duckLevel: 0.25 },
      points: [
        { tMs: 0, gain: 0 },
        { tMs: 500, gain: 1 },
        { tMs: 1000, gain: 2 },
        { tMs: 1500, gain: 2 },
        { tMs: 2000, gain: 1 },
        { tMs: 2250, gain: 0.25 },
        { tMs: 6000, gain: 0.25 },
        { tMs: 6600, gain: 1 },
        { tMs: 8500, gain: 1 },
        { tMs: 10_000, gain: 0 },
      ],
    },
    {
      name: 'duckLevel 1 (duck: false) leaves the lines alone',
      opts: { durationMs: 4000, fadeInMs: 0, fadeOutMs: 0, voice: [{ startMs: 1000, endMs: 2000 }], duckLevel: 1 },
      points: [
        { tMs: 0, gain: 1 },
        { tMs: 4000, gain: 1 },
      ],
    },
    { name: 'a video of no length has no curve', opts: { durationMs: 0 }, points: [] },
  ])('$name', ({ opts, points }) => {
    expect(musicEnvelope(opts)).toEqual(points);
  });

  it('starts at 0, ends at the video length, strictly increasing, gain never below 0', () => {
    for (const durationMs of [1, 999, 2500, 10_000, 123_456]) {
      for (const cards of [[], [title(0, 2000)], [end(durationMs - 3000, durationMs)], [title(100, 400), end(200, 900)]]) {
        const pts = musicEnvelope({
          durationMs,
          cards,
          voice: [
            { startMs: -300, endMs: 200 },
            { startMs: durationMs / 2, endMs: durationMs + 50 },
          ],
          duckLevel: 0.25,
        });
        expect(pts[0]!.tMs).toBe(0);
        expect(pts.at(-1)!.tMs).toBe(durationMs);
        for (let i = 1; i < pts.length; i++) expect(pts[i]!.tMs).toBeGreaterThan(pts[i - 1]!.tMs);
        expect(pts.every((p) => p.gain >= 0 && p.gain <= 2)).toBe(true);
      }
    }
  });
});

describe('gainAt', () => {
  const curve: EnvelopePoint[] = [
    { tMs: 0, gain: 0 },
    { tMs: 1000, gain: 1 },
    { tMs: 3000, gain: 1 },
    { tMs: 4000, gain: 0 },
  ];
  it.each([
    [-100, 0],
    [0, 0],
    [250, 0.25],
    [1000, 1],
    [2000, 1],
    [3500, 0.5],
    [4000, 0],
    [9000, 0],
  ])('at %d ms: %d', (t, g) => {
    expect(gainAt(curve, t)).toBeCloseTo(g, 9);
  });
  it('an empty curve is 1 (no shaping)', () => expect(gainAt([], 500)).toBe(1));
});

describe('envelopeExpression', () => {
  /** Evaluates the expression's small grammar (if, lt, + - * / and parentheses) at t seconds, as ffmpeg would. */
  const evaluate = (expr: string, t: number): number => {
    const js = expr.replace(/if\(/g, 'iff(').replace(/lt\(/g, 'lt(').replace(/\bt\b/g, String(t));
    expect(js).toMatch(/^[\d.+\-*/(),iflt ]+$/);
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    return new Function('iff', 'lt', `return ${js};`)(
      (c: number, a: number, b: number) => (c ? a : b),
      (a: number, b: number) => (a < b ? 1 : 0),
    ) as number;
  };

  it.each([
    ['the default fades', musicEnvelope({ durationMs: 10_000 })],
    ['a title and an end card', musicEnvelope({ durationMs: 12_345, cards: [title(0, 2500), end(9000, 12_345)] })],
    ['a short video', musicEnvelope({ durationMs: 700, cards: [title(100, 300)] })],
    [
      'ducking under two lines',
      musicEnvelope({
        durationMs: 9000,
        voice: [
          { startMs: 2000, endMs: 4000 },
          { startMs: 6000, endMs: 8800 },
        ],
        duckLevel: 0.25,
      }),
    ],
  ])('plays %s: equal to gainAt at every 50 ms', (_name, pts) => {
    const expr = envelopeExpression(pts);
    const last = pts.at(-1)!.tMs;
    for (let ms = 0; ms <= last + 500; ms += 50) expect(evaluate(expr, ms / 1000)).toBeCloseTo(gainAt(pts, ms), 4);
  });

  it('is "1" for an empty curve', () => expect(envelopeExpression([])).toBe('1'));
});
