/**
 * Word timings from a character alignment (pure). ElevenLabs returns, for the text it spoke,
 * each character with its start and end time; a word starts where its first character starts
 * and ends where its last one ends. When ElevenLabs normalised the text before speaking it
 * ("$5" → "five dollars"), the alignment of the original text can have characters with no time
 * of their own: those words take the span of the normalised words in their place.
 */
export type Word = { text: string; startMs: number; endMs: number };

export type CharacterAlignment = { characters: string[]; startSeconds: number[]; endSeconds: number[] };

const ms = (s: number | undefined) => Math.round((s ?? 0) * 1000);

/** Splits an alignment into words on whitespace, with the times of their first and last characters. */
export const alignmentToWords = (a: CharacterAlignment): Word[] => {
  const words: Word[] = [];
  let cur: { text: string; start: number; end: number } | null = null;
  a.characters.forEach((ch, i) => {
    if (/\s/.test(ch)) {
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
export const lineWords = (text: string, alignment?: CharacterAlignment, normalized?: CharacterAlignment): Word[] => {
  const original = text.split(/\s+/).filter(Boolean);
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
  let last = 0;
  return original.map((w, i) => {
    const t = timed[i] ?? { startMs: last, endMs: last };
    const startMs = Math.max(last, t.startMs);
    const endMs = Math.max(startMs + 1, t.endMs);
    last = endMs;
    return { text: w, startMs, endMs };
  });
};
