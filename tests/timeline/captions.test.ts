import { describe, expect, it } from 'vitest';
import { captionLines } from '../../src/timeline/caption-lines';
import { captionAt, captionPages, toSrt, toVtt, type CaptionLine } from '../../src/timeline/captions';
import { ARABIC, HEBREW, THAI, ZH78 } from '../helpers/world-text';

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
    {
      name: 'six words at most, in even pages',
      text: 'one two three four five six seven eight',
      want: [
        ['one', 'two', 'three', 'four'],
        ['five', 'six', 'seven', 'eight'],
      ],
    },
    {
      name: 'never a lone last word',
      text: 'We deploy my app with one command.',
      want: [
        ['We', 'deploy', 'my', 'app'],
        ['with', 'one', 'command.'],
      ],
    },
    {
      name: 'twelve words: two full pages',
      text: 'a b c d e f g h i j k l',
      want: [
        ['a', 'b', 'c', 'd', 'e', 'f'],
        ['g', 'h', 'i', 'j', 'k', 'l'],
      ],
    },
    {
      name: "a sentence's end ends the page",
      text: 'Deploy done. Now the domain',
      want: [
        ['Deploy', 'done.'],
        ['Now', 'the', 'domain'],
      ],
    },
    { name: 'a lone first word is not cut off by its full stop', text: 'Done. It works', want: [['Done.', 'It', 'works']] },
  ])('$name', ({ text, want }) => {
    const pages = captionPages([{ startMs: 1000, words: words(text) }]);
    expect(pages.map((p) => p.words.map((w) => w.text))).toEqual(want);
  });

  it('a pause starts a new page', () => {
    const pages = captionPages([{ startMs: 0, words: words('wait for it now go', { 2: 700 }) }]);
    expect(pages.map((p) => p.words.map((w) => w.text))).toEqual([
      ['wait', 'for', 'it'],
      ['now', 'go'],
    ]);
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

describe('captionPages: scripts without spaces, right-to-left lines', () => {
  const oneWord = (text: string, ms: number) => [{ startMs: 1000, words: [{ text, startMs: 0, endMs: ms }] }];
  it.each([
    { name: '78 Chinese characters (one "word")', text: ZH78, lineEm: 8, maxLines: 2 },
    { name: 'the same in a wide box', text: ZH78, lineEm: 22, maxLines: 2 },
    { name: 'one line at most', text: ZH78, lineEm: 8, maxLines: 1 },
    { name: 'Thai', text: THAI, lineEm: 8, maxLines: 2 },
    // The tester's case: one Latin "word" of 200 characters, and a long URL (libass wrapped it to 5 lines, the browser dropped 130 characters).
    { name: 'a 200-character Latin word', text: 'Supercalifragilistic'.repeat(10), lineEm: 12, maxLines: 2 },
    { name: 'a long URL', text: 'https://ml.ink/docs/deploy/custom-domains?utm_source=screenplay&utm_medium=video&id=1234567890', lineEm: 12, maxLines: 2 },
  ])('$name: paged, each page within its lines, nothing lost, times in order', ({ text, lineEm, maxLines }) => {
    const pages = captionPages(oneWord(text, 7800), { lineEm, maxLines });
    expect(pages.length).toBeGreaterThan(1);
    for (const p of pages) expect(captionLines(p.words, lineEm).length).toBeLessThanOrEqual(maxLines);
    expect(pages.flatMap((p) => p.words.map((w) => w.text)).join('')).toBe(text);
    const words = pages.flatMap((p) => p.words);
    expect(words[0]!.startMs).toBe(1000);
    expect(words.at(-1)!.endMs).toBeCloseTo(8800, 6);
    for (let i = 1; i < words.length; i++) {
      expect(words[i]!.startMs).toBeCloseTo(words[i - 1]!.endMs, 6);
      expect(words[i]!.join).toBe(true);
    }
    // Each piece lasts its share of the characters.
    const perChar = 7800 / [...text].length;
    for (const w of words)
      if (!/[\u0e00-\u0e7f]/.test(w.text) && /\p{Script=Han}/u.test(w.text)) expect(w.endMs - w.startMs).toBeCloseTo(perChar * [...w.text].length, 6);
  });
  it('without a box to fit, a long run still pages by pieces (six at most)', () => {
    const pages = captionPages(oneWord(ZH78, 7800));
    expect(pages.length).toBeGreaterThanOrEqual(Math.ceil(splitCount(ZH78) / 6));
    for (const p of pages) expect(p.words.length).toBeLessThanOrEqual(6);
  });
  it('English is paged as before when it fits', () => {
    const text = 'We deploy my app with one command.';
    expect(captionPages([{ startMs: 0, words: words(text) }], { lineEm: 22, maxLines: 2 })).toEqual(captionPages([{ startMs: 0, words: words(text) }]));
  });
  it('English that does not fit two lines gets more pages', () => {
    const pages = captionPages([{ startMs: 0, words: words('internationalization localization globalization accessibility') }], { lineEm: 10, maxLines: 1 });
    // One word a page; "internationalization" (12.4 em) is wider than the line, so it is cut in two.
    expect(pages.map((p) => p.words.map((w) => w.text).join(''))).toEqual(['internationalizati', 'on', 'localization', 'globalization', 'accessibility']);
    for (const p of pages) expect(captionLines(p.words, 10)).toHaveLength(1);
  });
  it.each([
    { text: HEBREW, dir: 'rtl' },
    { text: ARABIC, dir: 'rtl' },
    { text: 'React היא ספרייה מעולה לבניית ממשקים ומהירה מאוד באמת', dir: 'rtl' },
    { text: 'Ship it today', dir: undefined },
  ])('$text: every page has the direction of its line ($dir)', ({ text, dir }) => {
    const pages = captionPages([{ startMs: 0, words: words(text) }], { maxWords: 2 });
    expect(pages.length).toBeGreaterThan(1);
    for (const p of pages) expect(p.dir).toBe(dir);
  });
  it('subtitle files join pieces without spaces', () => {
    const pages = captionPages(oneWord('我们今天在东京', 1000));
    expect(toSrt(pages)).toContain('\n我们今天在东京\n');
    expect(toVtt(pages)).toMatch(/\n我们<00:00:01\.\d{3}>今天<00:00:01\.\d{3}>在/);
  });
});

const splitCount = (text: string) => [...new Intl.Segmenter(undefined, { granularity: 'word' }).segment(text)].length;
