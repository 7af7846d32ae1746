/**
 * Captions from narration (pure): the spoken words on the video's clock, grouped into pages of
 * at most six words, as even as they can be (a page also ends at a sentence's end or a pause),
 * the word being spoken highlighted, TikTok style. The same pages make the .srt and .vtt files.
 */
import { breakAfter } from '../narration/speech-text';

export type TimedWord = { text: string; startMs: number; endMs: number };
export type CaptionPage = { startMs: number; endMs: number; words: TimedWord[] };
export type CaptionLine = { startMs: number; words: Array<{ text: string; startMs: number; endMs: number }> };

export type PagingOptions = {
  /** Most words on a page. */
  maxWords?: number;
  /** A silence this long (ms) between words starts a new page. */
  pauseMs?: number;
  /** A page stays up this long after its last word, unless the next page starts sooner. */
  holdMs?: number;
};


/** Lines (each starting at its say event, word times relative to it) → pages on the video's clock. */
export const captionPages = (lines: CaptionLine[], opts: PagingOptions = {}): CaptionPage[] => {
  const maxWords = opts.maxWords ?? 6;
  const pauseMs = opts.pauseMs ?? 600;
  const holdMs = opts.holdMs ?? 500;
  const pages: CaptionPage[] = [];
  for (const line of [...lines].sort((a, b) => a.startMs - b.startMs)) {
    // First chunks that end at a sentence's end or a pause, then each chunk in pages of even
    // size (7 words → 4 + 3, not 6 + a lone word).
    let chunk: TimedWord[] = [];
    const flush = () => {
      const n = Math.ceil(chunk.length / maxWords);
      for (let k = 0, at = 0; k < n; k++) {
        const size = Math.ceil((chunk.length - at) / (n - k));
        const words = chunk.slice(at, at + size);
        at += size;
        pages.push({ startMs: words[0]!.startMs, endMs: words.at(-1)!.endMs, words });
      }
      chunk = [];
    };
    for (const [i, w] of line.words.entries()) {
      const word = { text: w.text, startMs: line.startMs + w.startMs, endMs: line.startMs + w.endMs };
      const prev = chunk.at(-1);
      if (prev && word.startMs - prev.endMs >= pauseMs) flush();
      chunk.push(word);
      // A sentence ends where speech-text.ts says so: "2.5", "ml.ink" and "Dr." end none.
      if (chunk.length >= 2 && breakAfter(word.text, line.words[i + 1]?.text) === 'sentence') flush();
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
const pageText = (p: CaptionPage) => p.words.map((w) => w.text).join(' ');

export const toSrt = (pages: CaptionPage[]): string =>
  pages.map((p, i) => `${i + 1}\n${stamp(p.startMs, ',')} --> ${stamp(p.endMs, ',')}\n${pageText(p)}\n`).join('\n');

/** WebVTT with each word's time (karaoke timestamps), which players that support it highlight. */
export const toVtt = (pages: CaptionPage[]): string =>
  `WEBVTT\n\n${pages
    .map((p) => `${stamp(p.startMs, '.')} --> ${stamp(p.endMs, '.')}\n${p.words.map((w, i) => (i === 0 ? w.text : `<${stamp(w.startMs, '.')}>${w.text}`)).join(' ')}\n`)
    .join('\n')}`;
