import { describe, expect, it } from 'vitest';
import { CAMERA_SPRING, CURSOR_SPRINGS } from '../../src/timeline/presets';
import { sampleTrack, settleTimeMs, simulateSpring } from '../../src/timeline/spring';

describe('spring', () => {
  it.each([
    { tolerance: 0.05, from: 400, to: 500 },
    { tolerance: 0.02, from: 500, to: 600 },
  ])('the camera spring settles within $tolerance of its target in $from–$to ms', ({ tolerance, from, to }) => {
    const t = settleTimeMs(CAMERA_SPRING, tolerance);
    expect(t).toBeGreaterThan(from);
    expect(t).toBeLessThan(to);
  });

  it.each(Object.entries(CURSOR_SPRINGS))('the %s cursor spring settles within a second', (_name, config) => {
    expect(settleTimeMs(config)).toBeLessThan(1000);
  });

  it('starts at rest on its first target and reaches a step target', () => {
    const targets = new Float64Array(2000).fill(0);
    targets.fill(10, 100);
    const track = simulateSpring(targets, CAMERA_SPRING);
    expect(track[0]).toBe(0);
    expect(track[99]).toBe(0);
    expect(track[150]).toBeGreaterThan(0);
    expect(track[1999]).toBeCloseTo(10, 3);
    // Critically-damped-ish: overshoot stays tiny.
    expect(Math.max(...track)).toBeLessThan(10.1);
  });

  it.each([
    { t: 0, want: 0 },
    { t: 1, want: 1 },
    { t: 1.5, want: 1.5 },
    { t: 3, want: 3 },
    { t: 99, want: 3 },
    { t: -5, want: 0 },
  ])('sampleTrack interpolates between steps (t=$t)', ({ t, want }) => {
    expect(sampleTrack([0, 1, 2, 3], t)).toBeCloseTo(want, 9);
  });
});
