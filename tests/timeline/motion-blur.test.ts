import { describe, expect, it } from 'vitest';
import type { CameraTrack } from '../../src/timeline/camera';
import { cameraBetween, motionBlurRanges, motionBlurSamples, motionBlurStyleSchema, stageShift } from '../../src/timeline/motion-blur';
import { viewRect } from '../../src/timeline/view';

const screen = { width: 1920, height: 1080 };
const on = motionBlurStyleSchema.parse({ enabled: true });
const opts = { screen, viewAspect: 16 / 9, stageWidth: 1920, style: on };
/** A camera track from per-frame (zoom, x, y). */
const track = (frames: Array<[number, number, number]>): CameraTrack => ({
  zoom: frames.map((f) => f[0]),
  x: frames.map((f) => f[1]),
  y: frames.map((f) => f[2]),
  focusX: frames.map(() => 0),
  focusY: frames.map(() => 0),
});
/** n frames of a camera at zoom z panning dx screen px per frame from x0. */
const pan = (n: number, z: number, x0: number, dx: number): CameraTrack => track(Array.from({ length: n }, (_, i) => [z, x0 + i * dx, 540]));

describe('motion blur: which frames and how many moments', () => {
  it.each<{ name: string; t: CameraTrack; frame: number; style?: object; want: number | null }>([
    { name: 'off by default', t: pan(5, 2, 700, 30), frame: 2, style: {}, want: null },
    { name: 'a still camera stays sharp', t: pan(5, 2, 960, 0), frame: 2, want: null },
    { name: 'the first frame has no past: sharp', t: pan(5, 2, 700, 30), frame: 0, want: null },
    // At zoom 2 on a 1920-px stage one screen px is 2 stage px: 1 px/frame moves 1 stage px in half a frame.
    { name: 'a slow pan (1 stage px in the shutter) stays sharp', t: pan(5, 2, 700, 1), frame: 2, want: null },
    { name: 'a pan of 5 stage px in the shutter: 4 moments (one per 2 px, plus the frame)', t: pan(5, 2, 700, 5), frame: 2, want: 4 },
    { name: 'a fast pan is capped at maxSamples', t: pan(5, 2, 700, 40), frame: 2, want: 12 },
    { name: 'a lower minPx blurs slower moves too', t: pan(5, 2, 700, 1), frame: 2, style: { enabled: true, minPx: 0.5 }, want: 2 },
    {
      name: 'a zoom blurs (the corners move most)',
      t: track([
        [1, 960, 540],
        [1.2, 960, 540],
        [1.5, 960, 540],
      ]),
      frame: 2,
      want: 12,
    },
    { name: 'a view pinned at the screen edge does not move', t: pan(5, 1, 700, 30), frame: 2, want: null },
  ])('$name', ({ t, frame, style, want }) => {
    const got = motionBlurSamples(t, frame, { ...opts, style: style ? motionBlurStyleSchema.parse(style) : on });
    expect(got === null ? null : got.length).toBe(want);
  });

  it('the first moment is the frame itself, the last half a frame back', () => {
    // Zoom 2, panning right 20 screen px per frame: half a frame back the view was 10 px left, so
    // the picture then was 10 px right of where the frame shows it.
    const s = motionBlurSamples(pan(5, 2, 700, 20), 3, opts)!;
    expect(s[0]).toEqual({ scale: 1, dx: 0, dy: 0 });
    expect(s[s.length - 1]!.scale).toBeCloseTo(1, 9);
    expect(s[s.length - 1]!.dx).toBeCloseTo(10, 9);
    expect(s[s.length - 1]!.dy).toBeCloseTo(0, 9);
    // Evenly spaced in between.
    const steps = s.slice(1).map((x, i) => x.dx - s[i]!.dx);
    for (const d of steps) expect(d).toBeCloseTo(10 / (s.length - 1), 9);
  });

  it('zooming in: earlier moments are drawn larger around the view centre', () => {
    const s = motionBlurSamples(
      track([
        [1.5, 960, 540],
        [2, 960, 540],
      ]),
      1,
      opts,
    )!;
    const last = s[s.length - 1]!;
    // Half a frame back the zoom was 1.75: the frame's view is 1.75/2 as wide, so the picture was drawn at 0.875.
    expect(last.scale).toBeCloseTo(1.75 / 2, 9);
    // The centre (960, 540) stays put.
    expect(last.scale * 960 + last.dx).toBeCloseTo(960, 6);
    expect(last.scale * 540 + last.dy).toBeCloseTo(540, 6);
  });

  it('stageShift measures the worst corner in stage px', () => {
    const a = viewRect({ zoom: 2, x: 950, y: 540 }, screen, 16 / 9);
    const b = viewRect({ zoom: 2, x: 960, y: 540 }, screen, 16 / 9);
    expect(stageShift(a, b, 1920)).toBeCloseTo(20, 9);
    expect(stageShift(b, b, 1920)).toBe(0);
  });

  it.each([
    { frame: 0, want: { zoom: 1, x: 100, y: 50 } },
    { frame: 0.5, want: { zoom: 1.5, x: 150, y: 75 } },
    { frame: 1.25, want: { zoom: 2, x: 200, y: 100 } },
    { frame: 7, want: { zoom: 2, x: 200, y: 100 } },
    { frame: -3, want: { zoom: 1, x: 100, y: 50 } },
  ])('cameraBetween at frame $frame', ({ frame, want }) => {
    const got = cameraBetween(
      track([
        [1, 100, 50],
        [2, 200, 100],
        [2, 200, 100],
      ]),
      frame,
    );
    expect(got.zoom).toBeCloseTo(want.zoom, 9);
    expect(got.x).toBeCloseTo(want.x, 9);
    expect(got.y).toBeCloseTo(want.y, 9);
  });

  it('motionBlurRanges: only the frames of the move', () => {
    // Still for 5 frames (0–4), a fast pan over frames 5–8, still again.
    const frames: Array<[number, number, number]> = [];
    for (let i = 0; i < 5; i++) frames.push([2, 700, 540]);
    for (let i = 1; i <= 4; i++) frames.push([2, 700 + i * 30, 540]);
    for (let i = 0; i < 5; i++) frames.push([2, 820, 540]);
    expect(motionBlurRanges(track(frames), opts)).toEqual([[5, 8]]);
  });
});
