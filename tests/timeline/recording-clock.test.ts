/** The log's clock against the recording's (src/timeline/recording-clock.ts): table-driven. */
import { describe, expect, it } from 'vitest';
import { CLAMP_LIMIT_MS, fitDuration, fitLogToRecording, recordingFrameAt } from '../../src/timeline/recording-clock';

const names = { log: 'capture.json', recording: '"recording.mp4"' };

describe('fitDuration', () => {
  it.each([
    // log, recording, fps → rendered ms, warned
    [3000, 3000, 30, 3000, false],
    [3050, 3000, 30, 3000, false], // within two frames / 100 ms: silent
    [3000, 3066, 30, 3000, false],
    [3000, 3150, 10, 3000, false], // two frames at 10 fps is 200 ms
    [3500, 3000, 30, 3000, true], // the log outlasts the recording: clamped to the recording
    [3000, 3500, 30, 3000, true], // the recording outlasts the log: its tail left out, said so
    [3000 + CLAMP_LIMIT_MS, 3000, 30, 3000, true],
  ])('log %s ms, recording %s ms at %s fps: renders %s ms (warning: %s)', (logMs, recMs, fps, want, warned) => {
    const fit = fitDuration(logMs, recMs, fps, names);
    expect(fit.ok).toBe(true);
    if (!fit.ok) return;
    expect(fit.durationMs).toBe(want);
    expect(fit.warning !== null).toBe(warned);
    if (fit.warning) expect(fit.warning).toContain(`durationMs is ${logMs} but "recording.mp4" lasts ${recMs} ms: rendering ${want} ms`);
  });

  it.each([
    [6000, 3000, /must be the length of "recording\.mp4" \(3000 ms, clamped when within 1000 ms\), but got 6000 \(3000 ms longer\)/],
    [3000, 6000, /\(6000 ms, clamped when within 1000 ms\), but got 3000 \(3000 ms shorter\)/],
    [3000 + CLAMP_LIMIT_MS + 1, 3000, /but got 4001 \(1001 ms longer\)/],
  ])('log %s ms, recording %s ms: refused naming both', (logMs, recMs, err) => {
    const fit = fitDuration(logMs, recMs, 30, names);
    expect(fit.ok).toBe(false);
    if (!fit.ok) expect(fit.message).toMatch(err);
  });
});

describe('fitLogToRecording', () => {
  it.each([
    [3500, { startMs: 0, durationMs: 3000 }, 3000],
    [3000, { startMs: 1500, durationMs: 3400 }, 3000], // a longer recording never lengthens the log
    [3000, undefined, 3000], // Studio: no probe
    [9000, { startMs: 0, durationMs: 3000 }, 9000], // refused upstream, never clamped here
  ])('log %s ms, recording %o: %s ms', (logMs, clock, want) => {
    expect(fitLogToRecording({ durationMs: logMs, events: [] }, clock).durationMs).toBe(want);
  });
});

describe('recordingFrameAt', () => {
  it.each([
    [0, 30, 0, 0],
    [1000, 30, 0, 30],
    [0, 10, 1500, 15],
    [500, 10, 1500, 20],
    [1000, 30, 33.333, 31],
  ])('event %s ms at %s fps, first frame at %s ms: frame %s', (recMs, fps, startMs, want) => {
    expect(recordingFrameAt(recMs, fps, startMs)).toBe(want);
  });
});
