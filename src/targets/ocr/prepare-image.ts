/**
 * Turns a screen grab into the picture Tesseract reads: the region cut out, grey (BT.601 luma),
 * optionally inverted (light text on dark becomes dark on light) and scaled up, encoded as a
 * binary PGM (P5) in memory. Leptonica, inside tesseract.js or Debian's tesseract, reads PGM
 * natively: no image library, nothing written to disk. Pure.
 *
 * Alpha: X screen grabs carry alpha 0 everywhere, so a 4-channel screen is treated as opaque
 * (the alpha byte is ignored).
 */
import type { Box, Pixels } from '../types';

/** The largest screen accepted, in px per side (8K and a bit): bounds the work on untrusted input. */
export const MAX_SCREEN_SIDE = 8192;
/** Scaling up stops at this many px (4K): a region is read at 2x only while it stays within. A screen is never scaled down. */
export const MAX_OCR_PIXELS = 8_300_000;

/** A grey picture: one byte per px, rows top to bottom. */
export type Grey = { width: number; height: number; data: Uint8Array };

/**
 * What was cut out and how it was scaled: a point (px, py) of the prepared picture is screen
 * point (x + px / scale, y + py / scale).
 */
export type Prepared = { image: Grey; origin: { x: number; y: number }; scale: number };

/** A screen that cannot be read (wrong size, too big) or a region outside it: bad input. */
export class OcrInputError extends Error {}

/** Checks the screen's shape against its data; throws OcrInputError when they disagree or it is too big. */
export const checkScreen = (screen: Pixels): void => {
  const { width, height, channels } = screen;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1)
    throw new OcrInputError(`the screen must have a positive integer size, but got ${width}x${height}`);
  if (width > MAX_SCREEN_SIDE || height > MAX_SCREEN_SIDE)
    throw new OcrInputError(`the screen must be at most ${MAX_SCREEN_SIDE} px per side, but got ${width}x${height}`);
  if (![1, 3, 4].includes(channels)) throw new OcrInputError(`the screen must have 1, 3 or 4 channels, but got ${channels}`);
  if (screen.data.length < width * height * channels)
    throw new OcrInputError(`the screen's data must hold ${width}x${height}x${channels} bytes, but has ${screen.data.length}`);
};

/**
 * The part of `region` on the screen, in whole px; the whole screen without a region. Throws
 * OcrInputError for a region with no area or none of it on the screen.
 */
export const clipRegion = (screen: { width: number; height: number }, region?: Box): Box => {
  if (!region) return { x: 0, y: 0, width: screen.width, height: screen.height };
  const { x, y, width, height } = region;
  if (![x, y, width, height].every(Number.isFinite) || width <= 0 || height <= 0)
    throw new OcrInputError(`the region must have a finite position and a positive size, but got (${x}, ${y} ${width}x${height})`);
  const x0 = Math.max(0, Math.floor(x));
  const y0 = Math.max(0, Math.floor(y));
  const x1 = Math.min(screen.width, Math.ceil(x + width));
  const y1 = Math.min(screen.height, Math.ceil(y + height));
  if (x1 <= x0 || y1 <= y0) throw new OcrInputError(`the region (${x}, ${y} ${width}x${height}) is outside the screen (${screen.width}x${screen.height})`);
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
};

/** The region of the screen in grey (luma, 0–255), inverted when asked. */
export const toGrey = (screen: Pixels, box: Box, invert = false): Grey => {
  const { channels } = screen;
  const src = screen.data;
  const out = new Uint8Array(box.width * box.height);
  // BT.601 weights in 1/256ths; the order decides which byte is red.
  const [wa, wb, wc] = screen.order === 'bgr' ? [29, 150, 77] : [77, 150, 29];
  for (let y = 0; y < box.height; y++) {
    let s = ((box.y + y) * screen.width + box.x) * channels;
    let d = y * box.width;
    for (let x = 0; x < box.width; x++, s += channels, d++) {
      const v = channels === 1 ? src[s]! : (wa * src[s]! + wb * src[s + 1]! + wc * src[s + 2]!) >> 8;
      out[d] = invert ? 255 - v : v;
    }
  }
  return { width: box.width, height: box.height, data: out };
};

/** The picture scaled by an integer factor, bilinear (px centres aligned). */
export const scaleUp = (img: Grey, factor: number): Grey => {
  if (factor === 1) return img;
  const W = img.width * factor;
  const H = img.height * factor;
  const out = new Uint8Array(W * H);
  const src = img.data;
  const xs = new Int32Array(W);
  const xf = new Float32Array(W);
  for (let X = 0; X < W; X++) {
    const sx = Math.min(img.width - 1, Math.max(0, (X + 0.5) / factor - 0.5));
    xs[X] = Math.min(img.width - 2, Math.floor(sx));
    xf[X] = sx - xs[X]!;
  }
  if (img.width < 2 || img.height < 2) {
    for (let Y = 0; Y < H; Y++) for (let X = 0; X < W; X++) out[Y * W + X] = src[Math.floor(Y / factor) * img.width + Math.floor(X / factor)]!;
    return { width: W, height: H, data: out };
  }
  for (let Y = 0; Y < H; Y++) {
    const sy = Math.min(img.height - 1, Math.max(0, (Y + 0.5) / factor - 0.5));
    const y0 = Math.min(img.height - 2, Math.floor(sy));
    const fy = sy - y0;
    const r0 = y0 * img.width;
    const r1 = r0 + img.width;
    for (let X = 0; X < W; X++) {
      const x0 = xs[X]!;
      const fx = xf[X]!;
      const top = src[r0 + x0]! + (src[r0 + x0 + 1]! - src[r0 + x0]!) * fx;
      const bottom = src[r1 + x0]! + (src[r1 + x0 + 1]! - src[r1 + x0]!) * fx;
      out[Y * W + X] = top + (bottom - top) * fy + 0.5;
    }
  }
  return { width: W, height: H, data: out };
};

/**
 * The picture for one OCR pass: the region (clipped to the screen), grey, inverted when asked,
 * scaled by `scale` (an integer ≥ 1, lowered so the result stays within MAX_OCR_PIXELS).
 */
export const prepareImage = (screen: Pixels, opts: { region?: Box; scale?: number; invert?: boolean } = {}): Prepared => {
  checkScreen(screen);
  const box = clipRegion(screen, opts.region);
  let scale = Math.max(1, Math.floor(opts.scale ?? 1));
  while (scale > 1 && box.width * box.height * scale * scale > MAX_OCR_PIXELS) scale--;
  const image = scaleUp(toGrey(screen, box, opts.invert), scale);
  return { image, origin: { x: box.x, y: box.y }, scale };
};

/** A grey picture as a binary PGM (P5) file, in memory. */
export const encodePgm = (img: Grey): Buffer => {
  const header = Buffer.from(`P5\n${img.width} ${img.height}\n255\n`, 'ascii');
  return Buffer.concat([header, img.data]);
};
