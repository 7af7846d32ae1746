/**
 * The frame model (pure): for each frame of a composition, every drawn thing as plain data in
 * output pixels, computed once from the layout and the timeline. Both render paths draw this
 * and nothing else: the React components (Studio, stills, the browser path) turn it into
 * elements, the composite path (src/render/composite) into ffmpeg commands and libass events.
 * So a formula (the camera's projection, a cursor's size, an avatar part's place, a caption's
 * lines and box) is written here once, and preview equals export.
 *
 * Spaces (spaces.ts): the camera's view is in screen px; the cursor and ripples in stage px
 * (the composite path overlays them on the stage before its corners are rounded); everything
 * else in output px.
 */
import type { Rect, Size } from '../base/geometry';
import { frameAt as frameOfMs, msAt } from '../base/time';
import { avatarAt, type AvatarTrack } from '../timeline/avatar-track';
import { blurRadius } from '../timeline/blur';
import { cameraAt } from '../timeline/camera';
import { captionLines, type CaptionLineRuns } from '../timeline/caption-lines';
import { captionAt, type CaptionPage } from '../timeline/captions';
import { cursorAt } from '../timeline/cursor';
import { ripplesAt } from '../timeline/click-effects';
import type { Timeline } from '../timeline/build-timeline';
import { motionBlurSamples, type MotionBlurStyle, type SampleTransform } from '../timeline/motion-blur';
import { overlaysAt, type Overlays } from '../timeline/overlays';
import { textDirection, type TextDirection } from '../timeline/script-text';
import { blendAt, type CutBlend } from '../timeline/time-map';
import type { CardTrack } from '../timeline/cards';
import { EYES_RECT, HEAD_RECT, MOUTH_RECT, partRect } from './avatar-geometry';
import type { AvatarPlacement } from './avatar-placement';
import { captionBoxRect, captionLineEm, type CaptionBox } from './caption-box';
import { styleCaption, type CaptionPresetName, type StyledCaption } from './caption-style';
import type { ScreenLayout } from './layout';
import {
  badgeCentre,
  calloutDotRadius,
  calloutGeometry,
  fitLabelText,
  keycapCentres,
  overlayMetrics,
  textWidth,
  type CalloutSide,
  type OverlayMetrics,
} from './overlay-layout';
import { intersectRect, overlaySafeArea } from './safe-area';
import { area, at, projection, screenAreaToOutput, screenToOutputOnStage, screenToStage, type Area, type At, type Projection } from './spaces';

/** Ripple radius in recorded-screen px (scaled with the camera like the screen itself). */
export const RIPPLE_RADIUS = 34;
/** Cursor height in recorded-screen px, times style.cursorSize. */
export const CURSOR_HEIGHT = 32;
/** Ripples show in this many slots at once (the composite path has one overlay per slot). */
export const RIPPLE_SLOTS = 2;

/** What the frame model reads: a composition's computed metadata (metadata.ts's Computed has these). */
export type FrameInput = {
  timeline: Timeline;
  layout: ScreenLayout;
  captionBox: CaptionBox;
  narration: { pages: CaptionPage[] };
  avatar: { provider: 'builtin' | 'video'; track: AvatarTrack; placement: AvatarPlacement } | null;
  overlays: Overlays;
  blends?: readonly CutBlend[];
  /** Title and end cards, chapters and the hook (timeline/cards.ts; drawn by frame/cards.ts). */
  cards?: CardTrack;
};

/** The parts of the style the frame model reads (style-schema.ts). */
export type FrameStyle = {
  cursorSize: number;
  clickRipple: boolean;
  motionBlur: MotionBlurStyle;
  captions: { enabled: boolean; preset?: CaptionPresetName; codeFont?: boolean };
};

/** A frame input prepared for drawing: the caption pages already broken into lines. */
export type FrameModel = FrameInput & {
  style: FrameStyle;
  size: Size;
  overlay: OverlayMetrics;
  /** Each caption page's lines (caption-lines.ts), computed once. */
  pageLines: CaptionLineRuns[][];
};

export const frameModel = (input: FrameInput, style: FrameStyle, size: Size): FrameModel => ({
  ...input,
  ...captionModel(input.captionBox, input.narration.pages),
  style,
  size,
  overlay: overlayMetrics(size),
});

/** The pointer: its tip (stage px), drawn `height` px tall (its scale included), at `opacity`. */
export type DrawnCursor = { tip: At<'stage'>; height: number; opacity: number };
/** A click ripple: its centre (stage px), full radius (stage px), progress 0 → 1, and its slot (< RIPPLE_SLOTS). */
export type DrawnRipple = { centre: At<'stage'>; radius: number; progress: number; slot: number };
/** A privacy blur on the recording (before the camera): its area and blur radius in screen px. */
export type DrawnBlur = { area: Area<'screen'>; radius: number };
/** The built-in avatar's layers, or a video avatar's circle (parts absent), in output px. */
export type DrawnAvatar = {
  provider: 'builtin' | 'video';
  at: At<'output'>;
  size: number;
  /** Which eye and mouth variant (avatar-track.ts) and the head's bob (output px, down). */
  eyes: number;
  mouth: number;
  bob: number;
  /** Where each layer goes (the head, eyes and mouth moved by the bob). */
  parts: { frame: Area<'output'>; head: Area<'output'>; eyes: Area<'output'>; mouth: Area<'output'> };
};
/** The caption page showing: its lines, the word spoken (index in the page), its box and text metrics (output px). */
export type DrawnCaption = {
  page: number;
  word: number;
  dir: TextDirection;
  lines: CaptionLineRuns[];
  /** The box at its widest (the drawn box is as wide as its longest line, centred in this). */
  box: Area<'output'>;
  fontSize: number;
  lineHeight: number;
  padX: number;
  padY: number;
  radius: number;
};
/** A badge or keycap: its box (output px) and text. */
export type DrawnLabel = { box: Area<'output'>; text: string; dir: TextDirection };
/** A callout: its bubble, the arrow from `from` to `tip`, the dot's radius at the tip (output px). */
export type DrawnCallout = DrawnLabel & { from: At<'output'>; tip: At<'output'>; dot: number; side: CalloutSide };
export type DrawnOverlays = { badges: DrawnLabel[]; keycaps: DrawnLabel[]; callouts: DrawnCallout[] };
/** One side of a dissolve across a cut showing now (time-map.ts's blendAt). */
export type DrawnDissolve = { blend: number; side: 'before' | 'after'; opacity: number };

/** Everything one frame draws. */
export type DrawnFrame = {
  frame: number;
  /** The frame's time on the video's clock (ms). */
  tMs: number;
  projection: Projection;
  cursor: DrawnCursor | null;
  ripples: DrawnRipple[];
  blurs: DrawnBlur[];
  dissolve: DrawnDissolve | null;
  /** Motion blur: the moments of the shutter, relative to this frame's view (null: sharp). */
  motion: SampleTransform[] | null;
  avatar: DrawnAvatar | null;
  /** The caption as its preset draws it (caption-style.ts). */
  caption: StyledCaption | null;
  overlays: DrawnOverlays;
};

/** The camera's projection at a frame (frames past the end hold the last). */
export const projectionAt = (model: Pick<FrameInput, 'timeline' | 'layout'>, frame: number): Projection =>
  projection(cameraAt(model.timeline.camera, frame), model.timeline.screen, model.layout.viewAspect, model.layout.stage);

/** Motion blur's moments at a frame; `count` fixes how many (a render path with a fixed number of layers). */
export const motionAt = (model: FrameModel, frame: number, count?: number): SampleTransform[] | null =>
  motionBlurSamples(
    model.timeline.camera,
    frame,
    { screen: model.timeline.screen, viewAspect: model.layout.viewAspect, stageWidth: model.layout.stage.width, style: model.style.motionBlur },
    count,
  );

/** The avatar at a frame: where it is and, for the built-in one, each layer's place. */
export const avatarAtFrame = (model: Pick<FrameInput, 'avatar'>, frame: number): DrawnAvatar | null => {
  const avatar = model.avatar;
  if (!avatar) return null;
  const { placement } = avatar;
  const f = Math.max(0, Math.min(placement.x.length - 1, frame));
  // On whole pixels (the composite path's sprites can go nowhere else), so both paths draw it in the same place.
  const pos = at('output', { x: Math.round(placement.x[f] ?? 0), y: Math.round(placement.y[f] ?? 0) });
  const a = avatarAt(avatar.track, frame);
  const bob = a.bob * placement.size;
  const bobbed = { x: pos.x, y: pos.y + bob };
  return {
    provider: avatar.provider,
    at: pos,
    size: placement.size,
    eyes: a.eyes,
    mouth: a.mouth,
    bob,
    parts: {
      frame: area('output', { x: pos.x, y: pos.y, width: placement.size, height: placement.size }),
      head: area('output', partRect(HEAD_RECT, bobbed, placement.size)),
      eyes: area('output', partRect(EYES_RECT, bobbed, placement.size)),
      mouth: area('output', partRect(MOUTH_RECT, bobbed, placement.size)),
    },
  };
};

/** The caption pages broken into lines for a caption box (what frameModel keeps as `pageLines`). */
export const captionModel = (box: CaptionBox, pages: CaptionPage[]): Pick<FrameModel, 'captionBox' | 'narration' | 'pageLines'> => {
  // Kept per (pages, box): review asks for a page's box at many moments of one video.
  const byBox = captionModels.get(pages) ?? new WeakMap();
  captionModels.set(pages, byBox);
  const cached = byBox.get(box);
  if (cached) return cached;
  const made = { captionBox: box, narration: { pages }, pageLines: pages.map((p) => captionLines(p.words, captionLineEm(box))) };
  byBox.set(box, made);
  return made;
};
const captionModels = new WeakMap<CaptionPage[], WeakMap<CaptionBox, Pick<FrameModel, 'captionBox' | 'narration' | 'pageLines'>>>();

/** Caption page `page` with word `word` spoken: its lines (at most the box's) and box (whatever the time). */
export const captionOf = (model: Pick<FrameModel, 'captionBox' | 'narration' | 'pageLines'>, page: number, word: number): DrawnCaption => {
  const box = model.captionBox;
  const lines = (model.pageLines[page] ?? []).slice(0, box.maxLines);
  return {
    page,
    word,
    dir: model.narration.pages[page]?.dir ?? 'ltr',
    lines,
    box: area('output', captionBoxRect(box, lines.length)),
    fontSize: box.fontSize,
    lineHeight: box.lineHeight,
    padX: box.padX,
    padY: box.padY,
    radius: box.radius,
  };
};

/** A label's box, centred on (x, y), `width` wide, one overlay line tall. */
const labelBox = (m: OverlayMetrics, c: { x: number; y: number }, width: number): Area<'output'> => {
  const height = m.fontSize + 2 * m.padY;
  return area('output', { x: c.x - width / 2, y: c.y - height / 2, width, height });
};

/**
 * Where badges, keycaps and callouts may go (output px): the stage (`stage`, the camera's
 * projection's, defaults to the layout's) less what every platform preset's UI covers
 * (safe-area.ts overlaySafeArea); the stage itself where the two do not overlap.
 */
export const overlayArea = (model: Pick<FrameModel, 'layout' | 'size'>, stage: Rect = model.layout.stage): Rect =>
  intersectRect(stage, overlaySafeArea(model.size));

/** The badge for a speed-up's text: at the top right of the stage's safe part (overlayArea). */
export const badgeOf = (model: Pick<FrameModel, 'overlay' | 'layout' | 'size'>, text: string): DrawnLabel => {
  const m = model.overlay;
  return { box: labelBox(m, badgeCentre(overlayArea(model), text, m), textWidth(text, m.fontSize) + 2 * m.padX), text, dir: textDirection(text) };
};

/** A key combination's keycaps: in a row from the bottom left of the stage's safe part (overlayArea). */
export const keycapsOf = (model: Pick<FrameModel, 'overlay' | 'layout' | 'size'>, keys: readonly string[]): DrawnLabel[] =>
  keycapCentres(overlayArea(model), keys, model.overlay).map((c) => ({ box: labelBox(model.overlay, c, c.width), text: c.text, dir: textDirection(c.text) }));

/** The overlays showing at a frame: badges, keycaps, and callouts following their spot through the camera. */
export const overlaysAtFrame = (model: FrameModel, frame: number, pr: Projection = projectionAt(model, frame)): DrawnOverlays => {
  const now = overlaysAt(model.overlays, msAt(frame, model.timeline.fps));
  const m = model.overlay;
  const callouts: DrawnCallout[] = [];
  for (const c of now.callouts) {
    const spot = screenToOutputOnStage(at('screen', c), pr);
    if (!spot) continue;
    const target = c.box ? screenAreaToOutput(area('screen', c.box), pr) : null;
    const room = overlayArea(model, pr.stage);
    // One line, cut to the safe width (a long or CJK text on a 9:16 frame).
    const text = fitLabelText(c.text, m, room.width - 2 * m.margin);
    const g = calloutGeometry(spot, target, text, m, room);
    callouts.push({
      box: area('output', g.box),
      text,
      dir: textDirection(text),
      from: at('output', g.from),
      tip: at('output', g.tip),
      dot: calloutDotRadius(m),
      side: g.side,
    });
  }
  return { badges: now.badges.map((b) => badgeOf(model, b.text)), keycaps: now.keycaps.flatMap((k) => keycapsOf(model, k.keys)), callouts };
};

/** Everything frame `frame` draws. */
export const frameAt = (model: FrameModel, frame: number): DrawnFrame => {
  const { timeline, style } = model;
  const fps = timeline.fps;
  const tMs = msAt(frame, fps);
  const pr = projectionAt(model, frame);
  const c = cursorAt(timeline.cursor, frame);
  const cursor: DrawnCursor | null =
    c.opacity > 0.001 ? { tip: screenToStage(at('screen', c), pr), height: CURSOR_HEIGHT * style.cursorSize * pr.k * c.scale, opacity: c.opacity } : null;
  const ripples: DrawnRipple[] = style.clickRipple
    ? ripplesAt(timeline.clickEffects, frame, fps).map((r) => ({
        centre: screenToStage(at('screen', r), pr),
        radius: RIPPLE_RADIUS * pr.k,
        progress: r.progress,
        slot: r.index % RIPPLE_SLOTS,
      }))
    : [];
  const blurs = (timeline.blurs ?? []).filter((b) => tMs >= b.startMs && tMs <= b.endMs).map((b) => ({ area: area('screen', b), radius: blurRadius(b) }));
  const shown = style.captions.enabled ? captionAt(model.narration.pages, tMs) : null;
  return {
    frame,
    tMs,
    projection: pr,
    cursor,
    ripples,
    blurs,
    dissolve: blendAt(model.blends ?? [], tMs),
    motion: motionAt(model, frame),
    avatar: avatarAtFrame(model, frame),
    caption: shown ? styleCaption(captionOf(model, shown.page, shown.word), model.narration.pages[shown.page], tMs, style.captions) : null,
    overlays: overlaysAtFrame(model, frame, pr),
  };
};

/** The frame that shows the instant `ms` (base/time.ts's one rounding rule). */
export const frameOf = (model: Pick<FrameInput, 'timeline'>, ms: number): number => frameOfMs(ms, model.timeline.fps);
