/**
 * The caption presets other than clean as ASS (pure), for the composite path: the frame model's
 * styled caption (frame/caption-style.ts) for every (page, spoken word), as captions-ass.ts
 * writes clean's. What libass is told:
 *
 * - karaoke: the spoken word fills over its span with `\kf` (libass sweeps the fill across the
 *   word's glyphs, a pixel at a time, as the browser's clip does); the words said before it come
 *   first in the primary colour (the highlight), the rest in one `\kf` too long to start. libass
 *   sweeps every `\kf` left to right, so on a right-to-left page the word is cut into its
 *   characters, each a `\kf` of its share, in logical order: the fill runs right to left a
 *   character at a time (inside one character, left to right).
 * - pop: an outline (`\bord`, BorderStyle 1) instead of a box; the page's first event grows from
 *   POP_SCALE_FROM with `\t` over POP_SCALE_IN_MS, linearly, as the model's scale does.
 * - boxed: each line's box (the model's rectangle, rounded) as a drawing, then each line's text
 *   centred on the model's line centre.
 *
 * Technical terms switch to CODE_FONT with `\fn` (its line metrics are the caption font's).
 */
import type { Style } from '../compositions/shared/style-schema';
import { assFontSize, CAPTION_FONT, type CaptionBox } from '../frame/caption-box';
import { CODE_FONT, POP_SCALE_FROM, POP_SCALE_IN_MS, styleCaption, type StyledCaption, type StyledRun } from '../frame/caption-style';
import { captionOf, type FrameModel } from '../frame/model';
import type { CaptionPage } from '../timeline/captions';
import { directionMark, graphemes, wordWidthEm } from '../timeline/script-text';
import { assColor, assEscape, assNumber as n2, assTime as time } from './captions-ass';

/** A run's text, in CODE_FONT when it is a technical term. */
export const assRunText = (text: string, code: boolean): string => (code ? `{\\fn${CODE_FONT}}${assEscape(text)}{\\fn${CAPTION_FONT}}` : assEscape(text));

/** Centiseconds `total` shared by `weights`, rounded so that they add up to it. */
const shares = (total: number, weights: number[]): number[] => {
  const sum = weights.reduce((a, b) => a + b, 0) || 1;
  let acc = 0;
  let given = 0;
  return weights.map((w) => {
    acc += w;
    const upTo = Math.round((total * acc) / sum);
    const d = upTo - given;
    given = upTo;
    return d;
  });
};

/**
 * karaoke's text for a caption whose word `c.word` started filling `aheadCs` centiseconds before
 * the event's start (a rendered range that starts mid-word: the event is cut to start there) and
 * takes `spanCs` centiseconds: a negative `\k` first moves the fill's clock back (libass adds
 * each `\k` to the next syllable's start).
 */
const karaokeText = (c: StyledCaption, spanCs: number, aheadCs: number): string => {
  const spoken = c.styled.flatMap((l) => l.runs).filter((r) => r.word === c.word);
  const weights = spoken.map((r) => wordWidthEm(r.text, r.code));
  const runCs = shares(spanCs, weights);
  let k = 0;
  let rest = false;
  const run = (r: StyledRun): string => {
    const space = r.space ? ' ' : '';
    if (r.word < c.word) return space + assRunText(r.text, r.code);
    if (r.word > c.word) {
      // Everything after the spoken word: one syllable that starts filling long after the event ends.
      const tag = rest ? '' : '{\\kf999999}';
      rest = true;
      return tag + space + assRunText(r.text, r.code);
    }
    const back = k === 0 && aheadCs > 0 ? `{\\k-${aheadCs}}` : '';
    const cs = runCs[k++] ?? 0;
    if (c.dir !== 'rtl') return `${space}${back}{\\kf${cs}}${assRunText(r.text, r.code)}`;
    // Right to left: a \kf per character, in logical order.
    const chars = graphemes(r.text);
    const each = shares(
      cs,
      chars.map((g) => wordWidthEm(g, r.code)),
    );
    const font = (t: string) => (r.code ? `{\\fn${CODE_FONT}}${t}{\\fn${CAPTION_FONT}}` : t);
    return space + back + font(chars.map((g, i) => `{\\kf${each[i]}}${assEscape(g)}`).join(''));
  };
  return directionMark(c.dir) + c.styled.map((l) => l.runs.map(run).join('')).join('\\N');
};

/** A run lit or not (clean, pop, boxed): the spoken word in the highlight colour. */
const litRun = (r: StyledRun, lit: string, white: string): string =>
  (r.space ? ' ' : '') + (r.fill >= 1 ? `{\\c${lit}}${assRunText(r.text, r.code)}{\\c${white}}` : assRunText(r.text, r.code));

/** A rounded rectangle `w` × `h` with corner radius `r`, as an ASS drawing from its top-left corner. */
export const roundedRect = (w: number, h: number, r: number): string => {
  const R = Math.max(0, Math.min(r, w / 2, h / 2));
  const k = R * 0.5523;
  const p = (v: number) => n2(v);
  return [
    `m ${p(R)} 0 l ${p(w - R)} 0`,
    `b ${p(w - R + k)} 0 ${p(w)} ${p(R - k)} ${p(w)} ${p(R)}`,
    `l ${p(w)} ${p(h - R)}`,
    `b ${p(w)} ${p(h - R + k)} ${p(w - R + k)} ${p(h)} ${p(w - R)} ${p(h)}`,
    `l ${p(R)} ${p(h)}`,
    `b ${p(R - k)} ${p(h)} 0 ${p(h - R + k)} 0 ${p(h - R)}`,
    `l 0 ${p(R)}`,
    `b 0 ${p(R - k)} ${p(R - k)} 0 ${p(R)} 0`,
  ].join(' ');
};

/**
 * The ASS styles and events of the captions in preset `style.preset` (not clean), the pages on
 * the video's clock shifted by `offsetMs`. Styles: CaptionKaraoke, CaptionPop, CaptionLine and
 * CaptionBox (the line boxes' drawings), all Encoding -1 (libass runs the bidi algorithm over each line).
 */
export const presetCaptionsAss = (opts: {
  pages: CaptionPage[];
  model: Pick<FrameModel, 'captionBox' | 'narration' | 'pageLines'>;
  box: CaptionBox;
  style: Style['captions'];
  offsetMs: number;
}): { styles: string[]; events: string[] } => {
  const { pages, model, box, style } = opts;
  const off = opts.offsetMs;
  const preset = style.preset;
  const white = assColor(style.color);
  const lit = assColor(style.highlight);
  const size = n2(assFontSize(box.fontSize));
  const back = assColor(style.box, style.boxOpacity);
  const clear = assColor(style.box, 0);
  const boxed = style.boxOpacity > 0;
  const styles = [
    // Primary: the filled (said) colour, secondary: the colour before; the page's box as clean's.
    `Style: CaptionKaraoke,${CAPTION_FONT},${size},${lit},${white},${assColor(style.box, 0)},${back},-1,0,0,0,100,100,0,0,${boxed ? 4 : 1},${boxed ? n2(box.padX) : 0},0,5,0,0,0,-1`,
    `Style: CaptionPop,${CAPTION_FONT},${size},${white},${white},${assColor(style.box)},${clear},-1,0,0,0,100,100,0,0,1,0,0,5,0,0,0,-1`,
    `Style: CaptionLine,${CAPTION_FONT},${size},${white},${white},${clear},${clear},-1,0,0,0,100,100,0,0,1,0,0,5,0,0,0,-1`,
    `Style: CaptionBox,${CAPTION_FONT},${size},${back},${back},${clear},${clear},0,0,0,0,100,100,0,0,1,0,0,7,0,0,0,-1`,
  ];
  const events: string[] = [];
  pages.forEach((page, p) => {
    if (page.endMs - off <= 0) return;
    if (preset === 'boxed') {
      // The line boxes stay for the whole page (the lines do not change within it).
      const c = styleCaption(captionOf(model, p, 0), page, page.startMs, style);
      for (const line of c.styled) {
        const b = line.box;
        events.push(
          `Dialogue: 0,${time(page.startMs - off)},${time(page.endMs - off)},CaptionBox,,0,0,0,,{\\an7\\pos(${n2(b.x)},${n2(b.y)})\\p1}${roundedRect(b.width, b.height, c.radius)}{\\p0}`,
        );
      }
    }
    page.words.forEach((w, k) => {
      const start = k === 0 ? page.startMs : w.startMs;
      const end = k + 1 < page.words.length ? page.words[k + 1]!.startMs : page.endMs;
      if (end - off <= 0 || end <= start) return;
      const t0 = time(start - off);
      // A range that starts inside this event cuts it to start there (ms already gone by).
      const ahead = Math.max(0, off - start);
      const t1 = time(end - off);
      // Lit presets: the caption as the model draws it all through the event.
      const c = styleCaption(captionOf(model, p, k), page, start, style);
      const centre = `\\an5\\pos(${n2(box.centerX)},${n2(c.box.y + c.box.height / 2)})`;
      if (preset === 'karaoke') {
        const pad = boxed ? `\\xbord${n2(c.padX)}\\ybord${n2(c.padY)}` : '';
        // The word fills from its own start (the page's first from the page's): the events start then.
        const spanCs = Math.max(0, Math.round((w.endMs - w.startMs) / 10));
        events.push(`Dialogue: 0,${t0},${t1},CaptionKaraoke,,0,0,0,,{${centre}${pad}}${karaokeText(c, spanCs, Math.round(ahead / 10))}`);
      } else if (preset === 'pop') {
        const text = directionMark(c.dir) + c.styled.map((l) => l.runs.map((r) => litRun(r, lit, white)).join('')).join('\\N');
        const bord = c.outline;
        // The page's first event grows it in (the model's scale, linear), the outline with it.
        const grow =
          k === 0 && ahead < POP_SCALE_IN_MS
            ? `\\fscx${n2(POP_SCALE_FROM * 100)}\\fscy${n2(POP_SCALE_FROM * 100)}\\bord${n2(bord * POP_SCALE_FROM)}\\t(${-Math.round(ahead)},${Math.round(POP_SCALE_IN_MS - ahead)},\\fscx100\\fscy100\\bord${n2(bord)})`
            : `\\bord${n2(bord)}`;
        events.push(`Dialogue: 1,${t0},${t1},CaptionPop,,0,0,0,,{${centre}${grow}}${text}`);
      } else {
        for (const line of c.styled) {
          const text = directionMark(c.dir) + line.runs.map((r) => litRun(r, lit, white)).join('');
          events.push(`Dialogue: 1,${t0},${t1},CaptionLine,,0,0,0,,{\\an5\\pos(${n2(box.centerX)},${n2(line.centerY)})}${text}`);
        }
      }
    });
  });
  return { styles, events };
};
