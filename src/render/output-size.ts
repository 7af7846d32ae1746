/**
 * The one size rule for every rendered file and every printed size: a composition's frame
 * times `--scale`, each side rounded to the nearest even number of pixels (H.264 in yuv420p
 * needs even sides; Remotion needs integers). The browser render, the composite render, the
 * static layers' final resize, stills and the size the CLI prints all take their size here.
 * Pure: no I/O.
 */
import { invalidInput } from '../errors';

export type Size = { width: number; height: number };

/** The smallest side a render may have (px): below it nothing on screen is legible. */
export const MIN_OUTPUT_SIDE = 32;
/** The largest side a render may have (px): 8K; libx264 and Chromium's screenshots stop being practical beyond. */
export const MAX_OUTPUT_SIDE = 7680;

const evenRound = (v: number): number => 2 * Math.round(v / 2);

/**
 * The output size of a composition rendered at `scale`.
 * @param frame the composition's size (px), e.g. 1920x1080
 * @param scale the output scale (1 = the composition's size; 0.25 of 1920x1080 is 480x270)
 * @param what how the scale was given, for the error (`--scale`)
 * @returns each side `2 * round(side * scale / 2)` px (0.125 of 1920x1080 is 240x136)
 * @throws invalid-input (exit 1) naming `what`, the composition's size and the size it would
 *   give, when the scale is not a positive number or a side falls outside
 *   [MIN_OUTPUT_SIDE, MAX_OUTPUT_SIDE]
 */
export const outputSize = (frame: Size, scale: number, what = '--scale'): Size => {
  if (!Number.isFinite(scale) || scale <= 0)
    throw invalidInput(`${what}: expected a number above 0 (0.5 renders ${frame.width}x${frame.height} at half size), but got ${scale}`);
  const size = { width: evenRound(frame.width * scale), height: evenRound(frame.height * scale) };
  const small = Math.min(size.width, size.height) < MIN_OUTPUT_SIDE;
  if (small || Math.max(size.width, size.height) > MAX_OUTPUT_SIDE) {
    const lo = MIN_OUTPUT_SIDE / Math.min(frame.width, frame.height);
    const hi = MAX_OUTPUT_SIDE / Math.max(frame.width, frame.height);
    throw invalidInput(
      `${what}: expected a scale from ${Math.ceil(lo * 1000) / 1000} to ${Math.floor(hi * 1000) / 1000} for a ${frame.width}x${frame.height} composition (each side ${MIN_OUTPUT_SIDE} to ${MAX_OUTPUT_SIDE} px), but ${scale} gives ${size.width}x${size.height}`,
    );
  }
  return size;
};

/**
 * How to get `out` from Remotion, which renders a composition at one scale factor and needs
 * `side * scale` to be an exact integer (and even, for H.264) on both sides.
 * @returns `scale`: the factor to give Remotion; `resize`: true when Remotion's size at that
 *   factor is not `out` (no single factor gives `out` exactly, e.g. 240x136 from 1920x1080) and
 *   the result must be resized to `out` afterwards. Then the factor is the smallest one at or
 *   above out's that gives exact even sides (never a downscale before the resize), else 1.
 */
export const remotionScale = (frame: Size, out: Size): { scale: number; resize: boolean; size: Size } => {
  const exact = (s: number): Size | null => {
    const w = frame.width * s;
    const h = frame.height * s;
    return Number.isInteger(w) && Number.isInteger(h) && w % 2 === 0 && h % 2 === 0 ? { width: w, height: h } : null;
  };
  for (const s of [out.width / frame.width, out.height / frame.height]) {
    const got = exact(s);
    if (got && got.width === out.width && got.height === out.height) return { scale: s, resize: false, size: got };
  }
  // No single factor: the next exact even size at or above out, resized down afterwards.
  for (let w = out.width; w <= Math.max(out.width, frame.width * 2); w += 2) {
    const s = w / frame.width;
    const got = exact(s);
    if (got && got.height >= out.height) return { scale: s, resize: true, size: got };
  }
  return { scale: 1, resize: true, size: { width: frame.width, height: frame.height } };
};
