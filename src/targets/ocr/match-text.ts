/**
 * Matching a query against OCR output. Pure: words in, candidates out.
 *
 * A line's text is its words joined by one space. Default match: the query, whitespace
 * collapsed and trimmed, is a case-insensitive substring of the line's text; the match's box
 * covers the words it spans, the first and last narrowed in proportion to the characters left
 * out (a query inside one word gets that part of the word's box: "sk_live" in
 * "sk_live_51H..."); `_` and a space count as the same (see fold). `exact`: the query, whitespace collapsed, equals the text of consecutive
 * whole words, case and all. A phrase never spans two lines.
 */
import type { Box, Candidate, SeenText } from '../types';

/** One word read, its box in screen px, Tesseract's confidence 0–100. */
export type OcrWord = { text: string; box: Box; confidence: number };
/** One line read: its words left to right. */
export type OcrLine = { words: OcrWord[] };

/** Whitespace runs to one space, trimmed. */
export const normaliseSpace = (s: string): string => s.replace(/\s+/gu, ' ').trim();

/**
 * The default comparison's form of a text: lower case, `_` as a space (Tesseract reads the
 * underscore of monospace terminal fonts as a gap: "STRIPE_KEY" → "STRIPE KEY").
 */
const fold = (s: string): string => s.toLowerCase().replace(/_/gu, ' ');

/** The box around boxes (at least one). */
export const unionBox = (boxes: readonly Box[]): Box => {
  const x0 = Math.min(...boxes.map((b) => b.x));
  const y0 = Math.min(...boxes.map((b) => b.y));
  const x1 = Math.max(...boxes.map((b) => b.x + b.width));
  const y1 = Math.max(...boxes.map((b) => b.y + b.height));
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
};

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

/** Reading order: top to bottom, then left to right; boxes whose centres share a row go by x. */
export const readingOrder = (a: Box, b: Box): number => {
  const dy = a.y + a.height / 2 - (b.y + b.height / 2);
  if (Math.abs(dy) < Math.min(a.height, b.height) / 2) return a.x - b.x;
  return dy;
};

/**
 * Every match of `query` in the lines, in reading order. `label`: `text "…"` with the text
 * read; `score`: the mean confidence of the words spanned, 0–1. An empty query matches nothing.
 */
export const matchText = (lines: readonly OcrLine[], query: string, opts: { exact?: boolean } = {}): Candidate[] => {
  const q = normaliseSpace(query);
  if (!q) return [];
  const needle = opts.exact ? q : fold(q);
  const out: Candidate[] = [];
  for (const line of lines) {
    if (line.words.length === 0) continue;
    const { text, starts } = lineText(line);
    const hay = opts.exact ? text : fold(text);
    // Folding keeps lengths for the scripts we read (Latin); a change of length would shift offsets.
    if (hay.length !== text.length) continue;
    for (let at = hay.indexOf(needle); at !== -1; at = hay.indexOf(needle, at + needle.length)) {
      const end = at + needle.length;
      let first = -1;
      let last = -1;
      starts.forEach((s, i) => {
        const e = s + line.words[i]!.text.length;
        if (s < end && e > at) {
          if (first === -1) first = i;
          last = i;
        }
      });
      if (first === -1) continue;
      const fw = line.words[first]!;
      const lw = line.words[last]!;
      const fs = starts[first]!;
      const ls = starts[last]!;
      if (opts.exact && (at !== fs || end !== ls + lw.text.length)) continue;
      const spanned = line.words.slice(first, last + 1);
      // Narrow the ends in proportion to the characters of the end words left out.
      const left = fw.box.x + (fw.box.width * Math.max(0, at - fs)) / fw.text.length;
      const right = lw.box.x + (lw.box.width * Math.min(lw.text.length, end - ls)) / lw.text.length;
      const around = unionBox(spanned.map((w) => w.box));
      const x = Math.round(left);
      const box = { x, y: around.y, width: Math.max(1, Math.round(right) - x), height: around.height };
      const score = spanned.reduce((s, w) => s + w.confidence, 0) / spanned.length / 100;
      out.push({ box, label: `text "${text.slice(at, end)}"`, score });
    }
  }
  return dedupe(out).sort((a, b) => readingOrder(a.box, b.box));
};

const overlapShare = (a: Box, b: Box): number => {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? (w * h) / Math.min(a.width * a.height, b.width * b.height) : 0;
};

/** One candidate per place: of candidates overlapping over half of the smaller box, the best scored. */
const dedupe = (cs: Candidate[]): Candidate[] => {
  const kept: Candidate[] = [];
  for (const c of [...cs].sort((a, b) => (b.score ?? 0) - (a.score ?? 0))) if (!kept.some((k) => overlapShare(k.box, c.box) > 0.5)) kept.push(c);
  return kept;
};

/** Every line read, its text and box, in reading order (for a miss message). */
export const seenLines = (lines: readonly OcrLine[]): SeenText[] =>
  lines
    .filter((l) => l.words.length > 0)
    .map((l) => ({ text: lineText(l).text, box: unionBox(l.words.map((w) => w.box)) }))
    .sort((a, b) => readingOrder(a.box, b.box));
