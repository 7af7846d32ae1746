/**
 * The music bed's level over the video (pure): a fade in at the video's start, a fade out at its
 * end, a rise under each title or end card, and a dip under every narration line (ducking), as a
 * piecewise-linear gain curve and as the ffmpeg `volume` expression that plays it.
 *
 * Ducking is planned from the lines' known spans, not detected from the voice (a sidechain
 * compressor): the music goes down before the first word (it cannot be late), to exactly the
 * asked level, stays down through a line's pauses and between lines closer than its ramps, and
 * comes back as fast as asked, whatever the voice's loudness.
 */

/** A card on the video's clock (ms): a title card or an end card, drawn over [startMs, endMs). */
export type CardSpan = { startMs: number; endMs: number; kind: 'title' | 'end' };

/** One corner of the gain curve: at `tMs` (ms on the video's clock) the gain is `gain` (× the music's volume). */
export type EnvelopePoint = { tMs: number; gain: number };

/** The fade in at the video's start (ms). */
export const MUSIC_FADE_IN_MS = 1000;
/** The fade out at the video's end (ms). */
export const MUSIC_FADE_OUT_MS = 1500;
/** How long the music takes to rise at a card's start and to fall back at its end (ms), inside the card. */
export const CARD_RAMP_MS = 500;
/** The music's gain under a card (× its volume: +6 dB), when the volume leaves room for it (never above 1 in all). */
export const CARD_GAIN = 2;

/** The music starts going down this long before a line starts (ms), reaching the duck level as it starts. */
export const DUCK_ATTACK_MS = 250;
/** The music comes back over this long after a line ends (ms). */
export const DUCK_RELEASE_MS = 600;

export type MusicEnvelopeOptions = {
  /** The video's length (ms); the curve spans [0, durationMs]. */
  durationMs: number;
  /** Title and end cards on the video's clock; parts outside [0, durationMs] are ignored, overlapping ones merged. */
  cards?: readonly CardSpan[];
  /** Fade in from silence at 0 (ms; default MUSIC_FADE_IN_MS). */
  fadeInMs?: number;
  /** Fade out to silence at durationMs (ms; default MUSIC_FADE_OUT_MS). */
  fadeOutMs?: number;
  /** The gain under a card (default CARD_GAIN); 1 turns the rise off. */
  cardGain?: number;
  /** The rise and fall at a card's edges (ms; default CARD_RAMP_MS, at least 1), at most half the card. */
  cardRampMs?: number;
  /** The narration lines on the video's clock (ms) the music ducks under. */
  voice?: ReadonlyArray<{ startMs: number; endMs: number }>;
  /** The gain under a line (0–1; default 1: no ducking). */
  duckLevel?: number;
  /** The ramp down, ending where a line starts (ms; default DUCK_ATTACK_MS, at least 1). */
  duckAttackMs?: number;
  /** The ramp up, starting where a line ends (ms; default DUCK_RELEASE_MS, at least 1). */
  duckReleaseMs?: number;
};

/** The points less any at the same time as the one before it. */
const corners = (pts: EnvelopePoint[]): EnvelopePoint[] => pts.filter((p, i) => i === 0 || p.tMs > pts[i - 1]!.tMs);

/** The gain of a piecewise-linear curve at `tMs` (held flat before its first corner and after its last). */
export const gainAt = (points: readonly EnvelopePoint[], tMs: number): number => {
  if (points.length === 0) return 1;
  if (tMs <= points[0]!.tMs) return points[0]!.gain;
  for (let i = 1; i < points.length; i++) {
    const a = points[i - 1]!;
    const b = points[i]!;
    if (tMs <= b.tMs) return b.tMs === a.tMs ? b.gain : a.gain + ((b.gain - a.gain) * (tMs - a.tMs)) / (b.tMs - a.tMs);
  }
  return points[points.length - 1]!.gain;
};

/** Spans sorted and merged where they overlap or where `gapMs` or less lies between them. */
const mergeSpans = (spans: ReadonlyArray<{ s: number; e: number }>, gapMs: number): Array<{ s: number; e: number }> => {
  const merged: Array<{ s: number; e: number }> = [];
  for (const c of [...spans].filter((x) => x.e > x.s).sort((x, y) => x.s - y.s)) {
    const last = merged[merged.length - 1];
    if (last && c.s - last.e <= gapMs) last.e = Math.max(last.e, c.e);
    else merged.push({ ...c });
  }
  return merged;
};

/**
 * The music's gain curve over [0, durationMs] (× its volume):
 * - fade in: 0 at the start, 1 after fadeInMs; fade out: 1 at durationMs − fadeOutMs, 0 at the
 *   end. When the two do not fit in the video, both are shortened in proportion so they meet.
 * - cards: under each card the music rises to `cardGain` over its first cardRampMs and falls
 *   back to 1 over its last cardRampMs (the voice that follows a title card starts over the
 *   usual bed; an end card at the video's end is faded out by the fade out). Cards are where
 *   nobody speaks: the music carries them.
 * - ducking: under each line in `voice` the music is at `duckLevel`, ramping down over the
 *   duckAttackMs before the line and back up over the duckReleaseMs after it; lines closer than
 *   the two ramps together are one dip.
 * Corners are where any curve turns; each corner's gain is the product of the three curves' gains.
 * Returns corners sorted by time, strictly increasing, the first at 0 and the last at durationMs;
 * [] when durationMs ≤ 0.
 */
export const musicEnvelope = (opts: MusicEnvelopeOptions): EnvelopePoint[] => {
  const d = opts.durationMs;
  if (!(d > 0)) return [];
  let fin = Math.max(0, opts.fadeInMs ?? MUSIC_FADE_IN_MS);
  let fout = Math.max(0, opts.fadeOutMs ?? MUSIC_FADE_OUT_MS);
  if (fin + fout > d) {
    const k = d / (fin + fout);
    fin *= k;
    fout *= k;
  }
  const fade: EnvelopePoint[] = corners([
    { tMs: 0, gain: fin > 0 ? 0 : 1 },
    { tMs: fin, gain: 1 },
    { tMs: d - fout, gain: 1 },
    { tMs: d, gain: fout > 0 ? 0 : 1 },
  ]);
  // Cards inside the video, merged where they touch or overlap.
  const merged = mergeSpans(
    (opts.cards ?? []).map((c) => ({ s: Math.max(0, c.startMs), e: Math.min(d, c.endMs) })),
    0,
  );
  const gain = opts.cardGain ?? CARD_GAIN;
  const ramp = Math.max(1, opts.cardRampMs ?? CARD_RAMP_MS);
  const card: EnvelopePoint[] = [{ tMs: 0, gain: 1 }];
  for (const { s, e } of merged) {
    const r = Math.min(ramp, (e - s) / 2);
    card.push({ tMs: s, gain: 1 }, { tMs: s + r, gain }, { tMs: e - r, gain }, { tMs: e, gain: 1 });
  }
  card.push({ tMs: d, gain: 1 });
  const cardCurve = corners(card);
  // Lines, merged where the music would not have time to come back between them; corners may
  // lie before 0 or after the end (a line at the very start is ducked from the first instant).
  const level = Math.min(1, Math.max(0, opts.duckLevel ?? 1));
  const attack = Math.max(1, opts.duckAttackMs ?? DUCK_ATTACK_MS);
  const release = Math.max(1, opts.duckReleaseMs ?? DUCK_RELEASE_MS);
  const duck: EnvelopePoint[] = [];
  if (level < 1)
    for (const { s, e } of mergeSpans(
      (opts.voice ?? []).map((v) => ({ s: v.startMs, e: v.endMs })).filter((v) => v.e > 0 && v.s < d),
      attack + release,
    ))
      duck.push({ tMs: s - attack, gain: 1 }, { tMs: s, gain: level }, { tMs: e, gain: level }, { tMs: e + release, gain: 1 });
  const duckCurve = corners(duck);
  const times = [...new Set([...fade, ...cardCurve, ...duckCurve].map((p) => Math.min(d, Math.max(0, p.tMs))))].sort((a, b) => a - b);
  return times.map((t) => ({ tMs: t, gain: round(gainAt(fade, t) * gainAt(cardCurve, t) * gainAt(duckCurve, t)) }));
};

const round = (g: number) => Math.round(g * 1e6) / 1e6;

const secs = (ms: number) => (ms / 1000).toFixed(4).replace(/\.?0+$/, '') || '0';
const num = (g: number) => String(round(g));

/**
 * The ffmpeg expression (in `t`, seconds) for a gain curve, for the `volume` filter with
 * `eval=frame`: nested if(lt(t, …)) with a straight line per segment, the first corner's gain
 * before it and the last's after it. "1" for an empty curve. It contains commas: quote it in a
 * filter graph ('…').
 */
export const envelopeExpression = (points: readonly EnvelopePoint[]): string => {
  if (points.length === 0) return '1';
  let expr = num(points[points.length - 1]!.gain);
  for (let i = points.length - 1; i >= 1; i--) {
    const a = points[i - 1]!;
    const b = points[i]!;
    const seg = a.gain === b.gain ? num(a.gain) : `${num(a.gain)}+${num(b.gain - a.gain)}*(t-${secs(a.tMs)})/${secs(b.tMs - a.tMs)}`.replace('+-', '-');
    expr = `if(lt(t,${secs(b.tMs)}),${seg},${expr})`;
  }
  return `if(lt(t,${secs(points[0]!.tMs)}),${num(points[0]!.gain)},${expr})`;
};
