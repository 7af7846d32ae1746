/**
 * Frozen and blank stretches from grey frames (pure): frames go in one at a time, in order, at a
 * fixed rate; stretches come out on the same clock (ms). No I/O: media.ts feeds it decoded frames.
 */
import { BLANK_STDDEV, CHANGED_FRACTION, PIXEL_DELTA } from './thresholds';
import { msAt } from '../base/time';

export type Stretch = { fromMs: number; toMs: number };
export type FrameStretches = { stills: Stretch[]; blanks: Array<Stretch & { stddev: number }> };

/** The standard deviation of 8-bit grey values (0–255). */
export const lumaStdDev = (px: Uint8Array, ignore?: Uint8Array | null): number => {
  let sum = 0;
  let sq = 0;
  let n = 0;
  for (let i = 0; i < px.length; i++) {
    if (ignore && ignore[i]) continue;
    const v = px[i] as number;
    sum += v;
    sq += v * v;
    n++;
  }
  n = Math.max(1, n);
  const mean = sum / n;
  return Math.sqrt(Math.max(0, sq / n - mean * mean));
};

/** The fraction of pixels differing by more than PIXEL_DELTA. */
export const changedFraction = (a: Uint8Array, b: Uint8Array, ignore?: Uint8Array | null): number => {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (!(ignore && ignore[i]) && Math.abs((a[i] as number) - (b[i] as number)) > PIXEL_DELTA) n++;
  return n / Math.max(1, a.length);
};

/**
 * Feeds grey frames (`fps` per second, each the same size) and returns the stretches where the
 * picture stays within CHANGED_FRACTION of the stretch's first frame (still), and where frames
 * are near-uniform (stddev under BLANK_STDDEV). A stretch runs from its first frame's time to
 * the time after its last frame. Stretches of one frame are kept; the caller applies its limits.
 */
export const createFrameAnalyser = (fps: number) => {
  const stills: Stretch[] = [];
  const blanks: FrameStretches['blanks'] = [];
  let anchor: Uint8Array | null = null;
  let anchorIndex = 0;
  let blankFrom = -1;
  let blankMax = 0;
  let n = 0;
  const ms = (i: number) => Math.round(msAt(i, fps));
  const closeStill = (end: number) => {
    if (anchor && end - anchorIndex >= 2) stills.push({ fromMs: ms(anchorIndex), toMs: ms(end) });
  };
  return {
    /** `ignore`: 1 where a pixel is not the screen's (the avatar over it), or null. */
    push(frame: Uint8Array, ignore: Uint8Array | null = null): void {
      if (!anchor || changedFraction(anchor, frame, ignore) > CHANGED_FRACTION) {
        closeStill(n);
        anchor = frame;
        anchorIndex = n;
      }
      const sd = lumaStdDev(frame, ignore);
      if (sd < BLANK_STDDEV) {
        if (blankFrom < 0) {
          blankFrom = n;
          blankMax = 0;
        }
        blankMax = Math.max(blankMax, sd);
      } else if (blankFrom >= 0) {
        blanks.push({ fromMs: ms(blankFrom), toMs: ms(n), stddev: Math.round(blankMax * 100) / 100 });
        blankFrom = -1;
      }
      n++;
    },
    finish(): FrameStretches {
      closeStill(n);
      if (blankFrom >= 0) blanks.push({ fromMs: ms(blankFrom), toMs: ms(n), stddev: Math.round(blankMax * 100) / 100 });
      return { stills, blanks };
    },
  };
};
