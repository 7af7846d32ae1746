/**
 * The end of the video (pure): a last `say` with `wait: false` is heard to its end, and no
 * narration clip, caption page or word outlasts the video, whatever the time map did.
 */
import { describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../../src/capture-log';
import type { Narration } from '../../src/narration/schema';
import { buildNarrationTrack } from '../../src/timeline/narration-track';
import { retimeCaptureLog } from '../../src/timeline/retime';
import { timeMapFromLog } from '../../src/timeline/time-map';
import { makeCapture } from '../helpers/capture';

/** The line: 3.9 s, eight words of ~480 ms. */
const LINE_MS = 3900;
const narration: Narration = {
  version: 1,
  provider: 'espeak',
  lines: [
    {
      id: 'outro',
      text: 'Live in under a minute with Ink today.',
      audio: 'outro-000000000000.wav',
      durationMs: LINE_MS,
      words: 'Live in under a minute with Ink today.'.split(' ').map((text, i) => ({ text, startMs: 50 + i * 475, endMs: 50 + i * 475 + 440 })),
    },
  ],
};
const cur = (tMs: number): CaptureEvent => ({ type: 'cursor', tMs, x: 1, y: 1 });

describe('the end of the video', () => {
  it.each<{ name: string; events: CaptureEvent[]; durationMs: number; stills?: Array<{ fromMs: number; toMs: number }>; clipMs: number }>([
    // What capture now records: the take runs on until the line ends, plus 500 ms.
    { name: 'a capture that waited for the last line (wait: false)', events: [cur(0), { type: 'say', id: 'outro', tMs: 1000, endMs: 1000 + LINE_MS }], durationMs: 1000 + LINE_MS + 500, clipMs: LINE_MS },
    // …and the same with the picture still under the voice: tightening never touches it.
    { name: 'a still picture under the last line is not tightened', events: [cur(0), { type: 'say', id: 'outro', tMs: 1000, endMs: 1000 + LINE_MS }], durationMs: 1000 + LINE_MS + 500, stills: [{ fromMs: 0, toMs: 1000 + LINE_MS + 500 }], clipMs: LINE_MS },
    // What capture recorded before: the take stopped 0.5 s after the line started.
    { name: 'an old capture that stopped 0.54 s into the line', events: [cur(0), { type: 'say', id: 'outro', tMs: 1000, endMs: 1000 + LINE_MS }], durationMs: 1540, clipMs: 540 },
    // A marked speed-up after the line started shortens the video under it.
    { name: 'a marked speed-up under the line', events: [cur(0), { type: 'say', id: 'outro', tMs: 1000, endMs: 1000 + LINE_MS }, { type: 'mark', kind: 'speedup', factor: 4, tMs: 1500, endMs: 1000 + LINE_MS + 500 }], durationMs: 1000 + LINE_MS + 500, clipMs: 500 + (LINE_MS) / 4 },
  ])('$name', ({ events, durationMs, stills, clipMs }) => {
    const recorded = { ...makeCapture(events, { durationMs }), ...(stills ? { stills } : {}) };
    const log = retimeCaptureLog(recorded, timeMapFromLog(recorded));
    const track = buildNarrationTrack(log, narration);
    const end = log.durationMs;
    expect(track.clips).toHaveLength(1);
    expect(track.clips[0]!.durationMs).toBeCloseTo(clipMs, 0);
    for (const c of track.clips) expect(c.startMs + c.durationMs).toBeLessThanOrEqual(end);
    expect(track.pages.length).toBeGreaterThan(0);
    for (const p of track.pages) {
      expect(p.endMs).toBeLessThanOrEqual(end);
      for (const w of p.words) expect(w.endMs).toBeLessThanOrEqual(end);
    }
    // Words the video never reaches are not shown; the ones it reaches are.
    const shown = track.pages.flatMap((p) => p.words.map((w) => w.text));
    const reached = narration.lines[0]!.words.filter((w) => 1000 + w.startMs < end).map((w) => w.text);
    expect(shown).toEqual(reached);
  });

  it('a line whose say event is past the video’s end is dropped (no clip, no page)', () => {
    const log = makeCapture([{ type: 'say', id: 'outro', tMs: 3000, endMs: 3000 + LINE_MS }], { durationMs: 3000 });
    expect(buildNarrationTrack(log, narration)).toEqual({ clips: [], pages: [] });
  });
});
