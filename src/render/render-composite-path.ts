/**
 * The composite path's job for a composition: the captions and overlays (badges, keycaps,
 * callouts) as ASS for libass, made for the composition's frame and the frames rendered, with
 * the recording and the encoder's options (composite/render-composite.ts draws the layers and
 * runs ffmpeg).
 */
import type { VideoConfig } from 'remotion';
import type { Computed } from '../compositions/shared/metadata';
import type { ScreenLayout } from '../frame/layout';
import type { Style } from '../compositions/shared/style-schema';
import { frameModel } from '../frame/model';
import { captionsAss, overlayAss } from './captions-ass';
import type { CompositeJob } from './composite/render-composite';
import type { VideoOutputOptions } from './render-browser';

export type CompositeVideoOptions = Omit<VideoOutputOptions, 'onFrames'> & {
  /** The recording's real path (the capture dir's, checked). */
  recording: string;
  /** Where the first rendered frame is on the video's clock (ms): `frameRange[0]` in ms. */
  offsetMs: number;
};

/** The composition (its props computed) as a composite job: a silent H.264 video of `size` px at `out`, its captions and overlays burnt in. */
export const compositeJob = (composition: VideoConfig, opts: CompositeVideoOptions): CompositeJob => {
  const { frameRange, offsetMs } = opts;
  const props = composition.props as { computed?: Computed<ScreenLayout>; style: Style };
  const narration = props.computed?.narration ?? { clips: [], pages: [] };
  const frame = { width: composition.width, height: composition.height };
  const box = props.computed?.captionBox;
  const showCaptions = box !== undefined && props.style.captions.enabled && narration.pages.length > 0;
  const overlays = props.computed?.overlays;
  const extra =
    overlays && props.computed && (overlays.badges.length || overlays.keycaps.length || overlays.callouts.length)
      ? overlayAss({ model: frameModel(props.computed, props.style, frame), frameRange, offsetMs })
      : undefined;
  return {
    ...((showCaptions || extra) && box
      ? { subtitlesAss: captionsAss({ pages: showCaptions ? narration.pages : [], frame, box, style: props.style.captions, offsetMs, extra }) }
      : {}),
    composition,
    recording: opts.recording,
    out: opts.out,
    frameRange,
    crf: opts.crf,
    preset: opts.x264Preset,
    outputSize: opts.size,
  };
};
