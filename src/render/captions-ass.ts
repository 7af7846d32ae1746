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
import { frameSpan, msAt } from '../base/time';
import type { Style } from '../compositions/shared/style-schema';
import { assFontSize, CAPTION_FONT, FONT_LINE_EM, hexRgb, type CaptionBox } from '../frame/caption-box';
import { OVERLAY_COLORS } from '../frame/overlay-layout';
import { badgeOf, captionModel, captionOf, keycapsOf, overlaysAtFrame, type DrawnLabel, type FrameModel } from '../frame/model';
import type { CaptionPage } from '../timeline/captions';
import { directionMark, textDirection } from '../timeline/script-text';
import { assRunText, presetCaptionsAss } from './captions-ass-styles';

/** #rrggbb and an opacity → ASS's &HAABBGGRR (alpha 00 is opaque). */
export const assColor = (hex: string, opacity = 1): string => {
  const [r, g, b] = hexRgb(hex).map((v) => v.toString(16).padStart(2, '0').toUpperCase());
  const a = Math.round((1 - Math.max(0, Math.min(1, opacity))) * 255)
    .toString(16)
    .padStart(2, '0')
    .toUpperCase();
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

/**
 * ASS box padding for a box `height` px tall around one line of text at `fontSize` (CSS px):
 * libass puts `\ybord` px above and below the line's own height (FONT_LINE_EM em).
 */
const ybordFor = (height: number, fontSize: number): number => Math.max(0, (height - fontSize * FONT_LINE_EM) / 2);
const n2 = (v: number): string => String(Math.round(v * 100) / 100);

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
  const boxed = style.boxOpacity > 0;
  // The frame model's caption geometry: lines, box (centre, height) and font size, as the browser draws them.
  const model = captionModel(box, pages);
  // The other presets (captions-ass-styles.ts); clean below, as before presets.
  const preset = (style.preset ?? 'clean') !== 'clean' ? presetCaptionsAss({ pages, model, box, style, offsetMs: off }) : null;
  const events: string[] = [...(preset?.events ?? [])];
  // clean: as before presets (its captions do not change).
  (preset ? [] : pages).forEach((page, p) => {
    page.words.forEach((_, k) => {
      const start = k === 0 ? page.startMs : page.words[k]!.startMs;
      const end = k + 1 < page.words.length ? page.words[k + 1]!.startMs : page.endMs;
      if (end - off <= 0 || end <= start) return;
      const c = captionOf(model, p, k);
      const text =
        directionMark(c.dir) +
        c.lines
          .map((runs) =>
            runs
              .map((r) => {
                // A technical term in the monospace font (caption-style.ts), when codeFont is on.
                const t = assRunText(r.text, style.codeFont !== false && page.words[r.word]?.code === true);
                return (r.space ? ' ' : '') + (r.word === k ? `{\\c${lit}}${t}{\\c${white}}` : t);
              })
              .join(''),
          )
          .join('\\N');
      // The box: padX beside the text, padY above and below its lines (\xbord, \ybord), centred on the model's box.
      const pad = boxed ? `\\xbord${n2(c.padX)}\\ybord${n2(c.padY)}` : '';
      events.push(
        `Dialogue: 0,${time(start - off)},${time(end - off)},Caption,,0,0,0,,{\\an5\\pos(${n2(box.centerX)},${n2(c.box.y + c.box.height / 2)})${pad}}${text}`,
      );
    });
  });
  return [
    '[Script Info]',
    'ScriptType: v4.00+',
    `PlayResX: ${frame.width}`,
    `PlayResY: ${frame.height}`,
    'WrapStyle: 2',
    'ScaledBorderAndShadow: yes',
    '',
    '[V4+ Styles]',
    'Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding',
    // BorderStyle 4 (libass): one box in the back colour around the whole event, the border
    // widths (\xbord, \ybord) around the text (3 boxes each glyph run, which shows seams under
    // the words). Fontsize: assFontSize, so glyphs are as large as the browser's.
    ...(opts.extra?.styles ?? []),
    ...(preset?.styles ?? []),
    `Style: Caption,${CAPTION_FONT},${n2(assFontSize(box.fontSize))},${white},${white},${assColor(style.box, 0)},${assColor(style.box, style.boxOpacity)},-1,0,0,0,100,100,0,0,${boxed ? 4 : 1},${boxed ? n2(box.padX) : 0},0,5,0,0,0,-1`,
    '',
    '[Events]',
    'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
    ...(opts.extra?.events ?? []),
    ...events,
    '',
  ].join('\n');
};

/**
 * Callouts, speed badges and keycaps as ASS styles and events, where the frame model puts them
 * (frame/model.ts), as large as the browser draws them. A callout follows its spot through the
 * camera: one event per frame.
 */
export const overlayAss = (opts: { model: FrameModel; frameRange: [number, number]; offsetMs: number }): { styles: string[]; events: string[] } => {
  const { model } = opts;
  const m = model.overlay;
  const fps = model.timeline.fps;
  const off = opts.offsetMs;
  const labelHeight = m.fontSize + 2 * m.padY;
  const fmt = (name: string, text: string, back: string) =>
    `Style: ${name},${CAPTION_FONT},${n2(assFontSize(m.fontSize))},${text},${text},${back},${back},-1,0,0,0,100,100,0,0,4,${m.padX},0,5,0,0,0,-1`;
  const { label: lc, callout: cc } = OVERLAY_COLORS;
  const bg = assColor(lc.back, lc.backOpacity);
  const styles = [
    fmt('Badge', assColor(lc.text), bg),
    fmt('Keycap', assColor(lc.text), bg),
    fmt('Callout', assColor(cc.text), assColor(cc.back)),
    `Style: Mark,${CAPTION_FONT},${n2(assFontSize(m.fontSize))},${assColor(cc.back)},${assColor(cc.back)},${assColor(cc.text)},${assColor(cc.text)},0,0,0,0,100,100,0,0,1,${Math.max(1, Math.round(m.fontSize * 0.06))},0,7,0,0,0,-1`,
  ];
  const events: string[] = [];
  // A label: its text centred in the model's box, the box as tall as the browser's.
  const label = (layer: number, t0: string, t1: string, styleName: string, l: DrawnLabel) =>
    `Dialogue: ${layer},${t0},${t1},${styleName},,0,0,0,,{\\an5\\pos(${n2(l.box.x + l.box.width / 2)},${n2(l.box.y + l.box.height / 2)})\\ybord${n2(ybordFor(labelHeight, m.fontSize))}}${overlayText(l.text)}`;
  for (const b of model.overlays.badges) {
    if (b.endMs - off <= 0) continue;
    events.push(label(1, time(b.startMs - off), time(b.endMs - off), 'Badge', badgeOf(model, b.text)));
  }
  for (const k of model.overlays.keycaps) {
    if (k.endMs - off <= 0) continue;
    for (const c of keycapsOf(model, k.keys)) events.push(label(1, time(k.startMs - off), time(k.endMs - off), 'Keycap', c));
  }
  const [from, to] = opts.frameRange;
  // Frames showing a callout, each drawn where the frame model puts it that frame.
  const frames = new Set<number>();
  for (const c of model.overlays.callouts) {
    const [f0, f1] = frameSpan(c.startMs, c.endMs, fps);
    for (let f = Math.max(from, f0); f <= Math.min(to, f1 - 1); f++) frames.add(f);
  }
  for (const f of [...frames].sort((a, b) => a - b)) {
    const t0 = time(msAt(f, fps) - off);
    const t1 = time(msAt(f + 1, fps) - off);
    for (const d of overlaysAtFrame(model, f).callouts) {
      const tx = d.from.x - d.tip.x;
      const ty = d.from.y - d.tip.y;
      const w = m.fontSize * 0.06;
      const dot = d.dot;
      // The dot and the line to the bubble, drawn from the tip; then the bubble with its text.
      const line = `m ${-w} ${-w} l ${Math.round(tx - w)} ${Math.round(ty - w)} l ${Math.round(tx + w)} ${Math.round(ty + w)} l ${w} ${w}`;
      const circle = `m ${-dot} 0 b ${-dot} ${-dot * 1.3} ${dot} ${-dot * 1.3} ${dot} 0 b ${dot} ${dot * 1.3} ${-dot} ${dot * 1.3} ${-dot} 0`;
      events.push(`Dialogue: 1,${t0},${t1},Mark,,0,0,0,,{\\an7\\pos(${n2(d.tip.x)},${n2(d.tip.y)})\\p1}${line} ${circle}{\\p0}`);
      events.push(label(2, t0, t1, 'Callout', d));
    }
  }
  return { styles, events };
};

/** ASS times, text and numbers as captions-ass.ts writes them (for captions-ass-styles.ts). */
export { time as assTime, escape as assEscape, n2 as assNumber };
