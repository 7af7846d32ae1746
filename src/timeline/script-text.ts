/**
 * What a piece of text needs to be laid out (pure): its direction (right-to-left for Hebrew,
 * Arabic…), its width in em without a font at hand, and where text in a script written without
 * spaces (Chinese, Japanese, Thai…) may be cut into words. Both render paths and the caption
 * pager use these, so the browser and libass agree on direction, pages and line breaks.
 */

export type TextDirection = 'ltr' | 'rtl';

/** Letters of the scripts written right to left (Unicode bidi class R or AL). */
const RTL_LETTER =
  /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}\p{Script=Samaritan}\p{Script=Mandaic}\p{Script=Adlam}\p{Script=Hanifi_Rohingya}\p{Script=Yezidi}]/u;
const LETTER = /\p{L}/u;
const RLM = '\u200f';
const LRM = '\u200e';

/** The direction of the first strong character of `text` (a letter, or an LRM / RLM mark); null when it has none. */
const firstStrong = (text: string): TextDirection | null => {
  for (const ch of text) {
    if (ch === RLM) return 'rtl';
    if (ch === LRM) return 'ltr';
    if (LETTER.test(ch)) return RTL_LETTER.test(ch) ? 'rtl' : 'ltr';
  }
  return null;
};

/**
 * The paragraph direction of `text`: that of most of its words (by each word's first strong
 * character), so a Hebrew sentence that opens with "React" is still right to left; on a tie,
 * that of its first strong character, as the Unicode bidi algorithm (rule P2) and `dir="auto"`
 * decide; 'ltr' when it has no letter (digits, punctuation, emoji only).
 */
export const textDirection = (text: string): TextDirection => {
  let rtl = 0;
  let ltr = 0;
  for (const word of text.split(/\s+/)) {
    const d = firstStrong(word);
    if (d === 'rtl') rtl++;
    else if (d === 'ltr') ltr++;
  }
  return rtl === ltr ? (firstStrong(text) ?? 'ltr') : rtl > ltr ? 'rtl' : 'ltr';
};

/** The invisible mark that makes a bidi paragraph take `dir` (RLM or LRM), for libass. */
export const directionMark = (dir: TextDirection): string => (dir === 'rtl' ? RLM : LRM);

/** Scripts written without spaces between words: a line of them is one "word" to a space split. */
const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}]/u;

/** Whether `text` holds characters of a script written without spaces. */
export const hasUnspacedScript = (text: string): boolean => UNSPACED.test(text);

const graphemeSegmenter = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;
const wordSegmenter = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'word' }) : null;

/** The user-perceived characters (grapheme clusters) of `text`: "👍🏽" and "é" (e + ◌́) are one each. */
export const graphemes = (text: string): string[] => (graphemeSegmenter ? [...graphemeSegmenter.segment(text)].map((s) => s.segment) : [...text]);

/**
 * Cuts a "word" holding a script written without spaces into pieces for captions: at the word
 * boundaries ICU finds (dictionary based for Chinese, Japanese, Thai…), punctuation kept with the
 * piece before it, no piece longer than `maxGraphemes`. A word with no such script is returned
 * whole, and so does a word of another script inside it ("React"). The pieces concatenate
 * back to `text`.
 */
export const splitUnspaced = (text: string, maxGraphemes = 4): string[] => {
  if (!hasUnspacedScript(text)) return [text];
  const segments = wordSegmenter
    ? [...wordSegmenter.segment(text)].map((s) => ({ text: s.segment, word: s.isWordLike ?? true }))
    : graphemes(text).map((g) => ({ text: g, word: LETTER.test(g) }));
  const pieces: string[] = [];
  for (const s of segments) {
    // Punctuation (，。！) never starts a piece: it would start a caption line.
    if (!s.word && pieces.length > 0) {
      pieces[pieces.length - 1] += s.text;
      continue;
    }
    // A word in a script with spaces ("React" inside Chinese) stays whole.
    const g = hasUnspacedScript(s.text) ? graphemes(s.text) : [s.text];
    for (let i = 0; i < g.length; i += maxGraphemes) pieces.push(g.slice(i, i + maxGraphemes).join(''));
  }
  return pieces;
};

/** East Asian wide and fullwidth characters (CJK, kana, Hangul, fullwidth forms): one em each. */
const WIDE =
  /[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\u{20000}-\u{3fffd}]/u;
const PICTOGRAPH = /\p{Extended_Pictographic}/u;

/** DejaVu Sans Bold's average advance is about 0.62 em (what captions and overlays are set in). */
export const AVERAGE_ADVANCE_EM = 0.62;

/**
 * The width of `text` in em, estimated without a font: 1 em per wide character (CJK), 1.2 em per
 * emoji, 0.62 em per other grapheme (DejaVu Sans Bold's average, a little generous for lower case).
 */
export const textWidthEm = (text: string): number => {
  let em = 0;
  for (const g of graphemes(text)) {
    const code = g.length === 1 ? g.charCodeAt(0) : -1;
    em += code >= 0x20 && code <= 0x7e ? (ASCII_ADVANCE_EM[code - 0x20] as number) : PICTOGRAPH.test(g) ? 1.2 : WIDE.test(g) ? 1 : OTHER_ADVANCE_EM;
  }
  return em;
};

/**
 * DejaVu Sans Bold's advance widths (em) of U+0020–U+007E, read from the font's hmtx table
 * (DejaVuSans-Bold.ttf, 2048 units per em): a line of capitals or "m"s is half as wide again as
 * one of "i"s, so an average (0.62) let a 150-letter word's line overflow the box and wrap.
 */
const ASCII_ADVANCE_EM = [
  0.348, 0.456, 0.521, 0.838, 0.696, 1.002, 0.872, 0.306, 0.457, 0.457, 0.523, 0.838, 0.38, 0.415, 0.38, 0.365, 0.696, 0.696, 0.696, 0.696, 0.696, 0.696, 0.696,
  0.696, 0.696, 0.696, 0.4, 0.4, 0.838, 0.838, 0.838, 0.58, 1.0, 0.774, 0.762, 0.734, 0.83, 0.683, 0.683, 0.821, 0.837, 0.372, 0.372, 0.775, 0.637, 0.995,
  0.837, 0.85, 0.733, 0.85, 0.77, 0.72, 0.682, 0.812, 0.774, 1.103, 0.771, 0.724, 0.725, 0.457, 0.365, 0.457, 0.838, 0.5, 0.5, 0.675, 0.716, 0.593, 0.716,
  0.678, 0.435, 0.716, 0.712, 0.343, 0.343, 0.665, 0.343, 1.042, 0.712, 0.687, 0.716, 0.716, 0.493, 0.595, 0.478, 0.712, 0.652, 0.924, 0.645, 0.652, 0.582,
  0.712, 0.365, 0.712, 0.838,
];
/** Any other narrow character (accented Latin, Cyrillic, Greek, Hebrew, Arabic): DejaVu Sans Bold's Latin-1/Latin Extended-A mean is 0.68 em. */
const OTHER_ADVANCE_EM = 0.72;

/** DejaVu Sans Mono Bold's advance (1233 / 2048 em), the same for every character it has: technical terms in captions. */
export const MONO_ADVANCE_EM = 0.602;

/** The width of `text` in em set in the monospace font: MONO_ADVANCE_EM per character it has, textWidthEm's estimate for the rest (CJK, emoji: fallback fonts). */
export const monoWidthEm = (text: string): number => {
  let em = 0;
  for (const g of graphemes(text)) {
    const code = g.length === 1 ? g.charCodeAt(0) : -1;
    em += code >= 0x20 && code <= 0x24f ? MONO_ADVANCE_EM : textWidthEm(g);
  }
  return em;
};

/** A caption word's width in em: in the monospace font when it is a technical term (`code`). */
export const wordWidthEm = (text: string, code?: boolean): number => (code ? monoWidthEm(text) : textWidthEm(text));
