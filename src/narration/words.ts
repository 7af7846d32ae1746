/**
 * Word timings from a character alignment (pure). ElevenLabs returns, for the text it spoke,
 * each character with its start and end time; a word starts where its first character starts
 * and ends where its last one ends. When ElevenLabs normalised the text before speaking it
 * ("$5" → "five dollars"), the alignment of the original text can have characters with no time
 * of their own: those words take the span of the normalised words in their place.
 */
import { isPunctuationOnly, isWordSeparator, splitWords } from './speech-text';
import { writtenWords } from './pronounce';

export type Word = { text: string; startMs: number; endMs: number };

export type CharacterAlignment = { characters: string[]; startSeconds: number[]; endSeconds: number[] };

const ms = (s: number | undefined) => Math.round((s ?? 0) * 1000);

/** Splits an alignment into words on whitespace (speech-text.ts's rule), with the times of their first and last characters. */
export const alignmentToWords = (a: CharacterAlignment): Word[] => {
  const words: Word[] = [];
  let cur: { text: string; start: number; end: number } | null = null;
  a.characters.forEach((ch, i) => {
    if (isWordSeparator(ch)) {
      if (cur) words.push({ text: cur.text, startMs: cur.start, endMs: cur.end });
      cur = null;
      return;
    }
    const start = ms(a.startSeconds[i]);
    const end = ms(a.endSeconds[i]);
    if (!cur) cur = { text: ch, start, end };
    else cur = { text: cur.text + ch, start: cur.start, end: Math.max(cur.end, end) };
  });
  if (cur) words.push({ text: (cur as { text: string }).text, startMs: (cur as { start: number }).start, endMs: (cur as { end: number }).end });
  return words;
};

/**
 * The caption words for a line: the original text's words, timed by `alignment` where it gives
 * them time, and by `normalized` (spread over the original words it replaced) where it does not.
 * Times never go backwards and every word lasts at least 1 ms.
 */
export const lineWords = (text: string, alignment?: CharacterAlignment, normalized?: CharacterAlignment): Word[] =>
  alignedLineWords(text, alignment, normalized).words;

/**
 * lineWords, plus what was wrong with the alignment's own times before they were made
 * monotonic (`problems`, in words: "times go backwards at "deploy" (1200 ms after 1850 ms)").
 */
export const alignedLineWords = (text: string, alignment?: CharacterAlignment, normalized?: CharacterAlignment): { words: Word[]; problems: string[] } => {
  const original = splitWords(text);
  const fromOriginal = alignment ? alignmentToWords(alignment) : [];
  const fromNormalized = normalized ? alignmentToWords(normalized) : [];
  const usable = (ws: Word[]) => ws.length === original.length && ws.every((w) => w.endMs > w.startMs);
  let timed: Array<{ startMs: number; endMs: number }>;
  if (usable(fromOriginal)) timed = fromOriginal;
  else if (fromNormalized.length > 0) {
    // Spread the normalised words' span over the original words, in proportion to their length.
    const start = fromNormalized[0]!.startMs;
    const end = fromNormalized.at(-1)!.endMs;
    // Where the original alignment times a word, keep it; the rest share the gaps.
    const total = original.reduce((n, w) => n + w.length, 0) || 1;
    let acc = 0;
    timed = original.map((w) => {
      const s = start + ((end - start) * acc) / total;
      acc += w.length;
      return { startMs: Math.round(s), endMs: Math.round(start + ((end - start) * acc) / total) };
    });
    if (fromOriginal.length === original.length) {
      timed = timed.map((t, i) => (fromOriginal[i]!.endMs > fromOriginal[i]!.startMs ? fromOriginal[i]! : t));
    }
  } else timed = fromOriginal.length === original.length ? fromOriginal : original.map(() => ({ startMs: 0, endMs: 0 }));
  const problems: string[] = [];
  const back = timed.findIndex((t, i) => i > 0 && t.startMs < timed[i - 1]!.startMs);
  if (back > 0) problems.push(`times go backwards at "${original[back]}" (${timed[back]!.startMs} ms after ${timed[back - 1]!.startMs} ms)`);
  let last = 0;
  const words = original.map((w, i) => {
    const t = timed[i] ?? { startMs: last, endMs: last };
    const startMs = Math.max(last, t.startMs);
    const endMs = Math.max(startMs + 1, t.endMs);
    last = endMs;
    return { text: w, startMs, endMs };
  });
  return { words, problems };
};

/** Shorter than this, a spoken word is not a word but an alignment that stopped advancing. */
export const MIN_WORD_MS = 10;
/** Speech this long after the last word's end, or before the first word's start, is words the timings lost. */
export const MAX_UNTIMED_SPEECH_MS = 1000;

/**
 * What is wrong with a line's word times against its clip (pure): words shorter than
 * MIN_WORD_MS (punctuation-only words may be 0), times going backwards, a word past the audio's
 * end, or voiced audio (ms from the clip's start) left without words for more than
 * MAX_UNTIMED_SPEECH_MS at either end. Empty when the times can be trusted.
 */
export const wordTimingProblems = (words: readonly Word[], clip: { durationMs: number; voiced?: { startMs: number; endMs: number } | null }): string[] => {
  const problems: string[] = [];
  const spoken = words.filter((w) => !isPunctuationOnly(w.text));
  if (spoken.length === 0) return problems;
  const tiny = spoken.filter((w) => w.endMs - w.startMs < MIN_WORD_MS);
  if (tiny.length) problems.push(`${tiny.length} of ${spoken.length} words last under ${MIN_WORD_MS} ms`);
  const back = words.findIndex((w, i) => i > 0 && (w.startMs < words[i - 1]!.startMs || w.endMs < w.startMs));
  if (back > 0) problems.push(`times go backwards at "${words[back]!.text}"`);
  const lastEnd = Math.max(...words.map((w) => w.endMs));
  if (lastEnd > clip.durationMs + 50)
    problems.push(`the last word ends at ${Math.round(lastEnd)} ms, after the audio's end (${Math.round(clip.durationMs)} ms)`);
  if (clip.voiced) {
    if (clip.voiced.endMs - lastEnd > MAX_UNTIMED_SPEECH_MS)
      problems.push(`the last word ends at ${Math.round(lastEnd)} ms but the voice goes on to ${Math.round(clip.voiced.endMs)} ms`);
    const first = spoken[0]!.startMs;
    if (first - clip.voiced.startMs > MAX_UNTIMED_SPEECH_MS)
      problems.push(`the first word starts at ${Math.round(first)} ms but the voice starts at ${Math.round(clip.voiced.startMs)} ms`);
  }
  return problems;
};

/**
 * The fallback timing: `texts` spread over `span` (ms in the clip), each word in proportion to
 * its letters and digits (a punctuation-only word takes no time), back to back.
 */
export const spreadWords = (texts: readonly string[], span: { startMs: number; endMs: number }): Word[] => {
  const weight = (w: string) => (isPunctuationOnly(w) ? 0 : Math.max(1, (w.match(/[\p{L}\p{N}]/gu) ?? []).length));
  const total = texts.reduce((n, w) => n + weight(w), 0) || 1;
  const len = Math.max(0, span.endMs - span.startMs);
  let acc = 0;
  return texts.map((text) => {
    const startMs = Math.round(span.startMs + (len * acc) / total);
    acc += weight(text);
    return { text, startMs, endMs: Math.round(span.startMs + (len * acc) / total) };
  });
};

/**
 * The caption words of a line said with pronunciations (src/narration/pronounce.ts): `written`
 * is the script's line, `respelled` what it is with the pronunciations applied (its `groups`:
 * how many spoken words stand for each written word), `sent` the text the voice was given
 * (`written` when a service applies the pronunciations itself, else the respelled text).
 * Each written word spans its spoken words: "MCP" said "M C P" starts at the M's start and
 * ends at the P's end. When the service aligned the written text with times of its own, those
 * count; otherwise a normalised alignment of as many words as the respelling is mapped back
 * through the groups; otherwise alignedLineWords' fallback.
 */
export const respelledLineWords = (
  written: string,
  respelled: { text: string; groups: readonly number[] },
  sent: string,
  alignment?: CharacterAlignment,
  normalized?: CharacterAlignment,
): { words: Word[]; problems: string[] } => {
  const writtenList = splitWords(written);
  if (respelled.text === written) return alignedLineWords(written, alignment, normalized);
  const viaGroups = (r: { words: Word[]; problems: string[] }) => {
    const words = writtenWords(writtenList, respelled.groups, r.words);
    return words ? { words, problems: r.problems } : null;
  };
  if (sent !== written) return viaGroups(alignedLineWords(sent, alignment, normalized)) ?? alignedLineWords(written, alignment, normalized);
  const own = alignment ? alignmentToWords(alignment) : [];
  if (own.length === writtenList.length && own.every((w) => w.endMs > w.startMs)) return alignedLineWords(written, alignment, normalized);
  const spoken = normalized ? alignmentToWords(normalized) : [];
  if (normalized && spoken.length === splitWords(respelled.text).length) {
    const r = viaGroups(alignedLineWords(respelled.text, normalized));
    if (r) return r;
  }
  return alignedLineWords(written, alignment, normalized);
};
