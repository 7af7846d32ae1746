import { describe, expect, it } from 'vitest';
import { captionAt, captionPages, toSrt, toVtt, type CaptionLine } from '../../src/timeline/captions';

/** Words of 200 ms with 50 ms between them, from 0. */
const words = (text: string, gapAfter: Record<number, number> = {}) => {
  let t = 0;
  return text.split(' ').map((w, i) => {
    const out = { text: w, startMs: t, endMs: t + 200 };
    t += 250 + (gapAfter[i] ?? 0);
    return out;
  });
};

describe('captionPages', () => {
  it.each([
    { name: 'a short line is one page', text: 'Ship it now', want: [['Ship', 'it', 'now']] },
    { name: 'six words at most, in even pages', text: 'one two three four five six seven eight', want: [['one', 'two', 'three', 'four'], ['five', 'six', 'seven', 'eight']] },
    { name: 'never a lone last word', text: 'We deploy my app with one command.', want: [['We', 'deploy', 'my', 'app'], ['with', 'one', 'command.']] },
    { name: 'twelve words: two full pages', text: 'a b c d e f g h i j k l', want: [['a', 'b', 'c', 'd', 'e', 'f'], ['g', 'h', 'i', 'j', 'k', 'l']] },
    { name: "a sentence's end ends the page", text: 'Deploy done. Now the domain', want: [['Deploy', 'done.'], ['Now', 'the', 'domain']] },
    { name: 'a lone first word is not cut off by its full stop', text: 'Done. It works', want: [['Done.', 'It', 'works']] },
  ])('$name', ({ text, want }) => {
    const pages = captionPages([{ startMs: 1000, words: words(text) }]);
    expect(pages.map((p) => p.words.map((w) => w.text))).toEqual(want);
  });

  it('a pause starts a new page', () => {
    const pages = captionPages([{ startMs: 0, words: words('wait for it now go', { 2: 700 }) }]);
    expect(pages.map((p) => p.words.map((w) => w.text))).toEqual([['wait', 'for', 'it'], ['now', 'go']]);
  });

  it('puts words on the video clock, holds each page 500 ms, never into the next', () => {
    const lines: CaptionLine[] = [
      { startMs: 2000, words: words('first line') },
      { startMs: 2600, words: words('second') },
      { startMs: 9000, words: words('third') },
    ];
    const pages = captionPages(lines);
    expect(pages.map((p) => [p.startMs, p.endMs])).toEqual([
      [2000, 2600], // would hold to 2950, but the next page starts at 2600
      [2600, 3300],
      [9000, 9700],
    ]);
    expect(pages[0]!.words[1]).toEqual({ text: 'line', startMs: 2250, endMs: 2450 });
  });
});

describe('captionAt', () => {
  const pages = captionPages([{ startMs: 1000, words: words('a b c d e f g') }]);
  it.each([
    { t: 999, want: null },
    { t: 1000, want: { page: 0, word: 0 } },
    { t: 1210, want: { page: 0, word: 0 } }, // in the gap after "a": it stays lit
    { t: 1250, want: { page: 0, word: 1 } },
    { t: 1990, want: { page: 0, word: 3 } }, // 7 words: pages of 4 and 3
    { t: 2000, want: { page: 1, word: 0 } },
    { t: 2260, want: { page: 1, word: 1 } },
    { t: 2500, want: { page: 1, word: 2 } },
    { t: 3199, want: { page: 1, word: 2 } },
    { t: 3200, want: null }, // 500 ms after its last word
  ])('at $t ms', ({ t, want }) => expect(captionAt(pages, t)).toEqual(want));
});

describe('subtitle files', () => {
  const pages = captionPages([{ startMs: 3_723_456, words: words('Live in seconds.') }]);
  it('SRT: numbered cues with comma milliseconds', () => {
    expect(toSrt(pages)).toBe('1\n01:02:03,456 --> 01:02:04,656\nLive in seconds.\n');
  });
  it('WebVTT: a header, dot milliseconds, and each word’s time', () => {
    expect(toVtt(pages)).toBe('WEBVTT\n\n01:02:03.456 --> 01:02:04.656\nLive <01:02:03.706>in <01:02:03.956>seconds.\n');
  });
});
