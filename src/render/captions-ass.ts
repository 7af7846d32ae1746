/**
 * Captions as ASS subtitles (pure), for the composite path: ffmpeg's `ass` filter (libass) burns
 * them in. One event per (page, spoken word), the word in the highlight colour, placed with the
 * same caption box as the browser drawing. (libass draws a square box, the browser a rounded one.)
 */
import type { CaptionBox } from '../compositions/shared/caption-box';
import { CAPTION_FONT, hexRgb } from '../compositions/shared/caption-box';
import type { Style } from '../compositions/shared/style-schema';
import type { CaptionPage } from '../timeline/captions';

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

export const captionsAss = (opts: {
  pages: CaptionPage[];
  frame: { width: number; height: number };
  box: CaptionBox;
  style: Style['captions'];
  /** The first frame's time: events are shifted so the rendered range starts at 0. */
  offsetMs?: number;
}): string => {
  const { pages, frame, box, style } = opts;
  const off = opts.offsetMs ?? 0;
  const white = assColor(style.color);
  const lit = assColor(style.highlight);
  const events: string[] = [];
  for (const page of pages) {
    page.words.forEach((_, k) => {
      const start = k === 0 ? page.startMs : page.words[k]!.startMs;
      const end = k + 1 < page.words.length ? page.words[k + 1]!.startMs : page.endMs;
      if (end - off <= 0 || end <= start) return;
      const text = page.words.map((w, i) => (i === k ? `{\\c${lit}}${escape(w.text)}{\\c${white}}` : escape(w.text))).join(' ');
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
    `Style: Caption,${CAPTION_FONT},${box.fontSize},${white},${white},${assColor(style.box, 0)},${assColor(style.box, style.boxOpacity)},-1,0,0,0,100,100,0,0,${style.boxOpacity > 0 ? 4 : 1},${style.boxOpacity > 0 ? box.padX : 0},0,5,0,0,0,1`,
    '',
    '[Events]',
    'Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text',
    ...events,
    '',
  ].join('\n');
};
