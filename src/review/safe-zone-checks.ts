/**
 * Safe zones (pure): does anything screenplay draws over the picture (captions, callouts,
 * badges, keycaps, the cards' text, logos and QR codes, chapter banners and the hook) stay inside a
 * platform preset's safe zone (output-presets.ts, px insets of the composition frame)? Read from
 * the frame model's drawn boxes, sampled through the video, one finding per element and stretch.
 */
import type { Rect } from '../base/geometry';
import { msAt } from '../base/time';
import { captionAt } from '../timeline/captions';
import { cardBoxesAt } from '../frame/cards';
import { captionOf, frameModel, overlaysAtFrame, type FrameModel } from '../frame/model';
import type { Insets } from '../output-presets';
import type { ReviewInput } from './review-input';
import { stepFields } from './review-input';
import type { ReviewFinding } from './types';

/** A preset's safe zone: its name (for messages) and insets (px of the composition frame). */
export type SafeZone = { name: string; insets: Insets };

/** What a frame draws over the picture, by kind ("the caption box", "the callout \"Deploy\""): output px. */
export type DrawnBox = { what: string; box: Rect };

/** Boxes one kind of element draws at a frame. */
export type BoxSource = (model: FrameModel, frame: number) => DrawnBox[];

const clip = (text: string) => (text.length > 30 ? `${text.slice(0, 29)}…` : text);

/** The caption box showing at a frame (at its widest), when captions are drawn. */
export const captionBoxes: BoxSource = (model, frame) => {
  if (!model.style.captions.enabled) return [];
  const shown = captionAt(model.narration.pages, msAt(frame, model.timeline.fps));
  return shown ? [{ what: 'the caption box', box: captionOf(model, shown.page, shown.word).box }] : [];
};

/** Callouts, speed badges and keycaps showing at a frame. */
export const overlayBoxes: BoxSource = (model, frame) => {
  const o = overlaysAtFrame(model, frame);
  return [
    ...o.callouts.map((c) => ({ what: `the callout "${clip(c.text)}"`, box: c.box })),
    ...o.badges.map((b) => ({ what: `the speed badge "${b.text}"`, box: b.box })),
    ...o.keycaps.map((k) => ({ what: `the keycap "${k.text}"`, box: k.box })),
  ];
};

/** The cards' text, logos and QR codes, chapter banners and the hook showing at a frame (frame/cards.ts cardBoxesAt). */
export const cardBoxes: BoxSource = (model, frame) =>
  cardBoxesAt(model, frame).map((d) => ({
    what: `${d.kind === 'hook' ? 'the hook' : d.kind === 'chapter' ? 'the chapter banner' : `the ${d.kind} card's`} ${d.what.startsWith('QR code') || d.what === 'logo' ? d.what : `"${clip(d.what)}"`}`,
    box: d.box,
  }));

export const DEFAULT_BOX_SOURCES: readonly BoxSource[] = [captionBoxes, overlayBoxes, cardBoxes];

/** How far (px, ≥ 0) `box` reaches past each side of the safe rect of `frame` size: 0 everywhere means inside. */
export const overshoot = (box: Rect, frame: { width: number; height: number }, z: Insets): Insets => ({
  top: Math.max(0, z.top - box.y),
  right: Math.max(0, box.x + box.width - (frame.width - z.right)),
  bottom: Math.max(0, box.y + box.height - (frame.height - z.bottom)),
  left: Math.max(0, z.left - box.x),
});

/** Samples a second (a caption page or a callout shows for at least this long). */
const SAMPLES_PER_SECOND = 5;
/** Less than this (px) past the edge is rounding, not covered. */
const TOLERANCE_PX = 1;

/**
 * Findings for everything drawn outside `zone` (warning: the platform's UI covers it there), one
 * per element and stretch of time, with how far it reaches past which edge.
 * @param input what review reads; its computed metadata's overlays are used when present
 */
export const safeZoneChecks = (input: ReviewInput, zone: SafeZone, sources: readonly BoxSource[] = DEFAULT_BOX_SOURCES): ReviewFinding[] => {
  const c = input.computed;
  const overlays = (c as { overlays?: FrameModel['overlays'] }).overlays ?? { callouts: [], badges: [], keycaps: [] };
  const model = frameModel(
    { timeline: c.timeline, layout: c.layout, captionBox: c.captionBox, narration: c.narration, avatar: null, overlays, cards: c.cards },
    { cursorSize: 1, clickRipple: false, motionBlur: { enabled: false, shutter: 0.5, minPx: 4, maxSamples: 12 }, captions: { enabled: input.captionsShown } },
    input.frame,
  );
  const fps = c.timeline.fps;
  const step = Math.max(1, Math.round(fps / SAMPLES_PER_SECOND));
  const open = new Map<string, { fromMs: number; toMs: number; worst: Insets }>();
  const findings: ReviewFinding[] = [];
  const close = (what: string) => {
    const s = open.get(what)!;
    open.delete(what);
    const sides = (Object.entries(s.worst) as Array<[keyof Insets, number]>).filter(([, px]) => px > TOLERANCE_PX);
    const z = zone.insets;
    findings.push({
      check: 'outside-safe-zone',
      severity: 'warning',
      fromMs: s.fromMs,
      toMs: s.toMs,
      ...stepFields(input.steps, s.fromMs),
      message: `${zone.name}: ${what} reaches ${sides.map(([side, px]) => `${Math.round(px)} px into the ${side} band`).join(' and ')} that ${zone.name}'s UI covers (safe zone: top ${z.top}, right ${z.right}, bottom ${z.bottom}, left ${z.left} px of ${input.frame.width}x${input.frame.height})`,
      fix: what.startsWith('the caption')
        ? `use smaller captions (style.captions.fontSize) or fewer words a page (style.captions.maxWords)`
        : what.startsWith('the callout')
          ? `point the callout at something nearer the middle of the screen, or shorten its text`
          : `shorten the text (a card's title, subtitle or call to action, a chapter title, the hook), or make the logo smaller`,
      measured: Object.fromEntries(sides.map(([side, px]) => [`${side}Px`, Math.round(px)])),
    });
  };
  for (let frame = 0; frame < c.timeline.durationInFrames; frame += step) {
    const tMs = msAt(frame, fps);
    const seen = new Set<string>();
    for (const source of sources) {
      for (const d of source(model, frame)) {
        const o = overshoot(d.box, input.frame, zone.insets);
        if (Math.max(o.top, o.right, o.bottom, o.left) <= TOLERANCE_PX) continue;
        seen.add(d.what);
        const s = open.get(d.what);
        if (s) {
          s.toMs = tMs + msAt(step, fps);
          for (const k of Object.keys(o) as Array<keyof Insets>) s.worst[k] = Math.max(s.worst[k], o[k]);
        } else open.set(d.what, { fromMs: tMs, toMs: tMs + msAt(step, fps), worst: o });
      }
    }
    for (const what of [...open.keys()]) if (!seen.has(what)) close(what);
  }
  for (const what of [...open.keys()]) close(what);
  return findings;
};
