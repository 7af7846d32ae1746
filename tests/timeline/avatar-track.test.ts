import { describe, expect, it } from 'vitest';
import { avatarAt, buildAvatarTrack, EYES, MOUTH_REST, MOUTH_SHAPES, MOUTH_VARIANTS, mouthOf, mouthVariant } from '../../src/timeline/avatar-track';

describe('mouth variants', () => {
  it.each([
    { open: 0, wide: 0, want: 0 },
    { open: 0, wide: 1, want: 2 },
    { open: 1, wide: 0, want: 15 },
    { open: 1, wide: 1, want: 17 },
    // 0.5 of 5 steps rounds up to step 3; the middle shape is 1.
    { open: 0.5, wide: 0.5, want: 3 * MOUTH_SHAPES + 1 },
    { open: 0.09, wide: 0.24, want: 0 },
  ])('open $open, wide $wide → variant $want', ({ open, wide, want }) => {
    expect(mouthVariant(open, wide)).toBe(want);
    expect(want).toBeLessThan(MOUTH_REST);
  });

  it('every speaking variant reads back to its step, and the rest is the last variant', () => {
    for (let v = 0; v < MOUTH_REST; v++) expect(mouthVariant(mouthOf(v)!.open, mouthOf(v)!.wide)).toBe(v);
    expect(mouthOf(MOUTH_REST)).toBeNull();
    expect(MOUTH_VARIANTS).toBe(19);
  });
});

describe('avatar track', () => {
  const fps = 30;
  const mouth = { hopMs: 20, open: Array.from({ length: 100 }, (_, i) => (i % 10) / 9), wide: Array.from({ length: 100 }, () => 1) };
  const track = buildAvatarTrack({
    fps,
    durationInFrames: 300,
    lines: [
      { startMs: 2000, durationMs: 2000, mouth },
      { startMs: 6000, durationMs: 1000, words: [{ text: 'hi', startMs: 100, endMs: 600 }] },
    ],
  });

  it.each([
    { name: 'before the first line: resting smile', ms: 1000, rest: true },
    // Frame 63 is 2100 ms: hop 5 of the line, open 5/9.
    { name: 'while a line is spoken: its mouth data', ms: 2100, rest: false, variant: mouthVariant(5 / 9, 1) },
    { name: 'mouth closed between syllables of the data', ms: 2000 + 10 * 20, rest: false, variant: mouthVariant(0, 1) },
    { name: 'between lines: resting', ms: 5000, rest: true },
    { name: 'a line without mouth data: open on its words', ms: 6300, rest: false },
    { name: 'and closed (not resting) between its words', ms: 6800, rest: false, variant: mouthVariant(0, 0.5) },
    { name: 'after the last line: resting', ms: 8000, rest: true },
  ])('$name', ({ ms, rest, variant }) => {
    const m = avatarAt(track, Math.round((ms * fps) / 1000)).mouth;
    if (rest) expect(m).toBe(MOUTH_REST);
    else expect(m).not.toBe(MOUTH_REST);
    if (variant !== undefined) expect(m).toBe(variant);
  });

  it('blinks every 2.2–5.5 s, the same in every render, and each blink is short', () => {
    const long = buildAvatarTrack({ fps, durationInFrames: 60 * fps, lines: [] });
    const again = buildAvatarTrack({ fps, durationInFrames: 60 * fps, lines: [] });
    expect(again).toEqual(long);
    const starts = long.eyes
      .map((e, f) => ((e === EYES.half || e === EYES.closed) && ![EYES.half, EYES.closed].includes(long.eyes[f - 1] as never) ? f : -1))
      .filter((f) => f >= 0);
    expect(starts.length).toBeGreaterThanOrEqual(60 / 5.5 - 1);
    expect(starts.length).toBeLessThanOrEqual(60 / 2.2 + 1);
    for (let i = 1; i < starts.length; i++) expect((starts[i]! - starts[i - 1]!) / fps).toBeGreaterThan(2);
    expect(long.eyes.filter((e) => e === EYES.closed).length).toBeGreaterThan(0);
    // Each blink lasts 160 ms: 4 or 5 frames at 30 fps.
    for (const s of starts) {
      let n = 0;
      while (s + n < long.eyes.length && long.eyes[s + n] !== EYES.open && long.eyes[s + n] !== EYES.upOpen) n++;
      if (s + n === long.eyes.length) continue;
      expect(n).toBeGreaterThanOrEqual(4);
      expect(n).toBeLessThanOrEqual(5);
    }
  });

  it('looks up at the screen between lines, ahead while speaking', () => {
    const at = (ms: number) => avatarAt(track, Math.round((ms * fps) / 1000)).eyes;
    expect([EYES.open, EYES.half, EYES.closed]).toContain(at(3000));
    expect([EYES.upOpen, EYES.upHalf, EYES.closed]).toContain(at(5200));
    expect([EYES.open, EYES.half, EYES.closed]).toContain(at(4300)); // just after the line: not yet
  });

  it('the head moves a little, and nods with the voice', () => {
    for (const b of track.bob) expect(Math.abs(b)).toBeLessThan(0.025);
    const quiet = buildAvatarTrack({ fps, durationInFrames: 300, lines: [] });
    const diff = track.bob.slice(60, 120).reduce((s, b, i) => s + Math.abs(b - quiet.bob[60 + i]!), 0);
    expect(diff).toBeGreaterThan(0.1);
    expect(track.bob.slice(0, 55)).toEqual(quiet.bob.slice(0, 55));
  });

  it('frames out of range read the nearest frame', () => {
    expect(avatarAt(track, -5)).toEqual(avatarAt(track, 0));
    expect(avatarAt(track, 10_000)).toEqual(avatarAt(track, 299));
  });
});
