/**
 * Matching a query against OCR output. Pure: words in, candidates out.
 *
 * A line's text is its words joined by one space. Default match: the query is a
 * case-insensitive substring of the line's text, both with `_` as a space and no space next to
 * punctuation (OCR guesses those: see looseForm); the match's box covers the words it spans, the first and
 * last narrowed in proportion to the characters left out (a query inside one word gets that
 * part of the word's box: "sk_live" in "sk_live_51H..."). `exact`: the query, whitespace
 * collapsed, equals the text of consecutive whole words, case and all. A phrase never spans
 * two lines.
 */
import { overlapShare, readingOrder, unionBox } from '../boxes';
import type { Box, Candidate, SeenText } from '../types';

/** One word read, its box in screen px, Tesseract's confidence 0–100. */
export type OcrWord = { text: string; box: Box; confidence: number };
/** One line read: its words left to right. */
export type OcrLine = { words: OcrWord[] };

/** Whitespace runs to one space, trimmed. */
export const normaliseSpace = (s: string): string => s.replace(/\s+/gu, ' ').trim();

/** A line's text (words joined by one space) and where each word starts in it. */
const lineText = (line: OcrLine): { text: string; starts: number[] } => {
  const starts: number[] = [];
  let text = '';
  for (const w of line.words) {
    if (text) text += ' ';
    starts.push(text.length);
    text += w.text;
  }
  return { text, starts };
};

/**
 * Every match of `query` in the lines, in reading order. `label`: `text "…"` with the text
 * read; `score`: the mean confidence of the words spanned, 0–1. An empty query matches nothing.
 */
export const matchText = (lines: readonly OcrLine[], query: string, opts: { exact?: boolean } = {}): Candidate[] => {
  const q = normaliseSpace(query);
  if (!q) return [];
  if (!opts.exact) return matchLoose(lines, q);
  const out: Candidate[] = [];
  for (const line of lines) {
    if (line.words.length === 0) continue;
    const { text, starts } = lineText(line);
    for (let at = text.indexOf(q); at !== -1; at = text.indexOf(q, at + q.length)) {
      const end = at + q.length;
      const first = starts.indexOf(at);
      const last = starts.findIndex((s, i) => s + line.words[i]!.text.length === end);
      // Whole words only: the phrase starts at a word's start and ends at a word's end.
      if (first === -1 || last === -1 || last < first) continue;
      const spanned = line.words.slice(first, last + 1);
      out.push({ box: unionBox(spanned.map((w) => w.box)), label: `text "${text.slice(at, end)}"`, score: meanConfidence(spanned) });
    }
  }
  return readingOrder(dedupe(out), (c) => c.box);
};

const meanConfidence = (words: readonly OcrWord[]): number => words.reduce((s, w) => s + w.confidence, 0) / words.length / 100;

/** A letter or digit: a space between two of these separates words; next to anything else it is OCR's guess. */
const wordChar = (c: string): boolean => /[\p{L}\p{N}]/u.test(c);

/**
 * A text in the default match's form, each character with where it came from: lower case, `_`
 * as a space (Tesseract reads the underscore of monospace fonts as a gap: "STRIPE_KEY" →
 * "STRIPE KEY"), a run of spaces as one, and no space next to punctuation (OCR puts spaces
 * where the screen has none around dots, slashes and @: "demo. example. com" for a monospace
 * "demo.example.com"). A space between two letters or digits stays: "Project storefront" does
 * not hold "projects".
 */
const looseForm = <T>(chars: ReadonlyArray<{ c: string; from: T }>): Array<{ c: string; from: T }> => {
  const lowered = chars.flatMap(({ c, from }) => (/[\s_]/u.test(c) ? [{ c: ' ', from }] : [...c.toLowerCase()].map((l) => ({ c: l, from }))));
  const out: Array<{ c: string; from: T }> = [];
  lowered.forEach((ch, i) => {
    if (ch.c !== ' ') return void out.push(ch);
    const prev = out.at(-1);
    const next = lowered.slice(i + 1).find((n) => n.c !== ' ');
    if (prev && next && prev.c !== ' ' && wordChar(prev.c) && wordChar(next.c)) out.push(ch);
  });
  return out;
};

/**
 * The default match: case-insensitive, spacing as looseForm reads it. Each compared character
 * remembers its word and its place in it, so the box covers exactly the characters matched
 * (the end words narrowed in proportion).
 */
const matchLoose = (lines: readonly OcrLine[], q: string): Candidate[] => {
  const needle = looseForm([...q].map((c) => ({ c, from: null })))
    .map((ch) => ch.c)
    .join('');
  if (!needle.trim()) return [];
  const out: Candidate[] = [];
  for (const line of lines) {
    const chars: Array<{ c: string; from: { word: number; char: number } }> = [];
    line.words.forEach((w, wi) => {
      if (wi > 0) chars.push({ c: ' ', from: { word: wi, char: 0 } });
      let ci = 0;
      for (const c of w.text) {
        chars.push({ c, from: { word: wi, char: ci } });
        ci += c.length;
      }
    });
    const form = looseForm(chars);
    const hay = form.map((ch) => ch.c).join('');
    for (let at = hay.indexOf(needle); at !== -1; at = hay.indexOf(needle, at + needle.length)) {
      const from = form[at]!.from;
      const to = form[at + needle.length - 1]!.from;
      const fw = line.words[from.word]!;
      const lw = line.words[to.word]!;
      const spanned = line.words.slice(from.word, to.word + 1);
      const left = fw.box.x + (fw.box.width * from.char) / fw.text.length;
      const right = lw.box.x + (lw.box.width * Math.min(lw.text.length, to.char + 1)) / lw.text.length;
      const around = unionBox(spanned.map((w) => w.box));
      const x = Math.round(left);
      const text = spanned.map((w, i) => w.text.slice(i === 0 ? from.char : 0, i === spanned.length - 1 ? to.char + 1 : undefined)).join(' ');
      out.push({
        box: { x, y: around.y, width: Math.max(1, Math.round(right) - x), height: around.height },
        label: `text "${text}"`,
        score: meanConfidence(spanned),
      });
    }
  }
  return readingOrder(dedupe(out), (c) => c.box);
};

/** One candidate per place: of candidates overlapping over half of the smaller box, the best scored. */
const dedupe = (cs: Candidate[]): Candidate[] => {
  const kept: Candidate[] = [];
  for (const c of [...cs].sort((a, b) => (b.score ?? 0) - (a.score ?? 0))) if (!kept.some((k) => overlapShare(k.box, c.box) > 0.5)) kept.push(c);
  return kept;
};

/** Every line read, its text and box, in reading order (for a miss message). */
export const seenLines = (lines: readonly OcrLine[]): SeenText[] =>
  readingOrder(
    lines.filter((l) => l.words.length > 0).map((l) => ({ text: lineText(l).text, box: unionBox(l.words.map((w) => w.box)) })),
    (l) => l.box,
  );
