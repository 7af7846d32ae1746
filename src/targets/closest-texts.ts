/**
 * The texts seen on screen that look most like the one looked for, for a miss message ("closest
 * texts seen: …"). Pure.
 */
import { editDistance } from '../dsl/did-you-mean';
import type { SeenText } from './types';

/** Texts are compared up to this many characters (the distance costs length²). */
const MAX_COMPARED = 120;

const norm = (s: string) => s.toLowerCase().replace(/\s+/g, ' ').trim().slice(0, MAX_COMPARED);

/**
 * How alike `a` and `b` are, 0 (nothing alike) to 1 (equal): 1 − Levenshtein distance / the
 * longer length, case-insensitive, whitespace-normalised.
 */
export const similarity = (a: string, b: string): number => {
  const x = norm(a);
  const y = norm(b);
  const n = Math.max(x.length, y.length);
  return n === 0 ? 1 : 1 - editDistance(x, y) / n;
};

/**
 * How well `wanted` matches somewhere in the line `seen`: the best similarity over runs of
 * consecutive words of the line as long as `wanted` (one word fewer or more too).
 */
export const lineSimilarity = (wanted: string, seen: string): number => {
  const words = norm(seen).split(' ').filter(Boolean);
  const k = Math.max(1, norm(wanted).split(' ').filter(Boolean).length);
  let best = similarity(wanted, seen);
  for (const len of [k - 1, k, k + 1]) {
    if (len < 1 || len > words.length) continue;
    for (let i = 0; i + len <= words.length && i < 200; i++) best = Math.max(best, similarity(wanted, words.slice(i, i + len).join(' ')));
  }
  return best;
};

/** Up to `n` seen texts most like `wanted`, best first (ties in screen order); at most 500 are compared. */
export const closestTexts = (wanted: string, seen: readonly SeenText[], n = 5): SeenText[] =>
  seen
    .slice(0, 500)
    .filter((s) => s.text.trim() !== '')
    .map((s, i) => ({ s, i, score: lineSimilarity(wanted, s.text) }))
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .slice(0, n)
    .map((x) => x.s);
