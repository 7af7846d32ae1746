/** Suggests the closest known name for a misspelt one, with bounded work. Pure. */

/** Plain Levenshtein distance (insert, delete, substitute, each 1). O(|a|·|b|): for short strings. */
export const editDistance = (a: string, b: string): number => boundedDistance(a, b, Math.max(a.length, b.length), { cells: Infinity });

/** Names longer than this get no suggestion: nobody misspells a 65-character action name, and comparing costs length². */
const MAX_NAME = 64;

/** How much comparing one suggestion may cost, in edit-distance table cells (about 1 ms per 200,000). */
export type SuggestionBudget = { cells: number };

/**
 * The edit distance of `a` and `b` when it is at most `max`, else `max + 1`: only the diagonal
 * band |i − j| ≤ max is filled, and it stops as soon as a whole row exceeds `max`. Spends the cells
 * it fills from `budget`.
 */
const boundedDistance = (a: string, b: string, max: number, budget: SuggestionBudget): number => {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const over = max + 1;
  const n = b.length;
  let prev = n + 1 <= ROW_A.length ? ROW_A : new Int32Array(n + 1);
  let row = n + 1 <= ROW_B.length ? ROW_B : new Int32Array(n + 1);
  for (let j = 0; j <= n; j++) prev[j] = j <= max ? j : over;
  for (let i = 1; i <= a.length; i++) {
    const lo = Math.max(1, i - max);
    const hi = Math.min(n, i + max);
    // Cells outside the band read as "too far".
    row[lo - 1] = lo === 1 ? (i <= max ? i : over) : over;
    if (hi < n) row[hi + 1] = over;
    let best = row[lo - 1] as number;
    const ca = a.charCodeAt(i - 1);
    for (let j = lo; j <= hi; j++) {
      const d = Math.min((prev[j] as number) + 1, (row[j - 1] as number) + 1, (prev[j - 1] as number) + (ca === b.charCodeAt(j - 1) ? 0 : 1));
      row[j] = d > over ? over : d;
      if (d < best) best = d;
    }
    budget.cells -= hi - lo + 1;
    if (best > max) return over;
    [prev, row] = [row, prev];
  }
  return Math.min(prev[n] as number, over);
};

/** Lower-cased copies of the known names, made once per list (a compile asks about the same list many times). */
const LOWERED = new WeakMap<readonly string[], string[]>();
const lowerCase = (list: readonly string[]): string[] => {
  let l = LOWERED.get(list);
  if (!l) LOWERED.set(list, (l = list.map((k) => k.toLowerCase())));
  return l;
};

const ROW_A = new Int32Array(MAX_NAME + 2);
const ROW_B = new Int32Array(MAX_NAME + 2);

/**
 * ` (did you mean "X"?)` for the known name closest to `name` (case-insensitive), or '' when none
 * is within max(2, ⌊length/3⌋) edits. Work is bounded: only names whose length is within that
 * many characters are compared, each in a band of that width that stops early; names longer than
 * 64 characters get no suggestion; and a shared `budget` (cells; default 2,000,000 per call) ends
 * the search when spent, keeping the best so far.
 */
export const didYouMean = (name: string, known: Iterable<string>, budget: SuggestionBudget = { cells: 2_000_000 }): string => {
  if (name.length > MAX_NAME) return '';
  const limit = Math.max(2, Math.floor(name.length / 3));
  const lower = name.toLowerCase();
  let best: string | null = null;
  let bestD = limit + 1;
  const list = Array.isArray(known) ? (known as string[]) : [...known];
  const lowered = lowerCase(list);
  for (let i = 0; i < list.length; i++) {
    const k = list[i] as string;
    if (budget.cells <= 0) break;
    if (k.length > MAX_NAME || Math.abs(k.length - name.length) >= bestD) continue;
    // Only a strictly closer name can win, so the band narrows as better names are found.
    const d = boundedDistance(lower, lowered[i] as string, bestD - 1, budget);
    if (d < bestD) {
      bestD = d;
      best = k;
      if (d === 0) break;
    }
  }
  return best !== null ? ` (did you mean "${best}"?)` : '';
};
