import { describe, expect, it } from 'vitest';
import type { CaptureLog } from '../../src/capture-log/schema';
import { retimeCaptureLog } from '../../src/timeline/retime';
import {
  buildTimeMap,
  cutBlends,
  heldFrameRecMs,
  holdSpans,
  holdsOfLog,
  isCut,
  keepVoiceToItsEnd,
  outToRec,
  recToOut,
  timeMapFromLog,
  type Segment,
} from '../../src/timeline/time-map';

const seg = (recFromMs: number, recToMs: number, outFromMs: number, outToMs: number, factor: number, hold?: number): Segment => ({
  recFromMs,
  recToMs,
  outFromMs,
  outToMs,
  factor,
  ...(hold !== undefined ? { hold } : {}),
});

describe('time map: holds (cards add time)', () => {
  it.each<{
    name: string;
    holds: Array<{ atMs: number; durationMs: number }>;
    speedups?: Array<{ fromMs: number; toMs: number; factor: number }>;
    cuts?: Array<{ fromMs: number; toMs: number }>;
    want: Segment[];
    out: number;
  }>([
    { name: 'a hold at the start', holds: [{ atMs: 0, durationMs: 2500 }], want: [seg(0, 0, 0, 2500, 0, 0), seg(0, 10_000, 2500, 12_500, 1)], out: 12_500 },
    {
      name: 'a hold at the end',
      holds: [{ atMs: 10_000, durationMs: 3000 }],
      want: [seg(0, 10_000, 0, 10_000, 1), seg(10_000, 10_000, 10_000, 13_000, 0, 0)],
      out: 13_000,
    },
    {
      name: 'a hold in the middle splits the piece',
      holds: [{ atMs: 4000, durationMs: 1000 }],
      want: [seg(0, 4000, 0, 4000, 1), seg(4000, 4000, 4000, 5000, 0, 0), seg(4000, 10_000, 5000, 11_000, 1)],
      out: 11_000,
    },
    {
      name: 'two holds at one moment follow each other in the order given',
      holds: [
        { atMs: 0, durationMs: 1000 },
        { atMs: 0, durationMs: 2000 },
      ],
      want: [seg(0, 0, 0, 1000, 0, 0), seg(0, 0, 1000, 3000, 0, 1), seg(0, 10_000, 3000, 13_000, 1)],
      out: 13_000,
    },
    {
      name: 'holds given out of order are placed by time, keeping their index',
      holds: [
        { atMs: 8000, durationMs: 1000 },
        { atMs: 2000, durationMs: 500 },
      ],
      want: [
        seg(0, 2000, 0, 2000, 1),
        seg(2000, 2000, 2000, 2500, 0, 1),
        seg(2000, 8000, 2500, 8500, 1),
        seg(8000, 8000, 8500, 9500, 0, 0),
        seg(8000, 10_000, 9500, 11_500, 1),
      ],
      out: 11_500,
    },
    {
      name: 'a hold inside a cut is not cut: it stands where the cut is',
      holds: [{ atMs: 4000, durationMs: 1000 }],
      cuts: [{ fromMs: 3000, toMs: 5000 }],
      want: [seg(0, 3000, 0, 3000, 1), seg(5000, 5000, 3000, 4000, 0, 0), seg(5000, 10_000, 4000, 9000, 1)],
      out: 9000,
    },
    {
      name: 'a hold inside a cut at the end stands at the end of what is kept',
      holds: [{ atMs: 9500, durationMs: 1000 }],
      cuts: [{ fromMs: 8000, toMs: 10_000 }],
      want: [seg(0, 8000, 0, 8000, 1), seg(8000, 8000, 8000, 9000, 0, 0)],
      out: 9000,
    },
    {
      name: 'a hold inside a speed-up keeps its own length (it is video time)',
      holds: [{ atMs: 4000, durationMs: 1000 }],
      speedups: [{ fromMs: 2000, toMs: 6000, factor: 4 }],
      want: [
        seg(0, 2000, 0, 2000, 1),
        seg(2000, 4000, 2000, 2500, 4),
        seg(4000, 4000, 2500, 3500, 0, 0),
        seg(4000, 6000, 3500, 4000, 4),
        seg(6000, 10_000, 4000, 8000, 1),
      ],
      out: 8000,
    },
    {
      name: 'a hold past the recording is clamped to its end; one of no length is ignored',
      holds: [
        { atMs: 20_000, durationMs: 1000 },
        { atMs: 5000, durationMs: 0 },
      ],
      want: [seg(0, 10_000, 0, 10_000, 1), seg(10_000, 10_000, 10_000, 11_000, 0, 0)],
      out: 11_000,
    },
    {
      name: 'everything cut but a hold: the hold stays',
      holds: [{ atMs: 5000, durationMs: 2000 }],
      cuts: [{ fromMs: 0, toMs: 10_000 }],
      want: [seg(0, 0, 0, 2000, 0, 0)],
      out: 2000,
    },
  ])('$name', ({ holds, speedups, cuts, want, out }) => {
    const map = buildTimeMap({ durationMs: 10_000, holds, ...(speedups ? { speedups } : {}), ...(cuts ? { cuts } : {}) });
    expect(map.segments).toEqual(want);
    expect(map.outDurationMs).toBe(out);
  });

  const mid = buildTimeMap({ durationMs: 10_000, holds: [{ atMs: 4000, durationMs: 1000 }], cuts: [{ fromMs: 6000, toMs: 7000 }] });
  it.each([
    { out: 0, rec: 0 },
    { out: 3999, rec: 3999 },
    { out: 4000, rec: 4000 },
    { out: 4500, rec: 4000 },
    { out: 4999, rec: 4000 },
    { out: 5000, rec: 4000 },
    { out: 6000, rec: 5000 },
    { out: 6999, rec: 5999 },
    { out: 7000, rec: 7000 },
    { out: 7001, rec: 7001 },
  ])('outToRec: video $out ms shows recording $rec ms (held through the card)', ({ out, rec }) => {
    expect(outToRec(mid, out)).toBe(rec);
  });
  it.each([
    { rec: 0, out: 0 },
    { rec: 3999, out: 3999 },
    // The moment of the hold shows after it: everything from it on moves later by the card.
    { rec: 4000, out: 5000 },
    { rec: 5000, out: 6000 },
    { rec: 6500, out: 7000 },
    { rec: 8000, out: 8000 },
    { rec: 10_000, out: 10_000 },
  ])('recToOut: recording $rec ms shows at video $out ms', ({ rec, out }) => {
    expect(recToOut(mid, rec)).toBe(out);
  });
  it.each([
    { rec: 4000, cut: false },
    { rec: 3000, cut: false },
    { rec: 6500, cut: true },
    { rec: 6000, cut: true },
    { rec: 7000, cut: false },
  ])('isCut: $rec ms → $cut', ({ rec, cut }) => {
    expect(isCut(mid, rec)).toBe(cut);
  });
  it('a held moment is not cut, even at the end of what a trailing cut keeps', () => {
    const end = buildTimeMap({ durationMs: 10_000, holds: [{ atMs: 10_000, durationMs: 1000 }], cuts: [{ fromMs: 8000, toMs: 10_000 }] });
    expect(isCut(end, 9000)).toBe(true);
    expect(isCut(end, 7999)).toBe(false);
  });

  it('no dissolve is made across a hold (the card covers the cut)', () => {
    const map = buildTimeMap({
      durationMs: 10_000,
      holds: [{ atMs: 4000, durationMs: 1000 }],
      cuts: [
        { fromMs: 3000, toMs: 5000 },
        { fromMs: 7000, toMs: 8000 },
      ],
    });
    expect(cutBlends(map, 400, 30).map((b) => b.cutMs)).toEqual([6000]);
  });

  it.each([
    { name: 'after a piece: its last frame', holds: [{ atMs: 4000, durationMs: 1000 }], want: 4000 - 1000 / 30 },
    { name: 'at the start: the first frame', holds: [{ atMs: 0, durationMs: 1000 }], want: 0 },
  ])('the frame held under a card $name', ({ holds, want }) => {
    const map = buildTimeMap({ durationMs: 10_000, holds });
    const h = map.segments.find((s) => s.factor === 0)!;
    expect(heldFrameRecMs(map, h, 30)).toBeCloseTo(want, 6);
  });

  it('a voice line is still kept to its end with holds in the map', () => {
    // A line at 8 s, 1.8 s long, and a cut at the end: the cut is shortened so the line ends in the video.
    const map = keepVoiceToItsEnd(10_000, [], [{ fromMs: 9500, toMs: 10_000 }], [{ fromMs: 8000, toMs: 9800 }], [{ atMs: 0, durationMs: 2000 }]);
    expect(map.segments[0]).toEqual(seg(0, 0, 0, 2000, 0, 0));
    expect(recToOut(map, 8000) + 1800).toBeLessThanOrEqual(map.outDurationMs + 0.5);
    expect(map.outDurationMs).toBeLessThan(12_000);
  });
});

const log = (events: CaptureLog['events']): CaptureLog => ({
  version: 1,
  recording: 'recording.mp4',
  screen: { width: 1920, height: 1080 },
  fps: 30,
  durationMs: 10_000,
  events,
});

describe('time map from a capture log: cards', () => {
  const title = { tMs: 300, type: 'mark', kind: 'card', holdMs: 2500, card: { kind: 'title', title: 'Hi' } } as const;
  const end = { tMs: 9800, type: 'mark', kind: 'card', holdMs: 3000, card: { kind: 'end', cta: 'Go' } } as const;
  const step = (tMs: number, action: string) => ({ tMs, type: 'step', id: `s${tMs}`, action, endMs: tMs + 100 }) as const;

  it.each<{ name: string; events: CaptureLog['events']; want: Array<{ atMs: number; durationMs: number }> }>([
    {
      name: 'a title card before anything is done holds at 0',
      events: [step(300, 'title_card'), title, step(1000, 'click')],
      want: [{ atMs: 0, durationMs: 2500 }],
    },
    {
      name: 'a title card after a click holds where it is',
      events: [step(100, 'click'), step(300, 'title_card'), title],
      want: [{ atMs: 300, durationMs: 2500 }],
    },
    {
      name: 'an end card after the last thing done holds at the end',
      events: [step(1000, 'click'), step(9800, 'end_card'), end],
      want: [{ atMs: 10_000, durationMs: 3000 }],
    },
    {
      name: 'narration does not count as something done',
      events: [step(100, 'say'), step(300, 'title_card'), title, step(9800, 'end_card'), end, step(9900, 'say')],
      want: [
        { atMs: 0, durationMs: 2500 },
        { atMs: 10_000, durationMs: 3000 },
      ],
    },
  ])('$name', ({ events, want }) => {
    expect(holdsOfLog(log(events))).toEqual(want);
  });

  it('retiming puts each card on its hold, every later event later by the cards before it, and a cut never removes a card', () => {
    const events: CaptureLog['events'] = [
      step(300, 'title_card'),
      title,
      { tMs: 400, type: 'mark', kind: 'chapter', text: 'Intro' },
      step(1000, 'click'),
      { tMs: 1000, type: 'click', x: 10, y: 10, button: 'left' },
      { tMs: 3000, type: 'mark', kind: 'cut', endMs: 6000 },
      { tMs: 4000, type: 'mark', kind: 'card', holdMs: 1000, card: { kind: 'title', title: 'Part two' } },
      { tMs: 7000, type: 'mark', kind: 'chapter', text: 'Deploy' },
      step(9800, 'end_card'),
      end,
    ];
    const l = log(events);
    const map = timeMapFromLog(l, null);
    expect(holdSpans(map).map((h) => [h.hold, h.outFromMs, h.outToMs])).toEqual([
      [0, 0, 2500],
      [1, 5500, 6500],
      [2, 10_500, 13_500],
    ]);
    const out = retimeCaptureLog(l, map);
    const marks = out.events.filter((e) => e.type === 'mark').map((e) => [e.kind, e.tMs, 'endMs' in e ? e.endMs : undefined]);
    expect(marks).toEqual([
      ['card', 0, 2500],
      ['chapter', 0, undefined],
      ['card', 5500, 6500],
      ['chapter', 7500, undefined],
      ['card', 10_500, 13_500],
    ]);
    expect(out.events.find((e) => e.type === 'click')?.tMs).toBe(3500);
    expect(out.durationMs).toBe(13_500);
  });
});
