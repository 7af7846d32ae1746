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
    {
      name: 'a capture that waited for the last line (wait: false)',
      events: [cur(0), { type: 'say', id: 'outro', tMs: 1000, endMs: 1000 + LINE_MS }],
      durationMs: 1000 + LINE_MS + 500,
      clipMs: LINE_MS,
    },
    // …and the same with the picture still under the voice: tightening never touches it.
    {
      name: 'a still picture under the last line is not tightened',
      events: [cur(0), { type: 'say', id: 'outro', tMs: 1000, endMs: 1000 + LINE_MS }],
      durationMs: 1000 + LINE_MS + 500,
      stills: [{ fromMs: 0, toMs: 1000 + LINE_MS + 500 }],
      clipMs: LINE_MS,
    },
    // What capture recorded before: the take stopped 0.5 s after the line started.
    {
      name: 'an old capture that stopped 0.54 s into the line',
      events: [cur(0), { type: 'say', id: 'outro', tMs: 1000, endMs: 1000 + LINE_MS }],
      durationMs: 1540,
      clipMs: 540,
    },
    // A marked speed-up after the line started would end the video under it: it stops where the line still fits.
    {
      name: 'a marked speed-up under the line',
      events: [
        cur(0),
        { type: 'say', id: 'outro', tMs: 1000, endMs: 1000 + LINE_MS },
        { type: 'mark', kind: 'speedup', factor: 4, tMs: 1500, endMs: 1000 + LINE_MS + 500 },
      ],
      durationMs: 1000 + LINE_MS + 500,
      clipMs: LINE_MS,
    },
    // The tester's case: say (wait: false), then a cut of a 5 s wait: the video was 0.73 s.
    {
      name: 'a cut after a last say with wait: false',
      events: [cur(0), { type: 'say', id: 'outro', tMs: 229, endMs: 229 + LINE_MS }, { type: 'mark', kind: 'cut', tMs: 240, endMs: 5300 }],
      durationMs: 5800,
      clipMs: LINE_MS,
    },
    // A say inside a cut at the end lands at the cut: the voice is heard over what follows the cut.
    {
      name: 'a say inside a cut at the end',
      events: [cur(0), { type: 'mark', kind: 'cut', tMs: 1000, endMs: 9000 }, { type: 'say', id: 'outro', tMs: 2000, endMs: 2000 + LINE_MS }],
      durationMs: 9000,
      clipMs: LINE_MS,
    },
    // A recording too short for the line even without edits: the clip ends with the video.
    {
      name: 'a recording shorter than the line, with a cut',
      events: [cur(0), { type: 'say', id: 'outro', tMs: 500, endMs: 500 + LINE_MS }, { type: 'mark', kind: 'cut', tMs: 1000, endMs: 2000 }],
      durationMs: 3000,
      clipMs: 1500,
    },
  ])('$name', ({ events, durationMs, stills, clipMs }) => {
    const recorded = { ...makeCapture(events, { durationMs }), ...(stills ? { stills } : {}) };
    const log = retimeCaptureLog(recorded, timeMapFromLog(recorded));
    const track = buildNarrationTrack(log, narration);
    const end = log.durationMs;
    expect(track.clips).toHaveLength(1);
    expect(track.clips[0]!.durationMs).toBeCloseTo(clipMs, 0);
    // A line cut short is named for render's warning, one heard whole is not.
    expect(track.shortened ?? []).toEqual(clipMs < LINE_MS ? [{ id: 'outro', heardMs: Math.round(clipMs), durationMs: LINE_MS }] : []);
    for (const c of track.clips) expect(c.startMs + c.durationMs).toBeLessThanOrEqual(end);
    expect(track.pages.length).toBeGreaterThan(0);
    for (const p of track.pages) {
      expect(p.endMs).toBeLessThanOrEqual(end);
      for (const w of p.words) expect(w.endMs).toBeLessThanOrEqual(end);
    }
    // Words the video never reaches are not shown; the ones it reaches are.
    const shown = track.pages.flatMap((p) => p.words.map((w) => w.text));
    const reached = narration.lines[0]!.words.filter((w) => track.clips[0]!.startMs + w.startMs < end).map((w) => w.text);
    expect(shown).toEqual(reached);
  });

  it('edits before the line keep their speed; only the part the line needs plays as recorded', () => {
    const recorded = makeCapture(
      [
        cur(0),
        { type: 'mark', kind: 'speedup', factor: 4, tMs: 0, endMs: 4000 },
        { type: 'say', id: 'outro', tMs: 5000, endMs: 5000 + LINE_MS },
        { type: 'mark', kind: 'cut', tMs: 5100, endMs: 12_000 },
      ],
      { durationMs: 12_000 },
    );
    const map = timeMapFromLog(recorded, null);
    expect(map.segments[0]).toMatchObject({ recFromMs: 0, recToMs: 4000, factor: 4 });
    // The line starts at 1000 + 1000 = 2000 ms of video and ends with it, to the millisecond.
    expect(map.outDurationMs).toBeGreaterThanOrEqual(2000 + LINE_MS - 0.5);
    expect(map.outDurationMs).toBeLessThanOrEqual(2000 + LINE_MS + 2);
    // What is left of the cut is still cut.
    expect(map.segments.some((sg) => sg.recFromMs > 5100)).toBe(true);
  });

  it('a line whose say event is past the video’s end is dropped (no clip, no page)', () => {
    const log = makeCapture([{ type: 'say', id: 'outro', tMs: 3000, endMs: 3000 + LINE_MS }], { durationMs: 3000 });
    expect(buildNarrationTrack(log, narration)).toEqual({ clips: [], pages: [], shortened: [{ id: 'outro', heardMs: 0, durationMs: LINE_MS }] });
  });
});
