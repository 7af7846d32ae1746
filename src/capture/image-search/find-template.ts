/**
 * Finds a picture (the template, or needle) on the screen (the haystack) with OpenCV's
 * normalised correlation (TM_CCOEFF_NORMED), in grey.
 *
 * Transparency: template pixels with alpha below OPAQUE_ALPHA (128 of 255) are ignored. The
 * template is cropped to the box of its opaque pixels (a transparent margin costs nothing), and
 * whatever transparent pixels remain inside the box (rounded corners, an icon's outline) are
 * masked out of the correlation: the score is the correlation over the opaque pixels only.
 * Semi-transparent pixels at or above the threshold count with their own colour: normalised
 * correlation forgives the blend with a flat background (it is a change of contrast and
 * brightness). A template with no opaque pixels is refused (TemplateError).
 *
 * Position: the screen's pyramid (1, 1/2, 1/4, 1/8) is built once; the whole screen is searched
 * only at the coarsest level where the needle keeps a 5 px short side, keeping the 20 best
 * places; each finer level re-ranks them in small windows, down to the exact position at full
 * resolution. When that hit is not exact (short text can vanish at 1/8), the search is redone
 * from one level finer, and the best kept.
 *
 * Scale: the template is tried first at the scale it declares (1 by default; `@2x` in its file
 * name, see templateScaleFromName), and a hit scoring the caller's confidence (or ACCEPT_FIRST
 * when that is lower) ends the search there
 * (the fast path: 1920x1080 with a 120x40 button, about 10 ms median, npm run bench). Otherwise
 * the scale is searched continuously: every scale from 0.4 to 2.5 in steps of 10 % on the
 * coarse pyramid levels (a few best places per scale), then the best few are refined in scale
 * and position together, down to about 1 % and one pixel at full resolution. That finds a
 * template cut at 125 % or 175 % display scale on a 100 % screen (or the other way round).
 */
import type { Pixels } from '../../targets/types';
import type { CV } from './opencv';

export type { Pixels };
export type SearchRegion = { x: number; y: number; width: number; height: number };

/**
 * Where the template was found, in screen pixels: the rectangle the whole template (transparent
 * margin included) covers on screen, clipped to the screen; `scale` is the factor the template
 * was resized by to match (0.5 for a template cut on a 2x screen), `score` the correlation (0–1).
 */
export type TemplateMatch = { x: number; y: number; width: number; height: number; score: number; scale: number };

export type FindOptions = {
  /** Minimum score (0–1) to count as found. */
  confidence?: number;
  region?: SearchRegion;
  /**
   * The template's pixels per screen pixel, when known: 2 for a template cut at 200 % display
   * scale (a `@2x` export) to be found on a 100 % screen. Tried first; default 1.
   */
  templateScale?: number;
  /**
   * The range of resize factors (screen size / template size) searched when the declared scale
   * does not match exactly; false searches the declared scale only. Default 0.4–2.5.
   */
  scaleSearch?: false | { min: number; max: number };
};

export type FindResult = { match: TemplateMatch | null; best: TemplateMatch | null };

/** Template pixels with alpha (0–255) below this are ignored by the search. */
export const OPAQUE_ALPHA = 128;
/** A template needs this many opaque pixels to be searched for. */
const MIN_OPAQUE_PIXELS = 16;

/** A template that cannot be searched for (all transparent): bad input, not a miss. */
export class TemplateError extends Error {}

/** The box (template pixels) of the pixels with alpha at or above OPAQUE_ALPHA, and how many there are. */
export type OpaqueBox = { x: number; y: number; width: number; height: number; opaque: number; transparentInside: number };

/**
 * The opaque part of a template: its bounding box, the count of opaque pixels, and of
 * transparent ones inside the box (to mask). A template without alpha is all opaque.
 */
export const opaqueBox = (img: Pixels): OpaqueBox => {
  if (img.channels !== 4) return { x: 0, y: 0, width: img.width, height: img.height, opaque: img.width * img.height, transparentInside: 0 };
  let x0 = img.width;
  let y0 = img.height;
  let x1 = -1;
  let y1 = -1;
  let opaque = 0;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      if (img.data[(y * img.width + x) * 4 + 3]! < OPAQUE_ALPHA) continue;
      opaque++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
    }
  }
  if (!opaque) return { x: 0, y: 0, width: 0, height: 0, opaque: 0, transparentInside: 0 };
  const width = x1 - x0 + 1;
  const height = y1 - y0 + 1;
  return { x: x0, y: y0, width, height, opaque, transparentInside: width * height - opaque };
};

/**
 * Why a template cannot be searched for (null when it can): no pixel, or too few, at least
 * half opaque. Shared by capture's precheck and the search itself.
 */
export const templateProblem = (img: Pixels): string | null => {
  const box = opaqueBox(img);
  if (box.opaque === 0)
    return `every pixel of its ${img.width}x${img.height} is transparent (alpha below ${OPAQUE_ALPHA} of 255), so there is nothing to look for`;
  if (box.opaque < MIN_OPAQUE_PIXELS)
    return `only ${box.opaque} of its pixels are opaque (alpha ${OPAQUE_ALPHA} of 255 or more), and the search needs ${MIN_OPAQUE_PIXELS}`;
  return null;
};

/**
 * The display scale a template's file name declares, as design tools export it: `button@2x.png`
 * → 2, `icon@1.5x.png` → 1.5; none → 1. (Template pixels per screen pixel on a 100 % screen.)
 */
export const templateScaleFromName = (name: string): number => {
  const declared = declaredScale(name);
  return declared !== null && declared.value > 0 && Number.isFinite(declared.value) ? declared.value : 1;
};

/** The `@…x` before a file name's extension: as written, and its number (NaN when it is not one); null when there is none (pure). */
const declaredScale = (name: string): { written: string; value: number } | null => {
  const m = /@([^@/\\]*)x\.[a-z0-9]+$/i.exec(name);
  if (!m) return null;
  return { written: m[1]!, value: /^\d+(?:\.\d+)?$/.test(m[1]!) ? Number(m[1]) : NaN };
};

/**
 * Why a template's file name cannot declare its scale, or null (pure): an `@…x` before the
 * extension must be a number from 0.25 to 8 (`@2x`, `@1.5x`); `@0x`, `@-2x`, `@999x` and
 * `@bigx` are refused rather than read as 1 or searched at a scale no screen has.
 */
export const templateNameScaleProblem = (name: string): string | null => {
  const s = declaredScale(name);
  if (s === null || (s.value >= 0.25 && s.value <= 8)) return null;
  return `the "@${s.written}x" in its name must declare a display scale from 0.25 to 8 (like @2x or @1.5x)`;
};

const toGray = (cv: CV, img: Pixels) => {
  const type = img.channels === 4 ? cv.CV_8UC4 : img.channels === 3 ? cv.CV_8UC3 : cv.CV_8UC1;
  const mat = new cv.Mat(img.height, img.width, type);
  mat.data.set(img.data.subarray(0, img.width * img.height * img.channels));
  if (img.channels === 1) return mat;
  const gray = new cv.Mat();
  const bgr = img.order === 'bgr';
  cv.cvtColor(mat, gray, img.channels === 4 ? (bgr ? cv.COLOR_BGRA2GRAY : cv.COLOR_RGBA2GRAY) : bgr ? cv.COLOR_BGR2GRAY : cv.COLOR_RGB2GRAY);
  mat.delete();
  return gray;
};

/** The template at one size (pixels): grey, and the mask (0/1) of its opaque pixels (null: all opaque). */
type Variant = { img: CV; mask: CV | null; cols: number; rows: number; opaque: number };
type Hit = { x: number; y: number; score: number };

/** Contrast of the opaque pixels: a flat template has none, and correlation is undefined for it. */
const isFlat = (cv: CV, v: Variant): boolean => {
  const mean = new cv.Mat();
  const std = new cv.Mat();
  if (v.mask) cv.meanStdDev(v.img, mean, std, v.mask);
  else cv.meanStdDev(v.img, mean, std);
  const flat = (std.data64F[0] ?? 0) < 2;
  mean.delete();
  std.delete();
  return flat;
};

/**
 * matchTemplate with the template's mask: normalised correlation (robust to brightness
 * changes), or for a flat template normalised squared difference. Masked correlation is
 * undefined (NaN) where the screen is flat under the mask: counted as no correlation (-1).
 */
const matchMap = (cv: CV, hay: CV, v: Variant, flat: boolean): CV => {
  const result = new cv.Mat();
  if (v.mask) cv.matchTemplate(hay, v.img, result, flat ? cv.TM_SQDIFF : cv.TM_CCOEFF_NORMED, v.mask);
  else cv.matchTemplate(hay, v.img, result, flat ? cv.TM_SQDIFF : cv.TM_CCOEFF_NORMED);
  if (v.mask && !flat) {
    const d = result.data32F as Float32Array;
    for (let i = 0; i < d.length; i++) if (!(d[i]! >= -1.001 && d[i]! <= 1.001)) d[i] = -1;
  }
  return result;
};

/** A squared-difference sum as a 0–1 similarity (1 - RMS difference per opaque pixel / 255). */
const sqdiffScore = (raw: number, v: Variant) => {
  const msd = raw / (v.opaque * 255 * 255);
  return Number.isFinite(msd) ? 1 - Math.sqrt(Math.max(0, msd)) : 0;
};

const bestMatch = (cv: CV, hay: CV, v: Variant, flat: boolean): Hit => {
  const result = matchMap(cv, hay, v, flat);
  const mm = cv.minMaxLoc(result);
  result.delete();
  if (flat) return { x: mm.minLoc.x, y: mm.minLoc.y, score: sqdiffScore(mm.minVal, v) };
  return { x: mm.maxLoc.x, y: mm.maxLoc.y, score: Number.isFinite(mm.maxVal) ? mm.maxVal : 0 };
};

/** The k best, well-separated hits of a match result (non-maximum suppression by needle size). */
const topHits = (cv: CV, hay: CV, v: Variant, flat: boolean, k: number): Hit[] => {
  const result = matchMap(cv, hay, v, flat);
  try {
    const hits: Hit[] = [];
    for (let i = 0; i < k; i++) {
      const mm = cv.minMaxLoc(result);
      const at = flat ? mm.minLoc : mm.maxLoc;
      const score = flat ? sqdiffScore(mm.minVal, v) : mm.maxVal;
      if (!Number.isFinite(score) || (i > 0 && !flat && score <= -1)) break;
      hits.push({ x: at.x, y: at.y, score });
      // Blank this hit's neighbourhood so the next is another place.
      const x0 = Math.max(0, at.x - Math.floor(v.cols / 2));
      const y0 = Math.max(0, at.y - Math.floor(v.rows / 2));
      const w = Math.min(result.cols - x0, v.cols);
      const h = Math.min(result.rows - y0, v.rows);
      if (w <= 0 || h <= 0) break;
      const roi = result.roi(new cv.Rect(x0, y0, w, h));
      roi.setTo(new cv.Scalar(flat ? Number.MAX_VALUE : -2));
      roi.delete();
    }
    return hits;
  } finally {
    result.delete();
  }
};

/** Smallest pyramid factor: the needle's short side stays at 5 px or more (at most 1/8). */
const COARSE_MIN_SIDE = 5;
/** Candidates kept from the coarse level, and through each finer level. */
const COARSE_HITS = 20;
const MID_HITS = 3;
/** A hit scoring this or more is taken as exact; below it the search is redone one level finer
 * (small needles with look-alikes elsewhere were missed at 0.995). */
const REFINE_UNTIL = 0.999;
/** A hit at the declared scale scoring this or more ends the search (no scale search). */
const ACCEPT_FIRST = 0.97;
/** The least score of a match found at another scale than the declared one (see findTemplate's end). */
const SCALED_MIN = 0.95;
/** The scale search: default range of resize factors, the coarse step (×1.1), places kept per
 * coarse scale, candidates refined, and the shortest side (px) a resized template may have. */
const SCALE_RANGE = { min: 0.4, max: 2.5 };
const SCALE_STEP = 1.1;
const SWEEP_HITS = 3;
const SWEEP_REFINE = 6;
const SWEEP_MIN_SIDE = 8;
/** The scale refinement's step at full resolution (1 %, then 0.25 %). */
const FINE_STEP = 0.01;

/**
 * Searches `haystack` (the screen; its alpha is ignored) for `needle` (the template; pixels
 * with alpha below OPAQUE_ALPHA are ignored). Returns the best place found (`best`, whatever its
 * score) and `match`, the same when it scores `confidence` (default 0.9) or more. Throws
 * TemplateError for a template with nothing opaque to look for.
 */
export const findTemplate = (cv: CV, haystack: Pixels, needle: Pixels, opts: FindOptions = {}): FindResult => {
  const problem = templateProblem(needle);
  if (problem) throw new TemplateError(problem);
  const confidence = opts.confidence ?? 0.9;
  const first = 1 / (opts.templateScale ?? 1);
  const range = opts.scaleSearch === false ? null : (opts.scaleSearch ?? SCALE_RANGE);
  const region = opts.region ?? { x: 0, y: 0, width: haystack.width, height: haystack.height };
  const rx = Math.max(0, Math.floor(region.x));
  const ry = Math.max(0, Math.floor(region.y));
  const rw = Math.min(haystack.width - rx, Math.floor(region.width));
  const rh = Math.min(haystack.height - ry, Math.floor(region.height));
  const mats: CV[] = [];
  const keep = <T>(m: T): T => (mats.push(m), m);
  try {
    if (rw <= 0 || rh <= 0) return { match: null, best: null };
    const fullHay = keep(toGray(cv, haystack));
    // The haystack's pyramid, built once for every scale: 1, 1/2, 1/4, 1/8.
    const levels: Array<{ f: number; img: CV }> = [{ f: 1, img: keep(fullHay.roi(new cv.Rect(rx, ry, rw, rh))) }];
    for (let f = 0.5; f >= 1 / 8 && Math.min(rw, rh) * f >= 8; f /= 2) {
      const prev = levels.at(-1)!.img;
      const img = keep(new cv.Mat());
      cv.resize(prev, img, new cv.Size(Math.max(1, Math.round(rw * f)), Math.max(1, Math.round(rh * f))), 0, 0, cv.INTER_AREA);
      levels.push({ f, img });
    }

    // The template's opaque box, in grey, and the mask of its transparent pixels inside the box.
    const box = opaqueBox(needle);
    const gAll = keep(toGray(cv, needle));
    const base = keep(gAll.roi(new cv.Rect(box.x, box.y, box.width, box.height)));
    let baseMask: CV | null = null;
    if (box.transparentInside > 0) {
      baseMask = keep(new cv.Mat(box.height, box.width, cv.CV_8UC1));
      const m = baseMask.data as Uint8Array;
      for (let y = 0; y < box.height; y++) {
        for (let x = 0; x < box.width; x++) m[y * box.width + x] = needle.data[((box.y + y) * needle.width + box.x + x) * 4 + 3]! >= OPAQUE_ALPHA ? 255 : 0;
      }
    }
    // Masks handed to matchTemplate are 0/1: OpenCV 4.5's masked matching rewrites an 8-bit mask
    // to 0/1 in place, so the 0/255 mask above is only resized, never matched with.
    const mask01 = (m: CV): CV => {
      const out = keep(new cv.Mat());
      cv.threshold(m, out, 127, 1, cv.THRESH_BINARY);
      return out;
    };
    // The template at a given size (cached): resized from the opaque box; the mask resized the
    // same way and taken where at least half opaque.
    const variants = new Map<string, Variant | null>();
    const variant = (w: number, h: number): Variant | null => {
      w = Math.max(1, Math.round(w));
      h = Math.max(1, Math.round(h));
      const key = `${w}x${h}`;
      if (variants.has(key)) return variants.get(key)!;
      let v: Variant | null;
      if (w === box.width && h === box.height) v = { img: base, mask: baseMask && mask01(baseMask), cols: w, rows: h, opaque: box.opaque };
      else {
        const interp = w < box.width ? cv.INTER_AREA : cv.INTER_LINEAR;
        const img = keep(new cv.Mat());
        cv.resize(base, img, new cv.Size(w, h), 0, 0, interp);
        let mask: CV | null = null;
        let opaque = w * h;
        if (baseMask) {
          const resized = keep(new cv.Mat());
          cv.resize(baseMask, resized, new cv.Size(w, h), 0, 0, interp);
          mask = mask01(resized);
          opaque = cv.countNonZero(mask);
          if (opaque === w * h) mask = null;
        }
        v = opaque >= 4 ? { img, mask, cols: w, rows: h, opaque } : null;
      }
      variants.set(key, v);
      return v;
    };
    const flat = isFlat(cv, variant(box.width, box.height)!);

    /** Best place in a window of a level around (x, y) (full-resolution region coordinates). */
    const inWindow = (level: { f: number; img: CV }, v: Variant, x: number, y: number, margin: number): Hit => {
      const x0 = Math.max(0, Math.floor(x * level.f) - margin);
      const y0 = Math.max(0, Math.floor(y * level.f) - margin);
      const x1 = Math.min(level.img.cols, Math.ceil(x * level.f) + v.cols + margin);
      const y1 = Math.min(level.img.rows, Math.ceil(y * level.f) + v.rows + margin);
      if (x1 - x0 < v.cols || y1 - y0 < v.rows) return { x, y, score: -Infinity };
      const win = keep(level.img.roi(new cv.Rect(x0, y0, x1 - x0, y1 - y0)));
      const hit = bestMatch(cv, win, v, flat);
      return { x: (x0 + hit.x) / level.f, y: (y0 + hit.y) / level.f, score: hit.score };
    };

    /**
     * At one scale: the coarsest level where the needle keeps a short side of COARSE_MIN_SIDE px
     * is searched whole and the best few places kept, then each finer level re-ranks them in a
     * small window, down to full resolution. Not exact: again from one level finer, and so on
     * down to the whole screen at full size if need be (about 170 ms on 1080p): only a picture
     * that is nowhere exactly on screen pays for that.
     */
    const searchAt = (s: number): Hit | null => {
      const nw = Math.round(box.width * s);
      const nh = Math.round(box.height * s);
      if (nw < 4 || nh < 4 || nw > rw || nh > rh) return null;
      const usable = levels.filter((l) => Math.min(nw, nh) * l.f >= COARSE_MIN_SIDE && variant(nw * l.f, nh * l.f));
      const search = (from: number): Hit | null => {
        const chain = usable.length ? usable.slice(0, from + 1).reverse() : [levels[0]!];
        const coarse = chain[0]!;
        const cn = variant(nw * coarse.f, nh * coarse.f);
        if (!cn || cn.cols > coarse.img.cols || cn.rows > coarse.img.rows) return null;
        // Candidates in full-resolution region coordinates.
        let cands = topHits(cv, coarse.img, cn, flat, chain.length > 1 ? COARSE_HITS : 1).map((h) => ({
          x: h.x / coarse.f,
          y: h.y / coarse.f,
          score: h.score,
        }));
        let prevF = coarse.f;
        for (const level of chain.slice(1)) {
          const ln = variant(nw * level.f, nh * level.f)!;
          // Two coarse pixels either way, plus slack: the coarse hit can be a pixel or so off.
          const margin = 2 * Math.ceil(level.f / prevF) + 2;
          const refined = cands.map((c) => inWindow(level, ln, c.x, c.y, margin));
          refined.sort((a, b) => b.score - a.score);
          cands = refined.slice(0, level.f === 1 ? 1 : MID_HITS);
          prevF = level.f;
        }
        const top = cands[0];
        return top && Number.isFinite(top.score) ? top : null;
      };
      let top: Hit | null = null;
      for (let from = usable.length - 1; from >= 0 || (from === -1 && usable.length === 0); from--) {
        const t = search(Math.max(0, from));
        if (t && (!top || t.score > top.score)) top = t;
        if ((top && top.score >= REFINE_UNTIL) || usable.length === 0) break;
      }
      return top;
    };

    /**
     * The scale search: every scale of the range, SCALE_STEP apart, on its coarsest usable level
     * (a few places each); the best places then refined: the position through the finer levels,
     * then scale and position together at full resolution.
     */
    const sweep = (min: number, max: number): (Hit & { s: number }) | null => {
      const cands: Array<Hit & { s: number; li: number }> = [];
      for (let s = min; s <= max * 1.0001; s *= SCALE_STEP) {
        const nw = Math.round(box.width * s);
        const nh = Math.round(box.height * s);
        if (Math.min(nw, nh) < SWEEP_MIN_SIDE || nw > rw || nh > rh) continue;
        let li = 0;
        for (let i = levels.length - 1; i > 0; i--) {
          if (Math.min(nw, nh) * levels[i]!.f >= COARSE_MIN_SIDE && variant(nw * levels[i]!.f, nh * levels[i]!.f)) {
            li = i;
            break;
          }
        }
        const level = levels[li]!;
        const v = variant(nw * level.f, nh * level.f);
        if (!v || v.cols > level.img.cols || v.rows > level.img.rows) continue;
        for (const h of topHits(cv, level.img, v, flat, SWEEP_HITS)) cands.push({ x: h.x / level.f, y: h.y / level.f, score: h.score, s, li });
      }
      cands.sort((a, b) => b.score - a.score);
      let best: (Hit & { s: number }) | null = null;
      for (const c of cands.slice(0, SWEEP_REFINE)) {
        // The place, through the finer levels at the coarse scale.
        let cur: Hit & { s: number } = { x: c.x, y: c.y, score: -Infinity, s: c.s };
        let prevF = levels[c.li]!.f;
        for (const level of levels.slice(0, c.li).reverse()) {
          const v = variant(box.width * c.s * level.f, box.height * c.s * level.f);
          if (!v) break;
          cur = { ...inWindow(level, v, cur.x, cur.y, 2 * Math.ceil(level.f / prevF) + 2), s: c.s };
          prevF = level.f;
        }
        // Then the scale, at full resolution: every FINE_STEP within a coarse step either way
        // (the coarse levels rank neighbouring scales loosely; scaled about the template's
        // centre, so its corner moves), then around the best at a quarter of that.
        const full = levels[0]!;
        for (const [step, reach] of [
          [FINE_STEP, SCALE_STEP - 1],
          [FINE_STEP / 4, FINE_STEP],
        ] as const) {
          const from = cur;
          let next: (Hit & { s: number }) | null = null;
          for (let k = -Math.round(reach / step); k <= Math.round(reach / step); k++) {
            const s = from.s * (1 + k * step);
            if (Math.min(box.width, box.height) * s < SWEEP_MIN_SIDE) continue;
            const v = variant(box.width * s, box.height * s);
            if (!v) continue;
            const x = from.x + (box.width * (from.s - s)) / 2;
            const y = from.y + (box.height * (from.s - s)) / 2;
            const hit = inWindow(full, v, x, y, 4 + Math.ceil(Math.abs(from.s - s) * Math.max(box.width, box.height)));
            if (!next || hit.score > next.score) next = { ...hit, s };
          }
          cur = next ?? { ...cur, score: -Infinity };
        }
        if (Number.isFinite(cur.score) && (!best || cur.score > best.score)) best = cur;
        if (best && best.score >= REFINE_UNTIL) break;
      }
      return best;
    };

    const place = (h: Hit, s: number): TemplateMatch => {
      // The whole template's rectangle (margin included), clipped to the screen.
      const x0 = rx + Math.round(h.x - box.x * s);
      const y0 = ry + Math.round(h.y - box.y * s);
      const x1 = Math.min(haystack.width, x0 + Math.round(needle.width * s));
      const y1 = Math.min(haystack.height, y0 + Math.round(needle.height * s));
      const x = Math.max(0, x0);
      const y = Math.max(0, y0);
      return { x, y, width: x1 - x, height: y1 - y, score: h.score, scale: Number(s.toFixed(4)) };
    };

    let best: TemplateMatch | null = null;
    const at = searchAt(first);
    if (at) best = place(at, first);
    // A hit at the declared scale that the caller accepts ends the search: another scale may
    // score a little higher on something else (a shrunken button looks like many things), and the
    // picture cut at the screen's scale is the one people mean.
    if (range && (!best || best.score < Math.min(ACCEPT_FIRST, confidence))) {
      const s = sweep(range.min, range.max);
      if (s && (!best || s.score > best.score)) best = place(s, s.s);
    }
    // A hit at another scale than the declared one is a match only from SCALED_MIN: shrunk or
    // grown, a button's outline correlates at 0.9 with many edges (a terminal's corner at 0.36x).
    const bar = best && best.scale !== Number(first.toFixed(4)) ? Math.max(confidence, SCALED_MIN) : confidence;
    return { match: best && best.score >= bar ? best : null, best };
  } finally {
    for (const m of mats.reverse()) m.delete();
  }
};
