/**
 * Characters no installed font has are named before a render (both the table-driven logic and
 * the real fontconfig of this machine, with the fallback fonts of src/system-packages.json).
 */
import { describe, expect, it } from 'vitest';
import { fontWarnings, installedFontCoverage, parseCharset, uncoveredText, type FontCoverage, outlineEmojiWarning } from '../../src/render/font-coverage';
import { drawnTexts } from '../../src/render/render';
import { skipWithout } from '../helpers/requires';

describe('parseCharset', () => {
  it.each([
    {
      text: '20-7e a0-17f 2010',
      want: [
        [0x20, 0x7e],
        [0xa0, 0x17f],
        [0x2010, 0x2010],
      ],
    },
    { text: '  ', want: [] },
    { text: '1f600-1f64f\n', want: [[0x1f600, 0x1f64f]] },
  ])('$text', ({ text, want }) => expect(parseCharset(text)).toEqual(want));
});

describe('uncoveredText', () => {
  // Latin and Hebrew in outline fonts; emoji in a bitmap font only.
  const coverage: FontCoverage = {
    all: [
      [0x20, 0x7e],
      [0x5d0, 0x5ea],
      [0x1f680, 0x1f680],
    ],
    outline: [
      [0x20, 0x7e],
      [0x5d0, 0x5ea],
    ],
  };
  it.each([
    { name: 'all covered', text: 'Ship it שלום', libass: false, want: [] },
    { name: 'a private-use character', text: 'Ship \ue000 it', libass: false, want: ['\ue000'] },
    { name: 'each missing character once, in order', text: '东京东 x', libass: false, want: ['东', '京'] },
    { name: 'an unassigned code point of another plane', text: 'a\u{3ffff}', libass: false, want: ['\u{3ffff}'] },
    { name: 'white space, marks and selectors need no font', text: '\u200f\u200d\ufe0f\t a', libass: false, want: [] },
    { name: 'a bitmap-only emoji: fine for Chromium', text: '🚀', libass: false, want: [] },
    { name: '… but not for libass', text: '🚀', libass: true, want: ['🚀'] },
  ])('$name', ({ text, libass, want }) => {
    const got = uncoveredText([{ where: 'the title', text, libass }], coverage);
    expect(got.flatMap((u) => u.chars)).toEqual(want);
  });
  it('warning lines name the characters, the text and where it is; capped', () => {
    const lines = fontWarnings([{ where: 'the callout at 0:01.0', text: 'Deploy \ue000', chars: ['\ue000'] }]);
    expect(lines).toEqual([
      `warning: no installed font has U+E000 "\ue000" in the callout at 0:01.0 ("Deploy \ue000"): it shows as an empty box (fc-list ':charset=e000' lists the fonts that would)`,
    ]);
    const many = fontWarnings(
      Array.from({ length: 12 }, (_, i) => ({ where: `w${i}`, text: 'x', chars: ['\ue000'] })),
      8,
    );
    expect(many).toHaveLength(9);
    expect(many.at(-1)).toBe('warning: and 4 more texts with characters no installed font has');
  });
});

describe('drawnTexts', () => {
  it('names the title, every caption page, callout, badge and keycap; libass draws the overlays in the composite path', () => {
    const texts = drawnTexts(
      { title: 'Ship 🚀', subtitle: '', brand: 'ink' },
      {
        narration: { pages: [{ startMs: 3200, endMs: 4000, words: [{ text: '东京', startMs: 3200, endMs: 3600 }] }] },
        overlays: {
          callouts: [{ startMs: 1000, endMs: 2000, x: 0, y: 0, text: 'לחץ' }],
          badges: [{ startMs: 0, endMs: 1, text: '4x' }],
          keycaps: [{ startMs: 500, endMs: 900, keys: ['Ctrl', 'L'] }],
        },
      },
      true,
    );
    expect(texts).toEqual([
      { where: 'the title', text: 'Ship 🚀' },
      { where: 'the brand', text: 'ink' },
      { where: 'the caption at 0:03.2', text: '东京', libass: true },
      { where: 'the callout at 0:01.0', text: 'לחץ', libass: true },
      { where: 'the badge at 0:00.0', text: '4x', libass: true },
      { where: 'the keycaps at 0:00.5', text: 'Ctrl L', libass: true },
    ]);
  });
});

const skip = skipWithout('font coverage through fontconfig', ['fc-list']);
describe.skipIf(skip)('installedFontCoverage (this machine)', () => {
  it('the shipped fallback fonts cover Hebrew, Arabic, CJK, Thai and emoji, in both paths; private use and unassigned code points are reported', () => {
    const coverage = installedFontCoverage()!;
    const texts = ['שלום', 'مرحبا', '东京', 'カタカナ', '한국어', 'สวัสดี', '🚀', '✅', '⏎ ⌫ ⇥ ⌘ ↑'];
    for (const libass of [false, true]) {
      expect(
        uncoveredText(
          texts.map((text) => ({ where: 'x', text, libass })),
          coverage,
        ),
      ).toEqual([]);
      expect(uncoveredText([{ where: 'x', text: 'a\ue000b\u{3ffff}', libass }], coverage)[0]?.chars).toEqual(['\ue000', '\u{3ffff}']);
    }
  });
});

describe('outlineEmojiWarning: emoji libass draws in outline', () => {
  it.each([
    {
      name: 'a rocket in a libass caption',
      texts: [{ where: 'the caption at 0:01.0', text: 'Ship it 🚀', libass: true }],
      want: /emoji in the caption at 0:01\.0 \("Ship it 🚀"\) are drawn in outline .*--renderer browser/,
    },
    { name: 'a flag (regional indicators)', texts: [{ where: 'the title', text: 'Made in 🇩🇪', libass: true }], want: /emoji in the title/ },
    {
      name: 'a ZWJ sequence and two more texts',
      texts: [
        { where: 'a', text: '👩‍💻', libass: true },
        { where: 'b', text: '✅', libass: true },
        { where: 'c', text: '🎉', libass: true },
      ],
      want: /emoji in a \("👩‍💻"\) and 2 more texts are drawn/,
    },
    { name: 'emoji the browser draws', texts: [{ where: 'the title', text: '🚀', libass: false }], want: null },
    { name: 'no emoji (CJK, Hebrew, digits, ©)', texts: [{ where: 'x', text: '东京 שלום 123 ©', libass: true }], want: null },
  ])('$name', ({ texts, want }) => {
    const line = outlineEmojiWarning(texts);
    if (want === null) expect(line).toBeNull();
    else expect(line).toMatch(want);
  });
});
