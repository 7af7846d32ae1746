/**
 * The pixel and audio judgements (pure): grey frames into the frame analyser, PCM into the audio
 * analyser, and what the findings make of them against the narration and steps.
 */
import { describe, expect, it } from 'vitest';
import { createAudioAnalyser } from '../../src/review/audio-analysis';
import { createFrameAnalyser } from '../../src/review/frame-analysis';
import { audioFindings, pictureFindings, subtract } from '../../src/review/media-checks';
import type { StepSpan } from '../../src/review/review-input';

const W = 320;
const H = 180;
/** A textured grey frame (a gradient) with an optional dark square at (x, y) of `size` px. */
const frame = (x = -1, y = -1, size = 4, flat = false): Uint8Array => {
  const f = new Uint8Array(W * H);
  for (let j = 0; j < H; j++) for (let i = 0; i < W; i++) f[j * W + i] = flat ? 40 : 60 + ((i + j) % 64);
  for (let j = y; j >= 0 && j < y + size; j++) for (let i = x; i >= 0 && i < x + size; i++) f[j * W + i] = 250;
  return f;
};
const steps: StepSpan[] = [
  { id: '1', action: 'click', source: 's.yaml:3:5', fromMs: 0, toMs: 2000 },
  { id: '2', action: 'wait', source: 's.yaml:4:5', fromMs: 2000, toMs: 10000 },
];

describe('frame analysis', () => {
  it('a moving square, then 6 s still with a blinking 2x4 cursor, then moving again: one still stretch of 6 s', () => {
    const a = createFrameAnalyser(5);
    for (let n = 0; n < 10; n++) a.push(frame(10 + n * 12, 50, 12));
    for (let n = 0; n < 30; n++) a.push(n % 2 ? frame(200, 100, 2) : frame());
    for (let n = 0; n < 10; n++) a.push(frame(10 + n * 12, 120, 12));
    const { stills, blanks } = a.finish();
    expect(blanks).toEqual([]);
    const long = stills.filter((s) => s.toMs - s.fromMs > 3000);
    expect(long).toEqual([{ fromMs: 2000, toMs: 8000 }]);
  });

  it('flat frames are blank; the avatar disc left out does not make them busy', () => {
    const a = createFrameAnalyser(5);
    const ignore = new Uint8Array(W * H);
    for (let j = 100; j < 140; j++) for (let i = 260; i < 300; i++) ignore[j * W + i] = 1;
    for (let n = 0; n < 10; n++) a.push(frame(260, 100, 40, true), ignore);
    for (let n = 0; n < 5; n++) a.push(frame(n * 10, 10, 8));
    expect(a.finish().blanks).toEqual([{ fromMs: 0, toMs: 2000, stddev: 0 }]);
  });
});

describe('pictureFindings', () => {
  it.each([
    ['6 s still, nothing said', [], [{ fromMs: 2000, toMs: 8000 }]],
    ['6 s still, a line over its middle 2 s: two pieces of 2 s, none over the limit', [{ fromMs: 4000, toMs: 6000 }], []],
    ['6 s still, a line over its first 1.5 s: 4.5 s left', [{ fromMs: 2000, toMs: 3500 }], [{ fromMs: 3500, toMs: 8000 }]],
  ])('%s', (_name, voice, expected) => {
    const found = pictureFindings({ stills: [{ fromMs: 2000, toMs: 8000 }], blanks: [] }, voice, steps, 'the picture');
    expect(found.map((f) => ({ fromMs: f.fromMs, toMs: f.toMs }))).toEqual(expected);
    for (const f of found) expect(f).toMatchObject({ check: 'frozen', severity: 'warning', step: '2', source: 's.yaml:4:5' });
  });
  it('blank: 0.4 s is a moment, 1 s a warning, 3 s an error', () => {
    const found = pictureFindings(
      {
        stills: [],
        blanks: [
          { fromMs: 0, toMs: 400, stddev: 0 },
          { fromMs: 1000, toMs: 2000, stddev: 1 },
          { fromMs: 5000, toMs: 8000, stddev: 0 },
        ],
      },
      [],
      steps,
      'x',
    );
    expect(found.map((f) => [f.check, f.severity, f.step])).toEqual([
      ['blank', 'warning', '1'],
      ['blank', 'error', '2'],
    ]);
  });
  it('subtract', () =>
    expect(
      subtract({ fromMs: 0, toMs: 10 }, [
        { fromMs: 2, toMs: 4 },
        { fromMs: 8, toMs: 12 },
      ]),
    ).toEqual([
      { fromMs: 0, toMs: 2 },
      { fromMs: 4, toMs: 8 },
    ]));
});

describe('audio', () => {
  /** 16-bit mono PCM at 8 kHz: `ms` of a 440 Hz tone at `amp` (0–1), or silence. */
  const tone = (ms: number, amp: number): Buffer => {
    const n = Math.round((8000 * ms) / 1000);
    const b = Buffer.alloc(n * 2);
    for (let i = 0; i < n; i++) b.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(Math.sin((2 * Math.PI * 440 * i) / 8000) * amp * 32767))), i * 2);
    return b;
  };
  const analyse = (...parts: Buffer[]) => {
    const a = createAudioAnalyser(8000, 1);
    // Odd chunk sizes: a sample split across chunks is read whole.
    const all = Buffer.concat(parts);
    for (let o = 0; o < all.length; o += 777) a.push(all.subarray(o, o + 777));
    return a.finish();
  };
  const clip = [{ id: 'intro', startMs: 1000, durationMs: 3000 }];
  it.each([
    ['a clean voice', [tone(1000, 0), tone(3000, 0.5)], []],
    ['a voice at full scale', [tone(1000, 0), tone(3000, 1.2)], ['audio-clipping']],
    ['silence where the line is', [tone(1000, 0.5), tone(3000, 0)], ['audio-silent']],
    ['1.5 s of the line silent', [tone(1000, 0), tone(1500, 0.5), tone(1500, 0)], ['audio-silent']],
  ])('%s', (_name, parts, checks) => {
    const found = audioFindings(analyse(...parts), clip, steps, true);
    expect(found.map((f) => f.check)).toEqual(checks);
    for (const f of found) expect(f.step).toBe('1');
  });
  it('no audio track at all while narration is expected is an error', () => {
    expect(audioFindings([], clip, steps, false)).toEqual([expect.objectContaining({ check: 'audio-silent', severity: 'error' })]);
  });
});
