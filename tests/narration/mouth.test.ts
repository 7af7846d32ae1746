import { describe, expect, it } from 'vitest';
import { mouthFromSamples } from '../../src/narration/mouth';

const RATE = 16000;
/** Segments of [ms, amplitude, frequency Hz]; frequency 0 is silence. */
const signal = (parts: Array<[number, number, number]>): Float32Array => {
  const total = parts.reduce((s, [ms]) => s + (ms * RATE) / 1000, 0);
  const out = new Float32Array(total);
  let i = 0;
  for (const [ms, amp, hz] of parts) {
    for (let k = 0; k < (ms * RATE) / 1000; k++, i++) out[i] = hz ? amp * Math.sin((2 * Math.PI * hz * k) / RATE) : 0;
  }
  return out;
};
const mean = (a: number[], from: number, to: number) => a.slice(from, to).reduce((s, v) => s + v, 0) / (to - from);

describe('mouth from the voice', () => {
  it('one value per 20 ms hop', () => {
    const m = mouthFromSamples(signal([[1000, 0.5, 200]]), RATE);
    expect(m.hopMs).toBe(20);
    expect(m.open).toHaveLength(50);
    expect(m.wide).toHaveLength(50);
  });

  it.each([
    { name: 'loud voice', amp: 0.8 },
    { name: 'quiet voice (same shape: it is relative to the clip)', amp: 0.05 },
  ])('$name: open while sounding, closed in silence, closing over a few hops', ({ amp }) => {
    // 300 ms silence, 400 ms voice, 400 ms silence.
    const m = mouthFromSamples(
      signal([
        [300, 0, 0],
        [400, amp, 220],
        [400, 0, 0],
      ]),
      RATE,
    );
    expect(mean(m.open, 0, 14)).toBe(0);
    expect(mean(m.open, 16, 34)).toBeGreaterThan(0.9);
    // Closes within 200 ms of the voice ending, not at once.
    expect(m.open[35]!).toBeGreaterThan(0.2);
    expect(m.open[35 + 10]!).toBeLessThan(0.05);
  });

  it('half as loud opens the mouth less', () => {
    const m = mouthFromSamples(
      signal([
        [300, 0.8, 220],
        [300, 0.2, 220],
      ]),
      RATE,
    );
    expect(mean(m.open, 2, 13)).toBeGreaterThan(mean(m.open, 17, 28) + 0.25);
  });

  it.each([
    { name: 'a low vowel ("o", 250 Hz) is round', hz: 250, wide: [0, 0.2] },
    { name: 'a bright vowel ("e", 900 Hz) is between', hz: 900, wide: [0.4, 0.95] },
    { name: 'a hiss ("s", 4 kHz) is wide', hz: 4000, wide: [0.95, 1] },
  ])('$name', ({ hz, wide }) => {
    const m = mouthFromSamples(signal([[600, 0.5, hz]]), RATE);
    const w = mean(m.wide, 10, 30);
    expect(w).toBeGreaterThanOrEqual(wide[0]!);
    expect(w).toBeLessThanOrEqual(wide[1]!);
  });

  it('an empty clip has no hops', () => {
    expect(mouthFromSamples(new Float32Array(0), RATE)).toEqual({ hopMs: 20, open: [], wide: [] });
  });
});
