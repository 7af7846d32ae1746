/**
 * The words and breaks of a narration line (pure): the one tokeniser the offline voice's phrase
 * splitter, every word timing (espeak-ng's and ElevenLabs' alignment) and the caption pager use,
 * so a caption word is always a word of the script and a pause falls only where the script has
 * one.
 *
 * - A word is a run of characters between whitespace. No-break spaces (U+00A0, U+2007, U+202F)
 *   join, as they do in print ("10 000", "5 km").
 * - A break is punctuation at the END of a word (so followed by whitespace or the end of the
 *   text), after any closing quotes or brackets: `2.5`, `$1,500`, `ml.ink`, `v1.2.3`,
 *   `https://ml.ink/docs?x=1`, `hi@ml.ink`, `10:30` and `fast—really` hold none.
 * - A full stop after an abbreviation is no break: initials and dotted acronyms (`J.`, `U.S.`,
 *   `e.g.`), titles (`Dr.`, `Mr.`, `vs.`), `No.` before a number, and `etc.`/`Inc.`/… unless the
 *   next word starts a new sentence (a capital letter).
 */

/** Whether a character separates words (whitespace other than the no-break spaces). */
export const isWordSeparator = (ch: string): boolean => /\s/u.test(ch) && !/[\u00a0\u2007\u202f]/u.test(ch);

/** A line's words: its runs of characters between whitespace, as the script wrote them. */
export const splitWords = (text: string): string[] => text.split(/[^\S\u00a0\u2007\u202f]+/u).filter(Boolean);

/** A word with no letter, digit or symbol to say: a lone dash, an ellipsis, a quote mark. */
export const isPunctuationOnly = (word: string): boolean => !/[\p{L}\p{N}\p{S}]/u.test(word);

/** What a break ends: a sentence (. ! ? … : ;, where a caption page may end) or a clause (, and dashes). */
export type BreakKind = 'sentence' | 'clause';

const CLOSERS = /["'”’»)\]}]+$/u;
const OPENERS = /^["'“‘«(\[{]+/u;
/** Titles and Latin abbreviations: their full stop never ends a sentence. */
const TITLES = new Set([
  'mr',
  'mrs',
  'ms',
  'dr',
  'prof',
  'st',
  'mt',
  'jr',
  'sr',
  'vs',
  'cf',
  'approx',
  'fig',
  'ca',
  'capt',
  'gen',
  'gov',
  'lt',
  'col',
  'sgt',
  'rev',
  'hon',
  'dept',
  'est',
  'vol',
  'p',
  'pp',
]);
/** Abbreviations that may also end a sentence: a break only when the next word is capitalised. */
const MAYBE_FINAL = new Set(['etc', 'inc', 'ltd', 'co', 'corp', 'llc', 'al']);

const isAbbreviation = (core: string, next: string | undefined): boolean => {
  const nextStart = next?.replace(OPENERS, '') ?? '';
  if (/^(\p{L}\.)+\p{L}$/u.test(core) || /^\p{Lu}$/u.test(core)) return true; // e.g. / U.S. / J.
  const lower = core.toLowerCase();
  if (TITLES.has(lower)) return true;
  if (lower === 'no') return /^[\d#]/u.test(nextStart);
  if (MAYBE_FINAL.has(lower)) return next !== undefined && !/^\p{Lu}/u.test(nextStart);
  return false;
};

/**
 * The break after `word` (the next word, when there is one, decides abbreviations like "etc."):
 * 'sentence', 'clause' or null. Only punctuation at the word's end counts.
 */
export const breakAfter = (word: string, next?: string): BreakKind | null => {
  const bare = word.replace(CLOSERS, '');
  if (bare === '') return null;
  if (/^[-–—]+$/u.test(bare)) return 'clause'; // a dash standing alone: " — "
  if (/(\.\.\.|…)$/u.test(bare)) return 'sentence';
  const last = bare.at(-1) as string;
  if (last === '.') return isAbbreviation(bare.slice(0, -1).replace(OPENERS, ''), next) ? null : 'sentence';
  // Full-width punctuation ends a piece of unspaced text (captions.ts cuts CJK at it).
  if ('!?:;。！？：；'.includes(last)) return 'sentence';
  if (',–—，、'.includes(last)) return 'clause';
  return null;
};

/**
 * A line's phrases, each its list of words: a phrase ends at every break (and at the end of the
 * text). Punctuation-only words (a lone "—") stay with the phrase before them, so no phrase is
 * silent, and a line that starts with one gives it to the first phrase.
 */
export const phraseWords = (text: string): string[][] => {
  const words = splitWords(text);
  const out: string[][] = [];
  let cur: string[] = [];
  words.forEach((w, i) => {
    cur.push(w);
    const next = words[i + 1];
    const nextIsMark = next !== undefined && isPunctuationOnly(next);
    if (next !== undefined && !nextIsMark && cur.some((x) => !isPunctuationOnly(x)) && breakAfter(w, next) !== null) {
      out.push(cur);
      cur = [];
    }
  });
  if (cur.length) out.push(cur);
  return out;
};
