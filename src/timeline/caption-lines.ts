/**
 * A caption page's text in lines that fit a width (pure), the same in both render paths: the
 * browser draws each line as a block, libass gets them joined with \N. Lines break between
 * words (no space needed after a piece of Chinese or Thai); a word wider than a line on its own
 * (a URL, a long run without spaces) breaks between its characters.
 */
import { AVERAGE_ADVANCE_EM, graphemes, wordWidthEm } from './script-text';

/** One run of a line: (part of) word `word` of the page, after a space when `space`. */
export type CaptionRun = { word: number; text: string; space: boolean };
export type CaptionLineRuns = CaptionRun[];

/**
 * A word as captions show it: `join` (a piece of a word in a script without spaces) means no
 * space before it; `code`: a technical term, set (and measured) in the monospace font.
 */
export type LineWord = { text: string; join?: boolean; code?: boolean };

/**
 * Words → lines no wider than `widthEm` (em of the caption's font size, by textWidthEm's
 * estimate), in logical order; a line's runs are drawn in the page's direction.
 */
export const captionLines = (words: readonly LineWord[], widthEm: number): CaptionLineRuns[] => {
  const lines: CaptionLineRuns[] = [];
  let line: CaptionLineRuns = [];
  let used = 0;
  const newLine = () => {
    if (line.length) lines.push(line);
    line = [];
    used = 0;
  };
  words.forEach((w, i) => {
    const gap = i > 0 && !w.join ? AVERAGE_ADVANCE_EM : 0;
    const width = wordWidthEm(w.text, w.code);
    if (line.length && used + gap + width > widthEm) newLine();
    if (width <= widthEm) {
      line.push({ word: i, text: w.text, space: line.length > 0 && gap > 0 });
      used += (line.length > 1 ? gap : 0) + width;
      return;
    }
    // Wider than a line: character by character, over as many lines as it takes.
    let part = '';
    let partEm = 0;
    for (const g of graphemes(w.text)) {
      const gw = wordWidthEm(g, w.code);
      if (part && partEm + gw > widthEm) {
        line.push({ word: i, text: part, space: false });
        newLine();
        part = '';
        partEm = 0;
      }
      part += g;
      partEm += gw;
    }
    if (part) {
      line.push({ word: i, text: part, space: false });
      used = partEm;
    }
  });
  newLine();
  return lines;
};
