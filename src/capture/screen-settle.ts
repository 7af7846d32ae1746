/**
 * When the screen has settled, for apps that are not screenplay's terminal: the display is
 * sampled at about 10 Hz, each sample shrunk to blocks (SCALE × SCALE px averaged), and two
 * samples differ when more than a few blocks changed by more than a small threshold, the blocks
 * around the pointer left out (a pointer drawn into the grab is no change of the app). Settled:
 * no difference for `quiet`. The comparison is pure; the wait takes its grab, clock and sleep.
 */
import type { Pixels } from './image-search/find-template';

/** Blocks are SCALE × SCALE screen px, averaged: noise and sub-pixel shimmer stay under the threshold. */
export const SCALE = 4;
/** A block changed when its average grey level moved by more than this (0–255). */
export const BLOCK_THRESHOLD = 12;
/** Two samples differ when more than this many blocks changed. */
export const MIN_CHANGED_BLOCKS = 2;
/** The pointer's box left out of the comparison: this many screen px each side of its hotspot. */
export const POINTER_PX = 40;
/** The sampling interval (ms): about 10 Hz. */
export const SAMPLE_MS = 100;

/** A sample: the screen shrunk to blocks of grey levels, row by row (`width` × `height` blocks). */
export type Sample = { width: number; height: number; grey: Float32Array };

/** Shrinks a grabbed screen (any channel order; alpha ignored) to SCALE × SCALE blocks of average grey. */
export const shrink = (px: Pixels, scale = SCALE): Sample => {
  const width = Math.ceil(px.width / scale);
  const height = Math.ceil(px.height / scale);
  const sum = new Float32Array(width * height);
  const count = new Uint16Array(width * height);
  const ch = px.channels;
  const d = px.data;
  for (let y = 0; y < px.height; y++) {
    const row = Math.floor(y / scale) * width;
    let i = y * px.width * ch;
    for (let x = 0; x < px.width; x++, i += ch) {
      const b = row + Math.floor(x / scale);
      sum[b]! += ch >= 3 ? ((d[i] as number) + (d[i + 1] as number) + (d[i + 2] as number)) / 3 : (d[i] as number);
      count[b]!++;
    }
  }
  for (let b = 0; b < sum.length; b++) sum[b]! /= count[b] || 1;
  return { width, height, grey: sum };
};

/** A box of screen px to leave out of a comparison. */
export type Box = { x: number; y: number; width: number; height: number };

/**
 * How many blocks differ between two samples of the same size by more than `threshold` grey
 * levels, blocks touching any of `ignore` (screen px) left out. Samples of different sizes
 * (the screen was resized) differ everywhere.
 */
export const changedBlocks = (a: Sample, b: Sample, ignore: readonly Box[] = [], threshold = BLOCK_THRESHOLD, scale = SCALE): number => {
  if (a.width !== b.width || a.height !== b.height) return Math.max(a.grey.length, b.grey.length);
  const skip = ignore.map((r) => ({
    x0: Math.floor(r.x / scale),
    y0: Math.floor(r.y / scale),
    x1: Math.floor((r.x + r.width) / scale),
    y1: Math.floor((r.y + r.height) / scale),
  }));
  let n = 0;
  for (let y = 0; y < a.height; y++) {
    for (let x = 0; x < a.width; x++) {
      const i = y * a.width + x;
      if (Math.abs((a.grey[i] as number) - (b.grey[i] as number)) <= threshold) continue;
      if (skip.some((s) => x >= s.x0 && x <= s.x1 && y >= s.y0 && y <= s.y1)) continue;
      n++;
    }
  }
  return n;
};

/** The box around a pointer at `p` (screen px) that comparisons leave out. */
export const pointerBox = (p: { x: number; y: number }): Box => ({ x: p.x - POINTER_PX, y: p.y - POINTER_PX, width: 2 * POINTER_PX, height: 2 * POINTER_PX });

export type ScreenSettleOptions = {
  /** Grabs the whole screen (e.g. nut.js's screen.grab through toPixels). */
  grab: () => Promise<Pixels>;
  /** Where the pointer is (screen px), to leave it out; none: nothing is left out. */
  pointer?: () => Promise<{ x: number; y: number }>;
  quietMs: number;
  timeoutMs: number;
  /** The capture's clock (ms). */
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  /** The sampling interval (ms); default SAMPLE_MS. */
  intervalMs?: number;
};

/** How a screen wait ended: times on the capture's clock (ms). */
export type ScreenSettled = { lastChangeMs: number; settledMs: number; samples: number };

/**
 * Resolves once no two consecutive samples of the screen have differed for `quietMs` (counted
 * from the last change or from the first sample, whichever is later): the samples grabbed over
 * that time were all alike. A change is timed at the moment its sample was grabbed, so the wait
 * ends within a sampling interval (plus one grab) of the last change + `quietMs`.
 * @throws Error "the screen kept changing for 120 s; last change 0.2 s ago" after `timeoutMs` (or, when
 *   no sample changed, that the screen could not be watched for `quietMs`),
 *   or "cannot grab the screen: …" when grabbing fails (on macOS: the Screen Recording permission)
 */
export const waitForScreenSettled = async (o: ScreenSettleOptions): Promise<ScreenSettled> => {
  const interval = o.intervalMs ?? SAMPLE_MS;
  const start = o.now();
  // The quiet is counted from the first sample (or the last change after it): a first grab that
  // is slow (nut.js loading) is not taken for a quiet screen.
  let first = Infinity;
  let lastChange = -Infinity;
  let prev: { sample: Sample; pointer: Box | null } | null = null;
  let samples = 0;
  for (;;) {
    const t = o.now();
    let px: Pixels;
    let pointer: Box | null = null;
    try {
      [px, pointer] = await Promise.all([o.grab(), o.pointer ? o.pointer().then(pointerBox) : Promise.resolve(null)]);
    } catch (err) {
      throw new Error(`cannot grab the screen to see it settle: ${(err as Error)?.message ?? String(err)}${grabHint()}`);
    }
    if (!(px.width > 0 && px.height > 0)) throw new Error(`cannot grab the screen to see it settle: the grab was empty${grabHint()}`);
    const sample = shrink(px);
    samples++;
    first = Math.min(first, t);
    if (prev) {
      const ignore = [prev.pointer, pointer].filter((b): b is Box => b !== null);
      if (changedBlocks(prev.sample, sample, ignore) > MIN_CHANGED_BLOCKS) lastChange = t;
    }
    prev = { sample, pointer };
    const after = o.now();
    const since = Math.max(lastChange, first);
    // Settled when this sample (grabbed at t) is `quiet` after the last change: samples covered it.
    if (t - since >= o.quietMs) return { lastChangeMs: since, settledMs: after, samples };
    if (after - start >= o.timeoutMs) {
      const timeout = `${(o.timeoutMs / 1000).toFixed(o.timeoutMs % 1000 ? 1 : 0)} s`;
      const quiet = `${(o.quietMs / 1000).toFixed(1)} s`;
      if (lastChange === -Infinity)
        throw new Error(`the screen could not be watched for ${quiet} within ${timeout}: ${samples} samples, none changed (grabbing the screen is too slow)`);
      throw new Error(
        `the screen kept changing for ${timeout}; last change ${((after - lastChange) / 1000).toFixed(1)} s ago (it must stay unchanged for ${quiet})`,
      );
    }
    await o.sleep(Math.max(0, Math.min(interval - (after - t), since + o.quietMs - after, start + o.timeoutMs - after)));
  }
};

/** What to do when the screen cannot be grabbed, for this platform. */
const grabHint = (): string =>
  process.platform === 'darwin'
    ? ' (on macOS, allow Screen Recording for the app screenplay runs in: System Settings > Privacy & Security > Screen Recording)'
    : process.platform === 'linux'
      ? ' (is DISPLAY set to a running X display?)'
      : '';
