/**
 * The composite path's call: the captions and overlays (badges, keycaps, callouts) as ASS for
 * libass, made for the composition's frame and the frames rendered, then composite/render-composite.ts
 * (Remotion draws the static layers once, ffmpeg composites the rest per frame).
 */
import type { Computed } from '../compositions/shared/metadata';
import type { ScreenLayout } from '../frame/layout';
import type { Style } from '../compositions/shared/style-schema';
import { frameModel } from '../frame/model';
import { captionsAss, overlayAss } from './captions-ass';
import { renderComposite } from './composite/render-composite';
import type { VideoOutputOptions } from './render-browser';
import { CHROMIUM_OPTIONS, type RemotionSession } from './render-path';

export type CompositeVideoOptions = VideoOutputOptions & {
  /** The recording's real path (the capture dir's, checked). */
  recording: string;
  /** Where the first rendered frame is on the video's clock (ms): `frameRange[0]` in ms. */
  offsetMs: number;
  /** A stage's name ("drawing the static layers"). */
  onStage: (stage: string) => void;
};

/** The session's composition through the composite path, as a silent H.264 video of `size` px at `out`, its captions and overlays burnt in. */
export const renderCompositeVideo = async (session: RemotionSession, opts: CompositeVideoOptions): Promise<void> => {
  const { composition } = session;
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
  await renderComposite({
    ...((showCaptions || extra) && box
      ? { subtitlesAss: captionsAss({ pages: showCaptions ? narration.pages : [], frame, box, style: props.style.captions, offsetMs, extra }) }
      : {}),
    serveUrl: session.serveUrl,
    composition,
    browser: session.browser,
    browserExecutable: session.browserExecutable,
    chromiumOptions: CHROMIUM_OPTIONS,
    port: session.port,
    recording: opts.recording,
    out: opts.out,
    frameRange,
    crf: opts.crf,
    preset: opts.x264Preset,
    outputSize: opts.size,
    onFrames: (n) => opts.onFrames(n),
    onStage: (stage) => opts.onStage(stage),
  });
};
