/**
 * The numbers review judges by, as named data. Sizes are in the format's own output px (the
 * composition's full size: Landscape 1920x1080, TikTok 1080x1920, Square 1080x1080, Portrait 1080x1350), whatever
 * `--scale` a render used: a preview at 0.25 is judged as the video it previews.
 */
import type { OutputFormatName } from '../formats';
import { TIKTOK_SAFE } from '../frame/layout';
import { ZOOM } from '../timeline/presets';

/** A picture unchanged for longer than this (ms) with nothing said over it is "frozen". */
export const FROZEN_MS = 3000;
/** Blank (near-uniform) frames for longer than this (ms) are reported. */
export const BLANK_MS = 500;
/** A frame whose luma standard deviation (0–255) inside the stage is under this is near-uniform. */
export const BLANK_STDDEV = 2.5;
/**
 * Two frames are "the same picture" when fewer than this fraction of the stage's pixels (at the
 * 320 px wide analysis size) differ by more than PIXEL_DELTA: a blinking terminal cursor (about
 * 8 px there) stays under it, one typed word does not.
 */
export const CHANGED_FRACTION = 0.0006;
export const PIXEL_DELTA = 18;

/**
 * The smallest readable text line (px in the format's full size). 14 px on a 9:16 phone video
 * (the number: about the smallest UI text a phone shows); Square and Portrait are watched in the same
 * feeds; Landscape is watched larger (a laptop, or a phone turned sideways), 12 px at 1920x1080.
 * Measured on the line height: a terminal cell's height, or an OCR text box's height.
 */
export const MIN_TEXT_PX: Record<OutputFormatName, number> = { tiktok: 14, square: 14, portrait: 14, landscape: 12 };

/**
 * Output px per recording px above which a zoom is blurry. Target framing (zoomLevelForBox)
 * stops at ZOOM.maxOutputPxPerScreenPx (2), and the default automatic zoom (level 2) on a
 * 1920x1080 screen in Landscape gives 1.8; so past 2 is a warning, and 1.5 to 2 (the usual
 * point where upscaled text starts to look soft) is reported as info only.
 */
export const ZOOM_BLUR_WARN = ZOOM.maxOutputPxPerScreenPx * 1.02;
export const ZOOM_BLUR_INFO = 1.5;

/** Narration lines may touch: an overlap shorter than this (ms) is not reported. */
export const OVERLAP_TOLERANCE_MS = 80;

/** Audio: a peak at or above this (dBFS) during narration is clipping. */
export const CLIP_DBFS = -0.1;
/** Audio quieter than this (dB) for SILENT_MS inside a say line is silence where narration was expected. */
export const SILENCE_DB = -50;
export const SILENT_MS = 1000;

/** A zone of the frame (fractions of its width and height, 0–1) that something covers. */
export type FrameZone = { name: string; x0: number; y0: number; x1: number; y1: number; fix: string };

/**
 * A platform's own UI over the video, per format. TikTok: the top tabs, the right rail (avatar,
 * like, comment, save, share, sound disc) and the bottom caption and creator name band. The
 * fractions are TIKTOK_SAFE (layout.ts, which the TikTok layout keeps its panel clear of): an
 * estimate after TikTok's published safe-zone overlays for 1080x1920, where the rail's icons
 * sit from about 35 % of the height down. Landscape, Square and Portrait: none assumed (a preset's
 * safe zone is checked on its own: safe-zone-checks.ts).
 */
export const PLATFORM_ZONES: Record<OutputFormatName, FrameZone[]> = {
  tiktok: [
    {
      name: "TikTok's top tabs",
      x0: 0,
      y0: 0,
      x1: 1,
      y1: TIKTOK_SAFE.top,
      fix: 'keep the action out of the top 6.5 % of the 9:16 frame: move the window or what is clicked lower on the screen',
    },
    {
      name: "TikTok's right rail (like, comment, share)",
      x0: 1 - TIKTOK_SAFE.right,
      y0: 0.35,
      x1: 1,
      y1: 1,
      fix: "keep the action out of the right 12 % of the 9:16 frame: put what is clicked or typed further from the screen's right edge (move or narrow the window), or zoom on it with a zoom mark",
    },
    { name: "TikTok's caption band", x0: 0, y0: 1 - TIKTOK_SAFE.bottom, x1: 1, y1: 1, fix: 'keep the action out of the bottom 18 % of the 9:16 frame' },
  ],
  landscape: [],
  square: [],
  portrait: [],
};
