import { describe, expect, it } from 'vitest';
import { alignmentToWords, lineWords, type CharacterAlignment } from '../../src/narration/words';

/** An alignment with each character lasting `step` seconds from `t0`. */
const even = (text: string, step = 0.05, t0 = 0): CharacterAlignment => ({
  characters: [...text],
  startSeconds: [...text].map((_, i) => t0 + i * step),
  endSeconds: [...text].map((_, i) => t0 + (i + 1) * step),
});

describe('alignmentToWords', () => {
  it.each([
    { name: 'one word', text: 'Hi', want: [{ text: 'Hi', startMs: 0, endMs: 100 }] },
    { name: 'two words: the space belongs to neither', text: 'Hi yo', want: [{ text: 'Hi', startMs: 0, endMs: 100 }, { text: 'yo', startMs: 150, endMs: 250 }] },
    { name: 'leading, trailing and double spaces', text: ' a  b ', want: [{ text: 'a', startMs: 50, endMs: 100 }, { text: 'b', startMs: 200, endMs: 250 }] },
    { name: 'punctuation stays with its word', text: 'Go, now.', want: [{ text: 'Go,', startMs: 0, endMs: 150 }, { text: 'now.', startMs: 200, endMs: 400 }] },
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
