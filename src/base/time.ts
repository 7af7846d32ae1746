/**
 * Time units: milliseconds on the video's clock ↔ frames at `fps` (frames per second). The one
 * rounding rule: an instant shows on the frame whose start is nearest to it (`frameAt`), and a
 * span [startMs, endMs) covers the frames frameAt(startMs) … frameAt(endMs) - 1 (`frameSpan`),
 * so back-to-back spans never share or skip a frame. Every ms ↔ frame conversion goes through
 * here.
 */

/** The start of frame `frame`, in ms (frame 0 starts at 0). */
export const msAt = (frame: number, fps: number): number => (frame * 1000) / fps;

/** How long one frame lasts, in ms. */
export const frameMs = (fps: number): number => 1000 / fps;

/**
 * The frame that shows the instant `ms`: the one whose start is nearest (ties go later). The
 * 1e-6 absorbs float noise so that msAt(n) → n for every n.
 */
export const frameAt = (ms: number, fps: number): number => Math.round((ms * fps) / 1000 + 1e-6);

/** The frames a span [startMs, endMs) covers, as [first, end) (end exclusive; end ≤ first: none). */
export const frameSpan = (startMs: number, endMs: number, fps: number): [number, number] => [frameAt(startMs, fps), frameAt(endMs, fps)];

/** The frame count of a span of `ms` (at least 0). */
export const framesIn = (ms: number, fps: number): number => Math.max(0, frameAt(ms, fps));

/** A fractional frame position of the instant `ms` (for interpolating between frames). */
export const framePosition = (ms: number, fps: number): number => (ms * fps) / 1000;

/**
 * The first frame that starts at or after the instant `ms`: for what must not show before it
 * (a held frame across a cut). Float noise of 1e-6 frames is forgiven.
 */
export const firstFrameFrom = (ms: number, fps: number): number => Math.ceil((ms * fps) / 1000 - 1e-6);
