import { describe, expect, it } from 'vitest';
import { voicedRangeMs } from '../../src/narration/mouth';
import { alignmentToWords, lineWords, spreadWords, wordTimingProblems, type CharacterAlignment } from '../../src/narration/words';

/** An alignment with each character lasting `step` seconds from `t0`. */
const even = (text: string, step = 0.05, t0 = 0): CharacterAlignment => ({
  characters: [...text],
  startSeconds: [...text].map((_, i) => t0 + i * step),
  endSeconds: [...text].map((_, i) => t0 + (i + 1) * step),
});

describe('alignmentToWords', () => {
  it.each([
    { name: 'one word', text: 'Hi', want: [{ text: 'Hi', startMs: 0, endMs: 100 }] },
    {
      name: 'two words: the space belongs to neither',
      text: 'Hi yo',
      want: [
        { text: 'Hi', startMs: 0, endMs: 100 },
        { text: 'yo', startMs: 150, endMs: 250 },
      ],
    },
    {
      name: 'leading, trailing and double spaces',
      text: ' a  b ',
      want: [
        { text: 'a', startMs: 50, endMs: 100 },
        { text: 'b', startMs: 200, endMs: 250 },
      ],
    },
    {
      name: 'punctuation stays with its word',
      text: 'Go, now.',
      want: [
        { text: 'Go,', startMs: 0, endMs: 150 },
        { text: 'now.', startMs: 200, endMs: 400 },
      ],
    },
    { name: 'nothing', text: '', want: [] },
  ])('$name', ({ text, want }) => expect(alignmentToWords(even(text))).toEqual(want));
});

describe('lineWords', () => {
  it('times the original words from the original alignment', () => {
    expect(lineWords('Ship it', even('Ship it', 0.1))).toEqual([
      { text: 'Ship', startMs: 0, endMs: 400 },
      { text: 'it', startMs: 500, endMs: 700 },
    ]);
  });

  it('where the text was normalised and the original has no times, spreads the normalised span over the original words', () => {
    const original = { characters: [...'It is $5'], startSeconds: Array(8).fill(0), endSeconds: Array(8).fill(0) };
    const normalized = even('It is five dollars', 0.05, 0.1);
    const words = lineWords('It is $5', original, normalized);
    expect(words.map((w) => w.text)).toEqual(['It', 'is', '$5']);
    expect(words[0]!.startMs).toBe(100);
    expect(words.at(-1)!.endMs).toBe(1000);
    for (const [i, w] of words.entries()) {
      expect(w.endMs).toBeGreaterThan(w.startMs);
      if (i > 0) expect(w.startMs).toBe(words[i - 1]!.endMs);
    }
  });

  it('keeps the original times of words it has and fills only the rest from the normalised alignment', () => {
    const text = 'Pay $5 now';
    const a = even(text, 0.1);
    // "$5" (characters 4–5) has no time of its own.
    a.startSeconds[4] = a.startSeconds[5] = 0;
    a.endSeconds[4] = a.endSeconds[5] = 0;
    const words = lineWords(text, a, even('Pay five dollars now', 0.05));
    expect(words[0]).toEqual({ text: 'Pay', startMs: 0, endMs: 300 });
    expect(words[2]).toEqual({ text: 'now', startMs: 700, endMs: 1000 });
    expect(words[1]!.startMs).toBeGreaterThanOrEqual(300);
    expect(words[1]!.endMs).toBeLessThanOrEqual(700);
  });

  it('never goes backwards and gives every word at least 1 ms, whatever the alignment says', () => {
    const bad = { characters: [...'a b c'], startSeconds: [0.5, 0, 0.2, 0, 0.1], endSeconds: [0.6, 0, 0.3, 0, 0.1] };
    const words = lineWords('a b c', bad);
    for (const [i, w] of words.entries()) {
      expect(w.endMs).toBeGreaterThan(w.startMs);
      if (i > 0) expect(w.startMs).toBeGreaterThanOrEqual(words[i - 1]!.endMs);
    }
  });
});

describe('wordTimingProblems: word times checked against the clip', () => {
  const w = (text: string, startMs: number, endMs: number) => ({ text, startMs, endMs });
  const good = [w('Ship', 100, 400), w('it', 450, 700), w('—', 700, 700), w('now.', 750, 1200)];
  it.each([
    {
      name: 'healthy times (a punctuation-only word may take no time)',
      words: good,
      clip: { durationMs: 1400, voiced: { startMs: 90, endMs: 1250 } },
      want: [],
    },
    {
      name: 'the reported case: 12 of 16 words inside 54 ms',
      words: [
        ...[0, 1, 2, 3].map((i) => w(`w${i}`, i * 300, i * 300 + 250)),
        ...Array.from({ length: 12 }, (_, i) => w(`s${i}`, 1200 + i * 4.5, 1200 + (i + 1) * 4.5)),
      ],
      clip: { durationMs: 5000, voiced: { startMs: 0, endMs: 4800 } },
      want: [/12 of 16 words last under 10 ms/, /the last word ends at 1254 ms but the voice goes on to 4800 ms/],
    },
    { name: 'times going backwards', words: [w('a', 500, 700), w('b', 200, 400)], clip: { durationMs: 1000 }, want: [/times go backwards at "b"/] },
    { name: 'an end before the start', words: [w('a', 500, 400)], clip: { durationMs: 1000 }, want: [/1 of 1 words last under 10 ms/] },
    {
      name: 'times past the audio',
      words: [w('a', 0, 900), w('b', 900, 2600)],
      clip: { durationMs: 2000 },
      want: [/the last word ends at 2600 ms, after the audio's end \(2000 ms\)/],
    },
    {
      name: 'words starting long after the voice',
      words: [w('a', 2500, 2900), w('b', 2900, 3400)],
      clip: { durationMs: 3500, voiced: { startMs: 100, endMs: 3400 } },
      want: [/the first word starts at 2500 ms but the voice starts at 100 ms/],
    },
  ])('$name', ({ words, clip, want }) => {
    const got = wordTimingProblems(words, clip);
    expect(got).toHaveLength(want.length);
    want.forEach((re, i) => expect(got[i]).toMatch(re));
  });
});

describe('spreadWords', () => {
  it('shares the span by letters and digits, back to back; punctuation-only words take no time', () => {
    expect(spreadWords(['Hi', '—', 'there.', 'v1.2'], { startMs: 100, endMs: 1100 })).toEqual([
      { text: 'Hi', startMs: 100, endMs: 300 },
      { text: '—', startMs: 300, endMs: 300 },
      { text: 'there.', startMs: 300, endMs: 800 },
      { text: 'v1.2', startMs: 800, endMs: 1100 },
    ]);
  });
});

describe('voicedRangeMs', () => {
  it('finds the voice between silences (10 ms hops), null for silence', () => {
    const rate = 16000;
    const s = new Float32Array(rate * 2);
    for (let i = rate * 0.25; i < rate * 1.5; i++) s[i] = 0.3 * Math.sin(i / 5);
    s[rate * 1.8] = 0.0001; // a speck far below the voice is not voice
    expect(voicedRangeMs(s, rate)).toEqual({ startMs: 250, endMs: 1500 });
    expect(voicedRangeMs(new Float32Array(rate), rate)).toBeNull();
  });
});
