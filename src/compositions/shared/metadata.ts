/**
 * calculateMetadata, as a pipeline of small steps shared by every composition:
 * parse props (remotion render does not check them) → read the capture → lay out → build the
 * timeline. The component then is a pure function of (props, frame).
 */
import type { CalculateMetadataFunction } from 'remotion';
import type { z } from 'zod';
import type { CaptureLog } from '../../capture-log';
import { formatJsonPath } from '../../capture-log/json-path';
import { buildTimeline, type Timeline } from '../../timeline/build-timeline';
import type { Size } from '../../timeline/view';
import { buildNarrationTrack, type NarrationTrack } from '../../timeline/narration-track';
import { captionBox, type CaptionAnchor, type CaptionBox } from './caption-box';
import { captureFileUrl, loadCapture, loadNarration } from './capture-source';

const withSources = (track: NarrationTrack, capture: string) => ({
  ...track,
  clips: track.clips.map((c) => ({ ...c, src: captureFileUrl(capture, `narration/${c.audio}`) })),
});
import type { RenderLayer, SpriteSheets } from './layers';
import type { ScreenLayout } from './layout';
import type { Style } from './style-schema';

/** What calculateMetadata derives: not editable, never set by hand. */
export type Computed<L extends ScreenLayout> = {
  recordingSrc: string;
  timeline: Timeline;
  layout: L;
  capture: Pick<CaptureLog, 'screen' | 'fps' | 'durationMs'>;
  /** Narration clips on the video's clock (with their URLs) and the caption pages (empty without narration). */
  narration: { clips: Array<NarrationTrack['clips'][number] & { src: string }>; pages: NarrationTrack['pages'] };
  /** Where captions go: the component draws them there, and the composite path burns them in there. */
  captionBox: CaptionBox;
};

export type WithComputed<P, L extends ScreenLayout> = P & {
  computed?: Computed<L>;
  /** Draw one layer only (the fast render path); absent means everything. */
  layer?: RenderLayer;
  /** The sprite sheets the fast render path needs drawn (with the sheet layers). */
  sprites?: SpriteSheets;
};

export const parseProps = <S extends z.ZodType>(schema: S, props: unknown, composition: string): z.infer<S> => {
  const parsed = schema.safeParse(props);
  if (!parsed.success) {
    // One line: Remotion's CLI shows only the first line of an error.
    const problems = parsed.error.issues.map((i) => `props.${formatJsonPath(i.path)}: ${i.message}`);
    throw new Error(`Invalid props for ${composition}: ${problems.join('; ')}`);
  }
  return parsed.data;
};

export const makeCalculateMetadata = <P extends { capture: string; style: Style }, L extends ScreenLayout>(opts: {
  composition: string;
  /** The composition's size (the layout is computed for it). */
  size: Size;
  schema: z.ZodType<P>;
  layout: (frame: Size, capture: CaptureLog, props: P) => L;
  /** Where the composition puts captions. */
  captionAnchor: (layout: L) => CaptionAnchor;
}): CalculateMetadataFunction<WithComputed<P, L>> => {
  return async ({ props, abortSignal }) => {
    const { computed: _ignored, layer: _layer, sprites: _sprites, ...input } = props as WithComputed<P, L>;
    const parsed = parseProps(opts.schema, input, opts.composition);
    const [{ log, recordingSrc }, narration] = await Promise.all([loadCapture(parsed.capture, abortSignal), loadNarration(parsed.capture, abortSignal)]);
    const layout = opts.layout(opts.size, log, parsed);
    const timeline = buildTimeline({ capture: log, fps: log.fps, viewAspect: layout.viewAspect, style: parsed.style.motion });
    return {
      durationInFrames: timeline.durationInFrames,
      fps: log.fps,
      props: {
        ...parsed,
        computed: {
          recordingSrc,
          timeline,
          layout,
          capture: { screen: log.screen, fps: log.fps, durationMs: log.durationMs },
          captionBox: captionBox(opts.size, opts.captionAnchor(layout), parsed.style.captions.fontSize),
          narration: withSources(buildNarrationTrack(log, narration, { maxWords: parsed.style.captions.maxWords }), parsed.capture),
        },
      },
    };
  };
};
