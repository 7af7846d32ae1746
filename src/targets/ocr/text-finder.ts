/**
 * The TextFinder (OCR): finds words on a screen grab with Tesseract (tesseract.js, one worker
 * kept for the finder's life, English model from node_modules).
 *
 * Each find reads the screen (or the region) in up to two passes:
 * 1. Tesseract's Otsu binarisation: reads most UI text, bold and light-on-colour included.
 * 2. Only when the query was not found in pass 1: Sauvola binarisation (a threshold per
 *    neighbourhood), which reads grey 12–13 px text on light cards and text behind a dimming
 *    overlay that Otsu loses. Its lines are added to pass 1's.
 * A region of at most REGION_UPSCALE_MAX_PX is read at 2x (small text reads better; a small
 * picture costs little). Measured on the fixtures: scripts/measure-ocr-engines.ts.
 */
import type { Box, Candidate, Pixels, SeenText, TextFinder } from '../types';
import { overlapShare, unionBox } from '../boxes';
import { matchText, seenLines, type OcrLine } from './match-text';
import { checkScreen, clipRegion, prepareImage } from './prepare-image';
import { startTesseractJs, type OcrEngine, type Threshold } from './tesseract-js';

/** A region up to this many screen px is read at 2x. */
export const REGION_UPSCALE_MAX_PX = 300_000;

export const area = (b: Box) => b.width * b.height;

/**
 * The lines of several passes over the same picture (different binarisations) as one set: every
 * line of every pass, less a line that repeats an earlier pass's line (same text, boxes
 * overlapping over half of the smaller). Passes read different parts well, so their lines are
 * kept side by side; matchText removes the double matches.
 */
export const mergePasses = (passes: readonly OcrLine[][]): OcrLine[] => {
  const kept: { line: OcrLine; box: Box; text: string; pass: number }[] = [];
  passes.forEach((lines, pass) => {
    for (const line of lines) {
      if (line.words.length === 0) continue;
      const me = { line, box: unionBox(line.words.map((w) => w.box)), text: line.words.map((w) => w.text).join(' '), pass };
      if (kept.some((k) => k.pass !== pass && k.text === me.text && overlapShare(k.box, me.box) > 0.5)) continue;
      kept.push(me);
    }
  });
  return kept.map((k) => k.line);
};

/** Characters a button's or a box's border is read as, at a word's edge. */
const BORDER_LEFT = /^[[|]+/u;
const BORDER_RIGHT = /[\]|]+$/u;

/**
 * Words cleaned of borders read as text: a word made only of `|`, `[`, `]` is dropped; a leading
 * `[`/`|` or trailing `]`/`|` is cut off and the box narrowed in proportion ("[ERROR" → "ERROR").
 */
export const stripBorders = (lines: readonly OcrLine[]): OcrLine[] =>
  lines
    .map((l) => ({
      words: l.words.flatMap((w) => {
        const lead = BORDER_LEFT.exec(w.text)?.[0].length ?? 0;
        const rest = w.text.slice(lead);
        const trail = BORDER_RIGHT.exec(rest)?.[0].length ?? 0;
        const text = rest.slice(0, rest.length - trail);
        if (!text.trim()) return [];
        if (text === w.text) return [w];
        const per = w.box.width / w.text.length;
        const x = Math.round(w.box.x + lead * per);
        return [{ ...w, text, box: { ...w.box, x, width: Math.max(1, Math.round(w.box.x + (lead + text.length) * per) - x) } }];
      }),
    }))
    .filter((l) => l.words.length > 0);

export type TextFinderOptions = {
  /** When to read the second (Sauvola) pass: only when pass 1 misses (default), always, or never. */
  secondPass?: 'on-miss' | 'always' | 'never';
};

/**
 * A TextFinder with its own tesseract.js worker (started here, about 0.5–1 s). `find` answers
 * every match of the phrase (boxes in screen px, reading order, `score` = mean word confidence
 * 0–1) and every line read (`seen`); it throws OcrInputError for a screen whose data does not
 * fit its size, a screen over 8192 px a side, or a region with no part on the screen (a region
 * partly outside is clipped). Calls run one at a time. `close()` ends the worker.
 */
export const createTextFinder = async (opts: TextFinderOptions = {}): Promise<TextFinder> => {
  let engine: OcrEngine;
  try {
    engine = await startTesseractJs();
  } catch (err) {
    throw new Error(
      `OCR could not start (tesseract.js with the @tesseract.js-data/eng model from node_modules): ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  const secondPass = opts.secondPass ?? 'on-miss';
  let queue: Promise<unknown> = Promise.resolve();
  let closed = false;

  const findNow = async (screen: Pixels, text: string, o: { exact?: boolean; region?: Box }): Promise<{ matches: Candidate[]; seen: SeenText[] }> => {
    if (closed) throw new Error('the text finder is closed');
    checkScreen(screen);
    const box = clipRegion(screen, o.region);
    const scale = o.region && area(box) <= REGION_UPSCALE_MAX_PX ? 2 : 1;
    const picture = prepareImage(screen, { region: box, scale });
    const passes: OcrLine[][] = [];
    const read = async (t: Threshold) => passes.push(stripBorders(await engine.read(picture, t)));
    await read('otsu');
    let lines = passes[0]!;
    let matches = matchText(lines, text, o);
    if (secondPass === 'always' || (secondPass === 'on-miss' && matches.length === 0)) {
      await read('sauvola');
      lines = mergePasses(passes);
      matches = matchText(lines, text, o);
    }
    return { matches, seen: seenLines(dedupeSeen(lines)) };
  };

  return {
    find(screen, text, o = {}) {
      const run = queue.then(() => findNow(screen, text, o));
      queue = run.catch(() => undefined);
      return run;
    },
    async close() {
      if (closed) return;
      closed = true;
      await queue;
      await engine.close();
    },
  };
};

/** Lines of the second pass that mostly repeat a first-pass line's place are left out of `seen`. */
const dedupeSeen = (lines: OcrLine[]): OcrLine[] => {
  const kept: { line: OcrLine; box: Box }[] = [];
  for (const line of lines) {
    const box = unionBox(line.words.map((w) => w.box));
    if (kept.some((k) => overlapShare(k.box, box) > 0.8)) continue;
    kept.push({ line, box });
  }
  return kept.map((k) => k.line);
};
