/**
 * calculateMetadata, as a pipeline of small steps shared by every composition:
 * parse props (remotion render does not check them) → read the capture → lay out → build the
 * timeline. The component then is a pure function of (props, frame).
 */
import { getRemotionEnvironment, type CalculateMetadataFunction } from 'remotion';
import type { z } from 'zod';
import type { CaptureLog } from '../../capture-log';
import { formatJsonPath } from '../../capture-log/json-path';
import { buildTimeline, type Timeline } from '../../timeline/build-timeline';
import type { Size } from '../../timeline/view';
import { buildNarrationTrack, type NarrationTrack } from '../../timeline/narration-track';
import { buildAvatarTrack, type AvatarTrack } from '../../timeline/avatar-track';
import { retimeCaptureLog } from '../../timeline/retime';
import { buildCardTrack, type CardTrack } from '../../timeline/cards';
import { fitLogToRecording, type RecordingClock } from '../../timeline/recording-clock';
import { buildOverlays, type Overlays } from '../../timeline/overlays';
import { cutBlends, timeMapFromLog, type CutBlend, type TimeMap } from '../../timeline/time-map';
import type { Narration } from '../../narration/schema';
import type { AvatarPlacement } from '../../frame/avatar-placement';
import { captionBox, captionLineEm, type CaptionAnchor, type CaptionBox } from '../../frame/caption-box';
import { presetFontSize, presetMaxWords } from '../../frame/caption-style';
import { captureFileUrl, loadCapture, loadNarration } from './capture-source';

const withSources = (track: NarrationTrack, capture: string) => ({
  ...track,
  clips: track.clips.map((c) => ({ ...c, src: captureFileUrl(capture, `narration/${c.audio}`) })),
});
import type { RenderLayer, SpriteSheets } from './layers';
import type { ScreenLayout } from '../../frame/layout';
import type { Style } from './style-schema';
import type { TerminalSprites } from '../../frame/terminal-layer';

/** What calculateMetadata derives: not editable, never set by hand. */
export type Computed<L extends ScreenLayout> = {
  recordingSrc: string;
  /** The recording's first frame's presentation time (ms): event time t is the recording's frame at recordingStartMs + t. */
  recordingStartMs: number;
  /** Which part of the recording each part of the video shows (speed-ups and cuts). */
  timeMap: TimeMap;
  /** The dissolves across the time map's cuts. */
  blends: CutBlend[];
  timeline: Timeline;
  layout: L;
  capture: Pick<CaptureLog, 'screen' | 'fps' | 'durationMs' | 'recordingSize'>;
  /** Narration clips on the video's clock (with their URLs) and the caption pages (empty without narration). */
  narration: { clips: Array<NarrationTrack['clips'][number] & { src: string }>; pages: NarrationTrack['pages']; shortened?: NarrationTrack['shortened'] };
  /** Where captions go: the component draws them there, and the composite path burns them in there. */
  captionBox: CaptionBox;
  /** The talking avatar: its performance and where it is, per frame (null: none shown). */
  avatar: ComputedAvatar | null;
  /** Title and end cards, chapters and the hook on the video's clock (timeline/cards.ts); absent: none. */
  cards?: CardTrack;
  /** Callouts, speed badges and keycaps on the video's clock. */
  overlays: Overlays;
};

export type ComputedAvatar = {
  provider: 'builtin' | 'video';
  track: AvatarTrack;
  placement: AvatarPlacement;
  /** provider video: the clip's URL, and where each line's speech starts in it (ms). */
  video?: { src: string; segments: Array<{ startMs: number; durationMs: number; offsetMs: number }> };
};

export type WithComputed<P, L extends ScreenLayout> = P & {
  computed?: Computed<L>;
  /** Draw one layer only (the fast render path); absent means everything. */
  layer?: RenderLayer;
  /** The sprite sheets the fast render path needs drawn (with the sheet layers). */
  sprites?: SpriteSheets;
  /** The sharp terminal layer's pictures, per frame (render prepares them; absent in Studio: the recording only). */
  terminalSprites?: TerminalSprites;
  /** Still stretches render measured for a capture.json without `stills` (render never writes them into the capture dir). */
  stills?: CaptureLog['stills'];
  /** The recording as render probed it (recording-clock.ts): where its first frame is, how long it lasts. Absent (Studio): at 0, as long as the log says. */
  recordingClock?: RecordingClock;
};

/** The avatar, when there is narration to speak and the style wants one. */
export const computeAvatar = (opts: {
  track: NarrationTrack;
  narration: Narration | null;
  timeline: Timeline;
  capture: string;
  style: Style;
  placement: () => AvatarPlacement;
}): ComputedAvatar | null => {
  const { track, narration, timeline, style } = opts;
  if (!narration || track.clips.length === 0 || style.avatar.provider === 'none') return null;
  const byId = new Map(narration.lines.map((l) => [l.id, l]));
  const lines = track.clips.map((c) => ({ startMs: c.startMs, durationMs: c.durationMs, mouth: byId.get(c.id)?.mouth, words: byId.get(c.id)?.words }));
  const performance = buildAvatarTrack({ lines, durationInFrames: timeline.durationInFrames, fps: timeline.fps });
  const placement = opts.placement();
  if (style.avatar.provider === 'video') {
    if (!style.avatar.video)
      throw new Error('Invalid props: style.avatar.video must name the avatar clip (a file in the capture dir) when the provider is "video"');
    // The clip speaks the lines back to back, in narration.json's order.
    let offset = 0;
    const offsets = new Map(narration.lines.map((l) => [l.id, ((offset += l.durationMs), offset - l.durationMs)]));
    return {
      provider: 'video',
      track: performance,
      placement,
      video: {
        src: captureFileUrl(opts.capture, style.avatar.video),
        segments: track.clips.map((c) => ({ startMs: c.startMs, durationMs: c.durationMs, offsetMs: offsets.get(c.id) ?? 0 })),
      },
    };
  }
  return { provider: 'builtin', track: performance, placement };
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

/**
 * parseProps for Studio's preview: an image background with no src yet (just chosen in the props
 * panel) is parsed as if it had one and kept empty, so the preview stays up and Background names
 * what is missing. Anything else wrong throws as parseProps does.
 */
export const parseStudioProps = <S extends z.ZodType>(schema: S, props: unknown, composition: string): z.infer<S> => {
  const style = (props as { style?: { background?: { type?: unknown; src?: unknown } } } | null)?.style;
  const bg = style?.background;
  const pending = bg?.type === 'image' && (bg.src === undefined || (typeof bg.src === 'string' && bg.src.trim() === ''));
  if (!pending) return parseProps(schema, props, composition);
  const parsed = parseProps(schema, { ...(props as object), style: { ...style, background: { type: 'image', src: 'pending.png' } } }, composition) as {
    style: Record<string, unknown>;
  };
  return { ...parsed, style: { ...parsed.style, background: { type: 'image', src: '' } } } as z.infer<S>;
};

/** What a composition decides for itself: its size, props, layout and where captions and the avatar go. */
export type MetadataSpec<P extends { capture: string; style: Style }, L extends ScreenLayout> = {
  composition: string;
  /** The composition's size (the layout is computed for it). */
  size: Size;
  schema: z.ZodType<P>;
  layout: (frame: Size, capture: CaptureLog, props: P) => L;
  /** Where the composition puts captions. */
  captionAnchor: (layout: L, frame: Size) => CaptionAnchor;
  /** The layout made room for the captions (absent: they overlay the screen only), when they show. */
  clearOfCaptions?: (layout: L, captions: CaptionBox) => L;
  /** Where the composition puts the avatar, per frame. */
  avatarPlacement: (layout: L, timeline: Timeline, props: P, captions: CaptionBox | null) => AvatarPlacement;
};

/**
 * The pipeline after loading (pure): the log on the recording's clock → time map → retimed log →
 * layout → timeline → captions → narration → avatar → overlays. calculateMetadata runs it in the
 * browser; `screenplay review` runs the same in Node, so both see one timeline.
 * @param input.parsed the props after the composition's schema; `log` as read from capture.json
 */
export const computeMetadata = <P extends { capture: string; style: Style }, L extends ScreenLayout>(
  spec: MetadataSpec<P, L>,
  input: { parsed: P; log: CaptureLog; recordingSrc: string; narration: Narration | null; stills?: CaptureLog['stills']; recordingClock?: RecordingClock },
): { durationInFrames: number; fps: number; computed: Computed<L> } => {
  const { parsed, narration, recordingClock, stills } = input;
  // On the recording's clock: a log a little longer than the recording ends where the recording does.
  const fitted = fitLogToRecording(input.log, recordingClock);
  const recorded = fitted.stills === undefined && stills ? { ...fitted, stills } : fitted;
  // Speed-ups and cuts: everything below runs on the video's clock.
  const timeMap = timeMapFromLog(recorded, parsed.style.edit);
  const log = retimeCaptureLog(recorded, timeMap);
  const laidOut = spec.layout(spec.size, log, parsed);
  const timeline = buildTimeline({ capture: log, fps: log.fps, viewAspect: laidOut.viewAspect, stage: laidOut.stage, style: parsed.style.motion });
  // The caption preset (frame/caption-style.ts) sets the font size and how many words a page holds.
  const cs = parsed.style.captions;
  const box = captionBox(spec.size, spec.captionAnchor(laidOut, spec.size), presetFontSize(cs));
  const track = buildNarrationTrack(log, narration, {
    maxWords: presetMaxWords(cs),
    lineEm: captionLineEm(box),
    maxLines: box.maxLines,
    codeTerms: cs.codeFont,
  });
  const captionsShown = parsed.style.captions.enabled && track.pages.length > 0;
  // The screen stays where it is (the timeline was built for it); panels move out of the captions' way.
  const layout = captionsShown && spec.clearOfCaptions ? spec.clearOfCaptions(laidOut, box) : laidOut;
  const avatar = computeAvatar({
    track,
    narration,
    timeline,
    capture: parsed.capture,
    style: parsed.style,
    placement: () => spec.avatarPlacement(layout, timeline, parsed, captionsShown ? box : null),
  });
  return {
    durationInFrames: timeline.durationInFrames,
    fps: log.fps,
    computed: {
      recordingSrc: input.recordingSrc,
      recordingStartMs: recordingClock?.startMs ?? 0,
      timeMap,
      blends: cutBlends(timeMap, parsed.style.edit.crossfadeMs, log.fps),
      timeline,
      layout,
      capture: { screen: log.screen, ...(log.recordingSize ? { recordingSize: log.recordingSize } : {}), fps: log.fps, durationMs: log.durationMs },
      captionBox: box,
      narration: withSources(track, parsed.capture),
      avatar,
      overlays: buildOverlays(log, timeMap, parsed.style.overlays),
      ...withCards(buildCardTrack(log)),
    },
  };
};

/** A card track worth keeping (one with a card, a chapter or a hook), as the `cards` field. */
const withCards = (t: CardTrack): { cards?: CardTrack } => (t.cards.length || t.chapters.length || t.hook ? { cards: t } : {});

export const makeCalculateMetadata = <P extends { capture: string; style: Style }, L extends ScreenLayout>(
  opts: MetadataSpec<P, L>,
): CalculateMetadataFunction<WithComputed<P, L>> => {
  return async ({ props, abortSignal }) => {
    const { computed: _ignored, layer: _layer, sprites: _sprites, stills, recordingClock, ...input } = props as WithComputed<P, L>;
    // Studio keeps the preview up while a designer picks an image background (Background says what is missing).
    const parsed = (getRemotionEnvironment().isStudio ? parseStudioProps : parseProps)(opts.schema, input, opts.composition);
    const [{ log, recordingSrc }, narration] = await Promise.all([loadCapture(parsed.capture, abortSignal), loadNarration(parsed.capture, abortSignal)]);
    const { durationInFrames, fps, computed } = computeMetadata(opts, {
      parsed,
      log,
      recordingSrc,
      narration,
      ...(stills ? { stills } : {}),
      ...(recordingClock ? { recordingClock } : {}),
    });
    return { durationInFrames, fps, props: { ...parsed, computed } };
  };
};
