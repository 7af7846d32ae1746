/**
 * Captions as ASS subtitles (pure), for the composite path: ffmpeg's `ass` filter (libass) burns
 * them in. One event per (page, spoken word), the word in the highlight colour, placed with the
 * same caption box as the browser drawing. (libass draws a square box, the browser a rounded one.)
 *
 * Each event is one bidi paragraph per line, in logical order, the highlight an inline colour
 * tag: every style has Encoding -1 (libass then runs the bidi algorithm over the whole line,
 * with Encoding 1 it orders each colour run on its own, so RTL words moved with the highlight),
 * and the text starts with an RLM or LRM mark so libass takes the same direction as the browser.
 * Lines are those of caption-lines.ts, joined with \N (libass breaks only at spaces).
 */
import type { CaptionBox } from '../frame/caption-box';
import { CAPTION_FONT, captionLineEm, hexRgb } from '../frame/caption-box';
import { captionLines } from '../timeline/caption-lines';
import { directionMark, textDirection } from '../timeline/script-text';
import type { Style } from '../compositions/shared/style-schema';
import type { CaptionPage } from '../timeline/captions';
import type { Timeline } from '../timeline/build-timeline';
import { cameraAt } from '../timeline/camera';
import type { Overlays } from '../timeline/overlays';
import { viewRect, type Rect } from '../timeline/view';
import { badgeCentre, calloutDotRadius, calloutGeometry, keycapCentres, onStage, overlayMetrics, rectOnStage } from '../frame/overlay-layout';

/** #rrggbb and an opacity → ASS's &HAABBGGRR (alpha 00 is opaque). */
export const assColor = (hex: string, opacity = 1): string => {
  const [r, g, b] = hexRgb(hex).map((v) => v.toString(16).padStart(2, '0').toUpperCase());
  const a = Math.round((1 - Math.max(0, Math.min(1, opacity))) * 255).toString(16).padStart(2, '0').toUpperCase();
  return `&H${a}${b}${g}${r}`;
};

const time = (ms: number): string => {
  const cs = Math.max(0, Math.round(ms / 10));
  const h = Math.floor(cs / 360000);
  const m = Math.floor(cs / 6000) % 60;
  const s = Math.floor(cs / 100) % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.${String(cs % 100).padStart(2, '0')}`;
};

/** ASS-safe text: braces and backslashes would be read as override tags. */
const escape = (t: string) => t.replace(/\\/g, '\\\\').replace(/[{}]/g, (c) => (c === '{' ? '(' : ')'));

/** One line of overlay text, ASS-safe, in the direction of its first strong character (as the browser's `dir`). */
const overlayText = (t: string) => directionMark(textDirection(t)) + escape(t);

export const captionsAss = (opts: {
  pages: CaptionPage[];
  frame: { width: number; height: number };
  box: CaptionBox;
  style: Style['captions'];
  /** The first frame's time: events are shifted so the rendered range starts at 0. */
  offsetMs?: number;
  /** More styles and events (the overlays) in the same file. */
  extra?: { styles: string[]; events: string[] };
}): string => {
  const { pages, frame, box, style } = opts;
  const off = opts.offsetMs ?? 0;
  const white = assColor(style.color);
  const lit = assColor(style.highlight);
  const events: string[] = [];
  for (const page of pages) {
    const lines = captionLines(page.words, captionLineEm(box));
    page.words.forEach((_, k) => {
      const start = k === 0 ? page.startMs : page.words[k]!.startMs;
      const end = k + 1 < page.words.length ? page.words[k + 1]!.startMs : page.endMs;
      if (end - off <= 0 || end <= start) return;
      const text = directionMark(page.dir ?? 'ltr') + lines.map((runs) => runs.map((r) => (r.space ? ' ' : '') + (r.word === k ? `{\\c${lit}}${escape(r.text)}{\\c${white}}` : escape(r.text))).join('')).join('\\N');
      events.push(`Dialogue: 0,${time(start - off)},${time(end - off)},Caption,,0,0,0,,{\\pos(${Math.round(box.centerX)},${Math.round(box.centerY)})}${text}`);
    });
  }
  return [
    '[Script Info]',
    'ScriptType: v4.00+',
    `PlayResX: ${frame.width}`,
    `PlayResY: ${frame.height}`,
    'WrapStyle: 0',
    'ScaledBorderAndShadow: yes',
    '',
    '[V4+ Styles]',
    'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding',
    // BorderStyle 4 (libass): one box in the back colour around the whole line, `Outline` px
    // around the text (3 boxes each glyph run, which shows seams under the words).
    ...(opts.extra?.styles ?? []),
    `Style: Caption,${CAPTION_FONT},${box.fontSize},${white},${white},${assColor(style.box, 0)},${assColor(style.box, style.boxOpacity)},-1,0,0,0,100,100,0,0,${style.boxOpacity > 0 ? 4 : 1},${style.boxOpacity > 0 ? box.padX : 0},0,5,0,0,0,-1`,
    '',
    '[Events]',
    'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
    ...(opts.extra?.events ?? []),
    ...events,
    '',
  ].join('\n');
};

/**
 * Callouts, speed badges and keycaps as ASS styles and events, placed with overlay-layout.ts
 * like the browser drawing. A callout follows its spot through the camera: one event per frame.
 */
export const overlayAss = (opts: {
  overlays: Overlays;
  timeline: Timeline;
  stage: Rect;
  viewAspect: number;
  frame: { width: number; height: number };
  frameRange: [number, number];
  offsetMs: number;
}): { styles: string[]; events: string[] } => {
  const { overlays, timeline, stage, frame } = opts;
  const m = overlayMetrics(frame);
  const off = opts.offsetMs;
  const fmt = (name: string, text: string, back: string) =>
    `Style: ${name},${CAPTION_FONT},${m.fontSize},${text},${text},${back},${back},-1,0,0,0,100,100,0,0,4,${m.padX},0,5,0,0,0,-1`;
  const bg = assColor('#0f172a', 0.88);
  const styles = [fmt('Badge', assColor('#ffffff'), bg), fmt('Keycap', assColor('#ffffff'), bg), fmt('Callout', assColor('#111827'), assColor('#fde047')), `Style: Mark,${CAPTION_FONT},${m.fontSize},${assColor('#fde047')},${assColor('#fde047')},${assColor('#111827')},${assColor('#111827')},0,0,0,0,100,100,0,0,1,${Math.max(1, Math.round(m.fontSize * 0.06))},0,7,0,0,0,-1`];
  const events: string[] = [];
  const at = (x: number, y: number) => `\\pos(${Math.round(x)},${Math.round(y)})`;
  for (const b of overlays.badges) {
    if (b.endMs - off <= 0) continue;
    const c = badgeCentre(stage, b.text, m);
    events.push(`Dialogue: 1,${time(b.startMs - off)},${time(b.endMs - off)},Badge,,0,0,0,,{\\an5${at(c.x, c.y)}}${overlayText(b.text)}`);
  }
  for (const k of overlays.keycaps) {
    if (k.endMs - off <= 0) continue;
    for (const c of keycapCentres(stage, k.keys, m)) events.push(`Dialogue: 1,${time(k.startMs - off)},${time(k.endMs - off)},Keycap,,0,0,0,,{\\an5${at(c.x, c.y)}}${overlayText(c.text)}`);
  }
  const [from, to] = opts.frameRange;
  for (const c of overlays.callouts) {
    const f0 = Math.max(from, Math.ceil((c.startMs * timeline.fps) / 1000));
    const f1 = Math.min(to, Math.floor((c.endMs * timeline.fps) / 1000));
    for (let f = f0; f <= f1; f++) {
      const view = viewRect(cameraAt(timeline.camera, f), timeline.screen, opts.viewAspect);
      const spot = onStage(c, view, stage);
      if (!spot) continue;
      const { box: r, from: foot, tip } = calloutGeometry(spot, c.box ? rectOnStage(c.box, view, stage) : null, c.text, m, stage);
      const t0 = time((f * 1000) / timeline.fps - off);
      const t1 = time(((f + 1) * 1000) / timeline.fps - off);
      const dot = calloutDotRadius(m);
      const tx = foot.x - tip.x;
      const ty = foot.y - tip.y;
      const w = m.fontSize * 0.06;
      // The dot and the line to the bubble, drawn from the tip; then the bubble with its text.
      const line = `m ${-w} ${-w} l ${Math.round(tx - w)} ${Math.round(ty - w)} l ${Math.round(tx + w)} ${Math.round(ty + w)} l ${w} ${w}`;
      const circle = `m ${-dot} 0 b ${-dot} ${-dot * 1.3} ${dot} ${-dot * 1.3} ${dot} 0 b ${dot} ${dot * 1.3} ${-dot} ${dot * 1.3} ${-dot} 0`;
      events.push(`Dialogue: 1,${t0},${t1},Mark,,0,0,0,,{\\an7${at(tip.x, tip.y)}\\p1}${line} ${circle}{\\p0}`);
      events.push(`Dialogue: 2,${t0},${t1},Callout,,0,0,0,,{\\an5${at(r.x + r.width / 2, r.y + r.height / 2)}}${overlayText(c.text)}`);
    }
  }
  return { styles, events };
};
