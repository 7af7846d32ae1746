/**
 * Captions from narration (pure): the spoken words on the video's clock, grouped into pages of
 * at most six words, as even as they can be (a page also ends at a sentence's end or a pause),
 * the word being spoken highlighted, TikTok style. The same pages make the .srt and .vtt files.
 *
 * Text in a script written without spaces (Chinese, Japanese, Thai) comes as one long "word":
 * it is cut into pieces at ICU's word boundaries (each piece timed by its share of the word's
 * characters, `join: true` for no space before it), and a page also ends where its text would
 * need more than `maxLines` lines of `lineEm`. Each page has its line's direction (script-text.ts:
 * RTL for a Hebrew or Arabic line, even one that opens with "React"), drawn so by both paths.
 */
import { codeWords } from '../narration/code-terms';
import { breakAfter } from '../narration/speech-text';
import { captionLines } from './caption-lines';
import { graphemes, splitUnspaced, textDirection, wordWidthEm, type TextDirection } from './script-text';
import { escapeSrtText, escapeVttText } from './subtitle-text';

/**
 * A word on the video's clock; `join`: a piece of a word, shown with no space before it; `code`:
 * a technical term (narration/code-terms.ts), drawn in the monospace font.
 */
export type TimedWord = { text: string; startMs: number; endMs: number; join?: true; code?: true };
/** A page of caption words; `dir`: its paragraph direction (absent: left to right). */
export type CaptionPage = { startMs: number; endMs: number; words: TimedWord[]; dir?: TextDirection };
export type CaptionLine = { startMs: number; words: Array<{ text: string; startMs: number; endMs: number }> };

export type PagingOptions = {
  /** Most words on a page. */
  maxWords?: number;
  /** A silence this long (ms) between words starts a new page. */
  pauseMs?: number;
  /** A page stays up this long after its last word, unless the next page starts sooner. */
  holdMs?: number;
  /** The width of a caption line in em of the caption font (none: pages are not measured). */
  lineEm?: number;
  /** Most lines on a page (with `lineEm`). */
  maxLines?: number;
  /**
   * Mark technical terms (`code`, measured in the monospace font): words in backticks, URLs,
   * paths… (code-terms.ts). Backticks are taken out of the words either way.
   */
  codeTerms?: boolean;
};

/**
 * A word as the pieces a caption shows: a word in a script without spaces cut at its word
 * boundaries (see splitUnspaced), and any piece wider than a caption line (`lineEm`, em; a long
 * URL, "Supercalifragilistic…" ten times) cut between characters into line-wide pieces, so the
 * pager can spread it over pages instead of one page running off the box. Each piece is timed
 * by its share of the word's characters; all but the first have `join` (no space before).
 */
const pieces = (word: TimedWord, lineEm?: number): TimedWord[] => {
  const parts = splitUnspaced(word.text).flatMap((part) => {
    if (lineEm === undefined || wordWidthEm(part, word.code) <= lineEm) return [part];
    const out: string[] = [];
    let cur = '';
    for (const g of graphemes(part)) {
      if (cur && wordWidthEm(cur + g, word.code) > lineEm) {
        out.push(cur);
        cur = '';
      }
      cur += g;
    }
    if (cur) out.push(cur);
    return out;
  });
  if (parts.length < 2) return [word];
  const total = graphemes(word.text).length;
  const span = word.endMs - word.startMs;
  let done = 0;
  return parts.map((text, i) => {
    const startMs = word.startMs + (span * done) / total;
    done += graphemes(text).length;
    return {
      text,
      startMs,
      endMs: word.startMs + (span * done) / total,
      ...(i > 0 || word.join ? { join: true as const } : {}),
      ...(word.code ? { code: true as const } : {}),
    };
  });
};

/** Lines (each starting at its say event, word times relative to it) → pages on the video's clock. */
export const captionPages = (lines: CaptionLine[], opts: PagingOptions = {}): CaptionPage[] => {
  const maxWords = opts.maxWords ?? 6;
  const pauseMs = opts.pauseMs ?? 600;
  const holdMs = opts.holdMs ?? 500;
  const fits = (words: TimedWord[]) => opts.lineEm === undefined || words.length < 2 || captionLines(words, opts.lineEm).length <= (opts.maxLines ?? 2);
  const pages: CaptionPage[] = [];
  for (const line of [...lines].sort((a, b) => a.startMs - b.startMs)) {
    // Backticks out, technical terms marked (code-terms.ts); a word that was only backticks goes.
    const marked = codeWords(line.words.map((w) => w.text));
    const written = line.words
      .map((w, i) => ({ ...w, text: marked[i]!.text, ...(opts.codeTerms && marked[i]!.code ? { code: true as const } : {}) }))
      .filter((w) => w.text !== '');
    const dir = textDirection(written.map((w) => w.text).join(' '));
    // First chunks that end at a sentence's end or a pause, then each chunk in pages of even
    // size (7 words → 4 + 3, not 6 + a lone word), as many more as it takes for each to fit.
    let chunk: TimedWord[] = [];
    const flush = () => {
      const split = (n: number) => {
        const out: TimedWord[][] = [];
        for (let k = 0, at = 0; k < n; k++) {
          const size = Math.ceil((chunk.length - at) / (n - k));
          out.push(chunk.slice(at, at + size));
          at += size;
        }
        return out;
      };
      let n = Math.ceil(chunk.length / maxWords);
      let parts = split(n);
      while (n < chunk.length && !parts.every(fits)) parts = split(++n);
      for (const words of parts) {
        if (words.length) pages.push({ startMs: words[0]!.startMs, endMs: words.at(-1)!.endMs, words, ...(dir === 'rtl' ? { dir } : {}) });
      }
      chunk = [];
    };
    const words = written.flatMap((w) =>
      pieces({ text: w.text, startMs: line.startMs + w.startMs, endMs: line.startMs + w.endMs, ...(w.code ? { code: true as const } : {}) }, opts.lineEm),
    );
    for (const [i, word] of words.entries()) {
      const prev = chunk.at(-1);
      if (prev && word.startMs - prev.endMs >= pauseMs) flush();
      chunk.push(word);
      // A sentence ends where speech-text.ts says so: "2.5", "ml.ink" and "Dr." end none.
      if (chunk.length >= 2 && breakAfter(word.text, words[i + 1]?.text) === 'sentence') flush();
    }
    flush();
  }
  // Hold each page a little after its last word, never into the next page.
  pages.sort((a, b) => a.startMs - b.startMs);
  return pages.map((p, i) => {
    const next = pages[i + 1];
    return { ...p, endMs: Math.min(p.endMs + holdMs, next ? Math.max(p.endMs, next.startMs) : Infinity) };
  });
};

/**
 * What shows at a time: the page and the word being spoken (the last word started, so a word
 * stays lit through the short gap after it); null between pages.
 */
export const captionAt = (pages: CaptionPage[], tMs: number): { page: number; word: number } | null => {
  const i = pages.findIndex((p) => tMs >= p.startMs && tMs < p.endMs);
  if (i < 0) return null;
  const words = pages[i]!.words;
  let w = 0;
  for (let k = 0; k < words.length; k++) if (words[k]!.startMs <= tMs) w = k;
  return { page: i, word: w };
};

const pad = (n: number, w = 2) => String(n).padStart(w, '0');
const stamp = (ms: number, sep: ',' | '.') => {
  const t = Math.max(0, Math.round(ms));
  return `${pad(Math.floor(t / 3_600_000))}:${pad(Math.floor(t / 60_000) % 60)}:${pad(Math.floor(t / 1000) % 60)}${sep}${pad(t % 1000, 3)}`;
};
const pageText = (p: CaptionPage) => escapeSrtText(p.words.map((w, i) => (i > 0 && !w.join ? ' ' : '') + w.text).join(''));

/** SRT cues of the pages; text made safe by escapeSrtText (subtitle-text.ts). */
export const toSrt = (pages: CaptionPage[]): string =>
  pages.map((p, i) => `${i + 1}\n${stamp(p.startMs, ',')} --> ${stamp(p.endMs, ',')}\n${pageText(p)}\n`).join('\n');

/** WebVTT with each word's time (karaoke timestamps), which players that support it highlight; words escaped (escapeVttText). */
export const toVtt = (pages: CaptionPage[]): string =>
  `WEBVTT\n\n${pages
    .map(
      (p) =>
        `${stamp(p.startMs, '.')} --> ${stamp(p.endMs, '.')}\n${p.words.map((w, i) => (i === 0 ? escapeVttText(w.text) : `${w.join ? '' : ' '}<${stamp(w.startMs, '.')}>${escapeVttText(w.text)}`)).join('')}\n`,
    )
    .join('\n')}`;
