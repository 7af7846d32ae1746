/**
 * Finds a picture (the needle) on the screen (the haystack) with OpenCV's normalised
 * correlation: searched first on a downscaled pyramid level (fast), then refined at full
 * resolution around the best candidate (exact). A scale search finds templates taken on a
 * HiDPI screen (2x) or zoomed UIs.
 */
import type { CV } from './opencv';

export type Pixels = { width: number; height: number; data: Uint8Array | Buffer; channels: 1 | 3 | 4; order?: 'rgb' | 'bgr' };
export type SearchRegion = { x: number; y: number; width: number; height: number };

export type TemplateMatch = { x: number; y: number; width: number; height: number; score: number; scale: number };

export type FindOptions = {
  /** Minimum score (0–1) to count as found. */
  confidence?: number;
  region?: SearchRegion;
  /** Needle scales to try, best first: 1 (same density), 0.5 (needle from a 2x screen), … */
  scales?: number[];
};

export type FindResult = { match: TemplateMatch | null; best: TemplateMatch | null };

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

/** Contrast of an image: a flat template has none, and correlation is undefined for it. */
const isFlat = (cv: CV, img: CV): boolean => {
  const mean = new cv.Mat();
  const std = new cv.Mat();
  cv.meanStdDev(img, mean, std);
  const flat = (std.data64F[0] ?? 0) < 2;
  mean.delete();
  std.delete();
  return flat;
};

/**
 * Normalised correlation (robust to brightness changes); for a flat template, normalised
 * squared difference instead (score = 1 - difference), which still ranks exact colours first.
 */
const bestMatch = (cv: CV, hay: CV, needle: CV, flat: boolean): { x: number; y: number; score: number } => {
  const result = new cv.Mat();
  cv.matchTemplate(hay, needle, result, flat ? cv.TM_SQDIFF : cv.TM_CCOEFF_NORMED);
  const mm = cv.minMaxLoc(result);
  result.delete();
  if (flat) {
    // Mean squared difference per pixel, as a 0–1 similarity.
    const msd = mm.minVal / (needle.rows * needle.cols * 255 * 255);
    return { x: mm.minLoc.x, y: mm.minLoc.y, score: Number.isFinite(msd) ? 1 - Math.sqrt(Math.max(0, msd)) : 0 };
  }
  return { x: mm.maxLoc.x, y: mm.maxLoc.y, score: Number.isFinite(mm.maxVal) ? mm.maxVal : 0 };
};

export const findTemplate = (cv: CV, haystack: Pixels, needle: Pixels, opts: FindOptions = {}): FindResult => {
  const confidence = opts.confidence ?? 0.9;
  const scales = opts.scales ?? [1, 0.5, 2 / 3, 0.75, 1.25, 1.5, 2];
  const region = opts.region ?? { x: 0, y: 0, width: haystack.width, height: haystack.height };
  const rx = Math.max(0, Math.floor(region.x));
  const ry = Math.max(0, Math.floor(region.y));
  const rw = Math.min(haystack.width - rx, Math.floor(region.width));
  const rh = Math.min(haystack.height - ry, Math.floor(region.height));
  const mats: CV[] = [];
  const keep = <T>(m: T): T => (mats.push(m), m);
  try {
    const fullHay = keep(toGray(cv, haystack));
    const hay = rw > 0 && rh > 0 ? keep(fullHay.roi(new cv.Rect(rx, ry, rw, rh))) : null;
    const gNeedle = keep(toGray(cv, needle));
    const flat = isFlat(cv, gNeedle);
    let best: TemplateMatch | null = null;
    for (const scale of scales) {
      const nw = Math.round(needle.width * scale);
      const nh = Math.round(needle.height * scale);
      if (!hay || nw < 4 || nh < 4 || nw > rw || nh > rh) continue;
      const n = scale === 1 ? gNeedle : keep(new cv.Mat());
      if (scale !== 1) cv.resize(gNeedle, n, new cv.Size(nw, nh), 0, 0, scale < 1 ? cv.INTER_AREA : cv.INTER_LINEAR);
      // Pyramid: halve both while the needle's short side is 32 px or more, so it ends at
      // 16–32 px (at most 1/8). One level further (8–16 px) put a 40 px button's coarse hit in
      // the wrong place.
      let f = 1;
      while (f > 1 / 8 && Math.min(nw, nh) * f >= 32) f /= 2;
      let cx = 0;
      let cy = 0;
      let margin = 0;
      if (f < 1) {
        const sh = keep(new cv.Mat());
        const sn = keep(new cv.Mat());
        cv.resize(hay, sh, new cv.Size(Math.max(1, Math.round(rw * f)), Math.max(1, Math.round(rh * f))), 0, 0, cv.INTER_AREA);
        cv.resize(n, sn, new cv.Size(Math.max(1, Math.round(nw * f)), Math.max(1, Math.round(nh * f))), 0, 0, cv.INTER_AREA);
        if (sn.cols > sh.cols || sn.rows > sh.rows) continue;
        const coarse = bestMatch(cv, sh, sn, flat);
        cx = coarse.x / f;
        cy = coarse.y / f;
        margin = Math.ceil(2 / f) + 2;
      }
      // Refine at full resolution around the coarse hit (or search everything when f = 1).
      const x0 = f < 1 ? Math.max(0, Math.floor(cx - margin)) : 0;
      const y0 = f < 1 ? Math.max(0, Math.floor(cy - margin)) : 0;
      const x1 = f < 1 ? Math.min(rw, Math.ceil(cx + nw + margin)) : rw;
      const y1 = f < 1 ? Math.min(rh, Math.ceil(cy + nh + margin)) : rh;
      if (x1 - x0 < nw || y1 - y0 < nh) continue;
      const win = keep(hay.roi(new cv.Rect(x0, y0, x1 - x0, y1 - y0)));
      const fine = bestMatch(cv, win, n, flat);
      const m: TemplateMatch = { x: rx + x0 + fine.x, y: ry + y0 + fine.y, width: nw, height: nh, score: fine.score, scale };
      if (!best || m.score > best.score) best = m;
      if (best.score >= 0.99) break; // an exact hit: no need to try other scales
    }
    return { match: best && best.score >= confidence ? best : null, best };
  } finally {
    for (const m of mats.reverse()) m.delete();
  }
};
