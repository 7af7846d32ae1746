/**
 * Caption presets (pure): what `style.captions.preset` changes, as named data, and the caption a
 * frame shows styled by it, computed once for both render paths (Captions.tsx draws it in the
 * browser, render/captions-ass-styles.ts writes it for libass):
 *
 * - clean: the page in one box, the spoken word in the highlight colour (the look before presets).
 * - karaoke: the page in one box; the spoken word fills with the highlight colour over its
 *   spoken span (left to right, right to left on a right-to-left page), the words said before it
 *   stay filled.
 * - pop: a page of one or two words, big (POP_FONT_SCALE), centred, with an outline instead of a
 *   box, growing from POP_SCALE_FROM to full size over POP_SCALE_IN_MS when it appears.
 * - boxed: each line in its own rounded box, as wide as the line.
 *
 * Technical terms (narration/code-terms.ts) are set in CODE_FONT in every preset when
 * style.captions.codeFont is on. Word positions are estimates (script-text.ts's widths); each
 * renderer sets the text itself, so only the boxes of `boxed` are drawn where the estimate says.
 */
import { area, type Area } from './spaces';
import { FALLBACK_FONTS } from './caption-box';
import type { DrawnCaption } from './model';
import type { CaptionPage } from '../timeline/captions';
import { AVERAGE_ADVANCE_EM, wordWidthEm } from '../timeline/script-text';

export const CAPTION_PRESET_NAMES = ['clean', 'karaoke', 'pop', 'boxed'] as const;
export type CaptionPresetName = (typeof CAPTION_PRESET_NAMES)[number];

/** What a preset decides. */
export type CaptionPreset = {
  /** The caption font size is style.captions.fontSize times this (at most MAX_CAPTION_FONT_SIZE). */
  fontScale: number;
  /** Most words on a page: style.captions.maxWords, and at most this. */
  maxWords: number;
  /** Behind the text: one box around the page, one box per line, or none (an outline round the letters). */
  backing: 'page' | 'line' | 'outline';
  /** The spoken word: lit in the highlight colour at once, or filled with it over its spoken span. */
  spoken: 'lit' | 'fill';
  /** A page appears at this scale and grows to 1 over `scaleInMs` (linearly). */
  scaleFrom: number;
  scaleInMs: number;
};

/** pop's font size, in clean's. */
export const POP_FONT_SCALE = 1.6;
/** pop's page grows from this scale… */
export const POP_SCALE_FROM = 0.8;
/** …to full size over this long (ms). */
export const POP_SCALE_IN_MS = 120;
/** The largest caption font size (px at a 1080 px wide frame): style-schema's maximum. */
export const MAX_CAPTION_FONT_SIZE = 160;

export const CAPTION_PRESETS: Readonly<Record<CaptionPresetName, CaptionPreset>> = {
  clean: { fontScale: 1, maxWords: Infinity, backing: 'page', spoken: 'lit', scaleFrom: 1, scaleInMs: 0 },
  karaoke: { fontScale: 1, maxWords: Infinity, backing: 'page', spoken: 'fill', scaleFrom: 1, scaleInMs: 0 },
  pop: { fontScale: POP_FONT_SCALE, maxWords: 2, backing: 'outline', spoken: 'lit', scaleFrom: POP_SCALE_FROM, scaleInMs: POP_SCALE_IN_MS },
  boxed: { fontScale: 1, maxWords: Infinity, backing: 'line', spoken: 'lit', scaleFrom: 1, scaleInMs: 0 },
};

/** The monospace font of technical terms in both render paths (fonts-dejavu-core: its line metrics are DejaVu Sans's, so lines keep their height). */
export const CODE_FONT = 'DejaVu Sans Mono';
/** CODE_FONT with its fallbacks, as CSS. */
export const CODE_FONT_STACK = [CODE_FONT, ...FALLBACK_FONTS].map((f) => `'${f}'`).join(', ') + ', monospace';

/** The caption settings presets read (style-schema.ts's style.captions). */
export type CaptionStyleInput = { preset?: CaptionPresetName; fontSize: number; maxWords: number; codeFont?: boolean };

/** The preset of a captions style ('clean' when it names none). */
export const captionPreset = (c: Pick<CaptionStyleInput, 'preset'>): CaptionPreset => CAPTION_PRESETS[c.preset ?? 'clean'];

/** The caption font size the preset draws (px at a 1080 px wide frame, for caption-box.ts's captionBox). */
export const presetFontSize = (c: CaptionStyleInput): number => {
  const p = captionPreset(c);
  return p.fontScale === 1 ? c.fontSize : Math.min(MAX_CAPTION_FONT_SIZE, Math.round(c.fontSize * p.fontScale));
};

/** Most words on a page for the preset. */
export const presetMaxWords = (c: CaptionStyleInput): number => Math.min(c.maxWords, captionPreset(c).maxWords);

/** pop's outline width (output px) for a font size. */
export const outlineWidth = (fontSize: number): number => Math.max(1, Math.round(fontSize * 0.08));

/** A run as drawn: its font, how much of it is in the highlight colour, and its estimated place. */
export type StyledRun = {
  word: number;
  text: string;
  space: boolean;
  /** A technical term: in CODE_FONT. */
  code: boolean;
  /**
   * How much of the run is in the highlight colour, 0 to 1: 0 or 1 but for the word being filled
   * (karaoke), filled from its start side (the left, the right on a right-to-left page).
   */
  fill: number;
  /** The run's left edge and width (output px), by script-text.ts's estimate (a space before it not included). */
  x: number;
  width: number;
};

/** A line as drawn: its runs in logical order, the centre of its text (output px) and, for `boxed`, its own box. */
export type StyledLine = { runs: StyledRun[]; centerY: number; box: Area<'output'> };

/** A caption as a preset draws it: the frame model's caption, its lines placed, its runs filled. */
export type StyledCaption = DrawnCaption & {
  preset: CaptionPresetName;
  backing: CaptionPreset['backing'];
  spoken: CaptionPreset['spoken'];
  styled: StyledLine[];
  /** The page's scale now (pop's growth), about the box's centre. */
  scale: number;
  /** The outline round the letters (px; 0: none). */
  outline: number;
  /** Technical terms in CODE_FONT. */
  codeFont: boolean;
};

const clamp01 = (v: number) => Math.max(0, Math.min(1, v));

/** A fraction of a word filled at `tMs`: its share of its spoken span (ms) gone by. */
export const fillFraction = (w: { startMs: number; endMs: number }, tMs: number): number =>
  w.endMs <= w.startMs ? (tMs >= w.startMs ? 1 : 0) : clamp01((tMs - w.startMs) / (w.endMs - w.startMs));

/** Boxed: a line's box is its text line plus BOXED_PAD_Y × padY above and below; lines BOXED_GAP_Y × padY apart (two lines fill clean's box exactly). */
const BOXED_PAD_Y = 0.4;
const BOXED_GAP_Y = 0.4;

/**
 * The caption `c` (frame/model.ts's captionOf) of `page` styled by the preset at `tMs` (the
 * video's clock, ms): each line's place (and box), each run's font and fill, the page's scale.
 */
export const styleCaption = (
  c: DrawnCaption,
  page: CaptionPage | undefined,
  tMs: number,
  captions: { preset?: CaptionPresetName; codeFont?: boolean },
): StyledCaption => {
  const name = captions.preset ?? 'clean';
  const p = CAPTION_PRESETS[name];
  const codeFont = captions.codeFont !== false;
  const words = page?.words ?? [];
  const n = c.lines.length;
  const centerX = c.box.x + c.box.width / 2;
  const boxH = c.lineHeight + 2 * BOXED_PAD_Y * c.padY;
  const gap = BOXED_GAP_Y * c.padY;
  const stack = n * boxH + (n - 1) * gap;
  const boxedTop = c.box.y + (c.box.height - stack) / 2;
  // The spoken word's fill spread over its runs (a word wider than a line is in several).
  const spokenRuns = c.lines.flat().filter((r) => r.word === c.word);
  const em = (r: { text: string; word: number }) => wordWidthEm(r.text, codeFont && words[r.word]?.code === true);
  const spokenEm = spokenRuns.reduce((s, r) => s + em(r), 0);
  const wordFill = p.spoken === 'fill' && words[c.word] ? fillFraction(words[c.word]!, tMs) : 1;
  let spokenBefore = 0;
  const styled = c.lines.map((runs, i): StyledLine => {
    const widths = runs.map((r) => em(r) * c.fontSize);
    const spaces = runs.map((r) => (r.space ? AVERAGE_ADVANCE_EM * c.fontSize : 0));
    const lineWidth = widths.reduce((s, w) => s + w, 0) + spaces.reduce((s, w) => s + w, 0);
    const left = centerX - lineWidth / 2;
    let at = 0;
    const out = runs.map((r, j): StyledRun => {
      at += spaces[j]!;
      const width = widths[j]!;
      // Logical order left to right, or right to left on a right-to-left page (an estimate: a run of left-to-right words inside it keeps its own order).
      const x = c.dir === 'rtl' ? left + lineWidth - at - width : left + at;
      at += width;
      let fill = r.word < c.word ? (p.spoken === 'fill' ? 1 : 0) : r.word > c.word ? 0 : 1;
      if (r.word === c.word && p.spoken === 'fill') {
        const share = spokenEm > 0 ? em(r) / spokenEm : 1;
        fill = share > 0 ? clamp01((wordFill - spokenBefore) / share) : wordFill;
        spokenBefore += share;
      }
      return { word: r.word, text: r.text, space: r.space, code: codeFont && words[r.word]?.code === true, fill, x, width };
    });
    const boxWidth = Math.min(c.box.width, lineWidth + 2 * c.padX);
    const top = p.backing === 'line' ? boxedTop + i * (boxH + gap) : c.box.y + c.padY + i * c.lineHeight - BOXED_PAD_Y * c.padY;
    return {
      runs: out,
      centerY: top + boxH / 2,
      box: area('output', { x: centerX - boxWidth / 2, y: top, width: boxWidth, height: boxH }),
    };
  });
  const sinceMs = tMs - (page?.startMs ?? tMs);
  const scale = p.scaleInMs > 0 ? p.scaleFrom + (1 - p.scaleFrom) * clamp01(sinceMs / p.scaleInMs) : 1;
  return { ...c, preset: name, backing: p.backing, spoken: p.spoken, styled, scale, outline: p.backing === 'outline' ? outlineWidth(c.fontSize) : 0, codeFont };
};
