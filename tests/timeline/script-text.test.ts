import { describe, expect, it } from 'vitest';
import { directionMark, graphemes, hasUnspacedScript, splitUnspaced, textDirection, textWidthEm } from '../../src/timeline/script-text';
import { ARABIC, HEBREW, THAI, ZH78 } from '../helpers/world-text';

describe('textDirection', () => {
  it.each([
    { text: 'Ship it today.', want: 'ltr' },
    { text: HEBREW, want: 'rtl' },
    { text: ARABIC, want: 'rtl' },
    { text: 'React היא ספרייה מעולה', want: 'rtl' }, // most words are Hebrew
    { text: 'Say שלום to everyone', want: 'ltr' },
    { text: 'שלום world', want: 'rtl' }, // a tie: the first strong character
    { text: '2.5 שלום', want: 'rtl' }, // digits are not strong
    { text: '🚀 ✅ 123', want: 'ltr' }, // no letter at all
    { text: '\u200f123', want: 'rtl' }, // an explicit mark
    { text: ZH78, want: 'ltr' },
    { text: 'ܫܠܡܐ', want: 'rtl' }, // Syriac
  ])('$text → $want', ({ text, want }) => expect(textDirection(text)).toBe(want));
  it('marks', () => expect([directionMark('rtl'), directionMark('ltr')]).toEqual(['\u200f', '\u200e']));
});

describe('splitUnspaced', () => {
  it.each([
    { name: 'a word with spaces around it stays whole', text: 'deploy', want: ['deploy'] },
    { name: 'Hebrew stays whole', text: 'שלום', want: ['שלום'] },
    {
      name: 'Chinese at word boundaries, punctuation kept with the piece before',
      text: '我们今天在东京发布，欢迎。',
      want: ['我们', '今天', '在', '东京', '发布，', '欢迎。'],
    },
    { name: 'a mixed run', text: '用React开发', want: ['用', 'React', '开发'] },
  ])('$name', ({ text, want }) => {
    const got = splitUnspaced(text);
    expect(got).toEqual(want);
    expect(got.join('')).toBe(text);
  });
  it.each([{ text: ZH78 }, { text: THAI }, { text: 'カタカナとひらがなの文章です' }])('$text: pieces of at most 4 characters that join back', ({ text }) => {
    const got = splitUnspaced(text);
    expect(got.length).toBeGreaterThan(3);
    expect(got.join('')).toBe(text);
    for (const p of got) expect(graphemes(p).length).toBeLessThanOrEqual(5); // 4, plus trailing punctuation
  });
  it('knows which scripts go without spaces', () => {
    expect([ZH78, THAI, 'ひらがな', 'ລາວ', 'ខ្មែរ', 'English', HEBREW, '한국어'].map(hasUnspacedScript)).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
  });
});

describe('graphemes and textWidthEm', () => {
  it.each([
    { text: 'abc', n: 3, em: 0.675 + 0.716 + 0.593 }, // DejaVu Sans Bold's own advances
    { text: 'MMM', n: 3, em: 3 * 0.995 },
    { text: 'iii', n: 3, em: 3 * 0.343 },
    { text: '东京', n: 2, em: 2 },
    { text: '🚀', n: 1, em: 1.2 },
    { text: '👍🏽', n: 1, em: 1.2 }, // emoji with a skin tone: one cluster
    { text: 'e\u0301', n: 1, em: 0.72 }, // e + combining acute: one cluster, a non-ASCII width
    { text: 'ｘ', n: 1, em: 1 }, // fullwidth
  ])('$text: $n clusters, $em em', ({ text, n, em }) => {
    expect(graphemes(text)).toHaveLength(n);
    expect(textWidthEm(text)).toBeCloseTo(em, 5);
  });
});
