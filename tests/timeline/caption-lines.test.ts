import { describe, expect, it } from 'vitest';
import { captionLines } from '../../src/timeline/caption-lines';

const lineTexts = (lines: ReturnType<typeof captionLines>) => lines.map((l) => l.map((r) => (r.space ? ' ' : '') + r.text).join(''));

describe('captionLines', () => {
  it.each([
    { name: 'fits on one line', words: [{ text: 'Ship' }, { text: 'it' }], em: 20, want: ['Ship it'] },
    {
      name: 'breaks between words, no space at the start of a line',
      words: [{ text: 'alpha' }, { text: 'beta' }, { text: 'gamma' }],
      em: 5,
      want: ['alpha', 'beta', 'gamma'],
    },
    {
      name: 'pieces of a word join without a space',
      words: [{ text: '我们' }, { text: '今天', join: true as const }, { text: '东京', join: true as const }],
      em: 10,
      want: ['我们今天东京'],
    },
    {
      name: 'pieces break between them',
      words: [{ text: '我们' }, { text: '今天', join: true as const }, { text: '东京', join: true as const }],
      em: 4,
      want: ['我们今天', '东京'],
    },
    {
      name: 'a word wider than a line breaks between characters',
      words: [{ text: 'go' }, { text: '东京东京东京东京东京' }],
      em: 4,
      want: ['go', '东京东京', '东京东京', '东京'],
    },
  ])('$name', ({ words, em, want }) => {
    const lines = captionLines(words, em);
    expect(lineTexts(lines)).toEqual(want);
    // Every run says which word it belongs to (the highlight follows the word).
    expect(lines.flat().map((r) => words[r.word]!.text.includes(r.text))).not.toContain(false);
  });
});
