/**
 * The browser path: Chromium draws the frames (what Studio shows), through Remotion's
 * renderStill and renderMedia. A size no single Remotion scale gives exactly (240x136 from
 * 1920x1080) is drawn a little larger and resized with ffmpeg (output-size.ts remotionScale).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { invalidInput, runtimeError } from '../errors';
import { remotionScale, type Size } from './output-size';
import { CHROMIUM_OPTIONS, type RemotionSession } from './render-path';

/**
 * Resizes what Remotion drew (`from`, a video or a PNG) to `size` with ffmpeg into `to`, then
 * removes `from`. `codec`: the output options (encoder, or -frames:v 1 for a still).
 * @throws runtime (exit 2) with ffmpeg's last error line
 */
const resizeInto = (from: string, to: string, size: Size, codec: string[]): void => {
  const r = spawnSync(
    'ffmpeg',
    ['-hide_banner', '-v', 'error', '-nostdin', '-y', '-i', from, '-vf', `scale=${size.width}:${size.height}:flags=bicubic`, ...codec, to],
    { encoding: 'utf8' },
  );
  fs.rmSync(from, { force: true });
  if (r.error || r.status !== 0)
    throw runtimeError(
      `ffmpeg resizing the render to ${size.width}x${size.height} failed: ${r.error?.message ?? (r.stderr ?? '').trim().split('\n').pop() ?? `exit ${r.status}`}`,
    );
};

/**
 * Frame `frame` of the session's composition as a PNG of `size` px at `out`.
 * @throws invalid-input (exit 1) when the frame is not in the video (0 to durationInFrames - 1)
 */
export const renderStillInBrowser = async (session: RemotionSession, opts: { frame: number; out: string; size: Size }): Promise<void> => {
  const { composition, serveUrl, browser, browserExecutable, port } = session;
  const { frame, out, size } = opts;
  if (!Number.isInteger(frame) || frame < 0 || frame >= composition.durationInFrames) {
    throw invalidInput(`--still: expected a frame from 0 to ${composition.durationInFrames - 1}, but got ${frame}`);
  }
  const via = remotionScale({ width: composition.width, height: composition.height }, size);
  const drawn = via.resize ? `${out}.remotion.png` : out;
  const { renderStill } = await import('@remotion/renderer');
  await renderStill({
    composition,
    serveUrl,
    output: drawn,
    frame,
    inputProps: composition.props,
    imageFormat: 'png',
    scale: via.scale,
    puppeteerInstance: browser,
    browserExecutable,
    chromiumOptions: CHROMIUM_OPTIONS,
    overwrite: true,
    port,
    logLevel: 'error',
  });
  if (via.resize) resizeInto(drawn, out, size, ['-frames:v', '1']);
};

/** libx264's speed presets a render may ask for. */
export type X264Preset = 'ultrafast' | 'superfast' | 'veryfast' | 'faster' | 'fast' | 'medium';

/** What every video render path is asked for: where, how large, which frames, the encoder's settings, progress. */
export type VideoOutputOptions = {
  out: string;
  /** The output size (px). */
  size: Size;
  /** First and last frame, inclusive. */
  frameRange: [number, number];
  crf: number;
  x264Preset: X264Preset;
  /** Frames drawn so far. */
  onFrames: (renderedFrames: number) => void;
};

export type BrowserVideoOptions = VideoOutputOptions & {
  /** Chromium tabs drawing at once. */
  concurrency: number;
};

/** The session's composition, every frame drawn by Chromium, as a silent H.264 video of `size` px at `out`. */
export const renderVideoInBrowser = async (session: RemotionSession, opts: BrowserVideoOptions): Promise<void> => {
  const { composition, serveUrl, browser, browserExecutable, port } = session;
  const via = remotionScale({ width: composition.width, height: composition.height }, opts.size);
  const drawn = via.resize ? `${opts.out}.remotion.mp4` : opts.out;
  const { renderMedia } = await import('@remotion/renderer');
  await renderMedia({
    composition,
    serveUrl,
    codec: 'h264',
    outputLocation: drawn,
    inputProps: composition.props,
    imageFormat: 'jpeg',
    jpegQuality: 90,
    crf: opts.crf,
    x264Preset: opts.x264Preset,
    pixelFormat: 'yuv420p',
    scale: via.scale,
    frameRange: opts.frameRange,
    concurrency: opts.concurrency,
    puppeteerInstance: browser,
    browserExecutable,
    chromiumOptions: CHROMIUM_OPTIONS,
    overwrite: true,
    muted: true,
    port,
    logLevel: 'error',
    onProgress: ({ renderedFrames }) => opts.onFrames(renderedFrames),
  });
  // No single factor gives the size (240x136 from 1920x1080): drawn a little larger, resized.
  if (via.resize)
    resizeInto(drawn, opts.out, opts.size, [
      '-c:v',
      'libx264',
      '-preset',
      opts.x264Preset,
      '-crf',
      String(opts.crf),
      '-pix_fmt',
      'yuv420p',
      '-movflags',
      '+faststart',
    ]);
};
