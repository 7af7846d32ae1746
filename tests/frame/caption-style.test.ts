/**
 * Caption presets' layout (frame/caption-style.ts), pure: at every preset, at the smallest,
 * a middle and the largest caption font size style-schema allows, in each format (each
 * composition's own caption anchor), for English with technical terms, right-to-left Hebrew and
 * Arabic, 78 Chinese characters, emoji and a long URL, every caption the frame model styles
 * (every page, every word spoken) keeps its lines inside the caption box and the frame, its runs
 * apart from each other, and (boxed) its line boxes apart and inside the box. Then what each
 * preset changes: karaoke's fill, pop's size, pages and growth, boxed's boxes.
 */
import { describe, expect, it } from 'vitest';
import type { CaptureLog } from '../../src/capture-log';
import { landscapeMetadata } from '../../src/compositions/landscape/calculate-metadata';
import { landscapeSchema } from '../../src/compositions/landscape/schema';
import type { MetadataSpec } from '../../src/compositions/shared/metadata';
import { schemaFields } from '../../src/compositions/shared/schema-fields';
import { styleSchema, type Style } from '../../src/compositions/shared/style-schema';
import { squareMetadata } from '../../src/compositions/square/calculate-metadata';
import { tiktokSplitMetadata } from '../../src/compositions/tiktok-split/calculate-metadata';
import { captionBox, captionLineEm } from '../../src/frame/caption-box';
import {
  CAPTION_PRESET_NAMES,
  fillFraction,
  POP_SCALE_FROM,
  POP_SCALE_IN_MS,
  presetFontSize,
  presetMaxWords,
  styleCaption,
  type CaptionPresetName,
  type StyledCaption,
} from '../../src/frame/caption-style';
import type { ScreenLayout } from '../../src/frame/layout';
import { captionModel, captionOf } from '../../src/frame/model';
import { captionPages, type CaptionPage } from '../../src/timeline/captions';
import { ARABIC, HEBREW, ZH78 } from '../helpers/world-text';

type AnySpec = MetadataSpec<{ capture: string; style: Style }, ScreenLayout>;
const FORMATS: Array<{ name: string; spec: AnySpec }> = [
  { name: 'landscape 1920x1080', spec: landscapeMetadata as unknown as AnySpec },
  { name: 'tiktok 1080x1920', spec: tiktokSplitMetadata as unknown as AnySpec },
  { name: 'square 1080x1080', spec: squareMetadata as unknown as AnySpec },
];

/** style.captions.fontSize's allowed range, from the schema (what Studio offers). */
const fontField = schemaFields(landscapeSchema).find((f) => f.path === 'style.captions.fontSize')!;
const [MIN, MAX] = [fontField.min!, fontField.max!];
const SIZES = [MIN, Math.round((MIN + MAX) / 2), MAX];

const TEXTS: Array<{ name: string; text: string }> = [
  { name: 'English with technical terms', text: 'Run `npm i --save-dev screenplay` then open ./deploy.yaml and visit https://ml.ink/docs today.' },
  { name: 'Hebrew', text: HEBREW },
  { name: 'Arabic', text: ARABIC },
  { name: 'Chinese', text: ZH78 },
  { name: 'emoji', text: 'Ship it 🚀🔥 now 👍🏽 and 🎉🎉🎉 party' },
  { name: 'a long URL', text: 'Open https://github.com/remotion-dev/remotion/blob/main/packages/captions/src/create-tiktok-style-captions.ts?plain=1#L42 now' },
];

const LOG: CaptureLog = {
  version: 1,
  recording: 'recording.mp4',
  screen: { width: 1920, height: 1080 },
  fps: 30,
  durationMs: 60_000,
  stills: [],
  events: [],
} as unknown as CaptureLog;

/** The caption box a composition computes for a style (metadata.ts's step, without a capture). */
const boxFor = (spec: AnySpec, captions: Style['captions']) => {
  const parsed = spec.schema.parse({ capture: 'x', style: { captions } });
  const layout = spec.layout(spec.size, LOG, parsed);
  return captionBox(spec.size, spec.captionAnchor(layout, spec.size), presetFontSize(captions));
};

const timed = (text: string) => text.split(' ').map((t, i) => ({ text: t, startMs: i * 400, endMs: i * 400 + 350 }));

/** Every caption the model styles for `text`: each page with each word spoken, half-way through it. */
const everyCaption = (spec: AnySpec, captions: Style['captions'], text: string) => {
  const box = boxFor(spec, captions);
  const pages = captionPages([{ startMs: 0, words: timed(text) }], {
    maxWords: presetMaxWords(captions),
    lineEm: captionLineEm(box),
    maxLines: box.maxLines,
    codeTerms: true,
  });
  const model = captionModel(box, pages);
  const out: Array<{ page: CaptionPage; c: StyledCaption }> = [];
  pages.forEach((page, p) =>
    page.words.forEach((w, k) => out.push({ page, c: styleCaption(captionOf(model, p, k), page, (w.startMs + w.endMs) / 2, captions) })),
  );
  return { box, pages, out };
};

const EPS = 0.01;

describe.each(CAPTION_PRESET_NAMES)('%s: every caption inside its box and the frame, words apart', (preset) => {
  const cases = FORMATS.flatMap((f) => SIZES.flatMap((fontSize) => TEXTS.map((t) => ({ format: f.name, spec: f.spec, fontSize, ...t }))));
  it.each(cases)('$format, font size $fontSize, $name', ({ spec, fontSize, text }) => {
    const captions = styleSchema.parse({ captions: { preset, fontSize } }).captions;
    const { out, pages, box } = everyCaption(spec, captions, text);
    const frame = spec.size;
    expect(pages.length).toBeGreaterThan(0);
    for (const { page, c } of out) {
      expect(page.words.length).toBeLessThanOrEqual(presetMaxWords(captions));
      expect(c.lines.length).toBeLessThanOrEqual(box.maxLines);
      expect(c.styled).toHaveLength(c.lines.length);
      // The page's box inside the frame.
      expect(c.box.x).toBeGreaterThanOrEqual(-EPS);
      expect(c.box.y).toBeGreaterThanOrEqual(-EPS);
      expect(c.box.x + c.box.width).toBeLessThanOrEqual(frame.width + EPS);
      expect(c.box.y + c.box.height).toBeLessThanOrEqual(frame.height + EPS);
      for (const [i, line] of c.styled.entries()) {
        // Each line inside the box less its padding, its runs one after the other, none over another.
        const runs = [...line.runs].sort((a, b) => a.x - b.x);
        for (const [j, r] of runs.entries()) {
          expect(r.width).toBeGreaterThan(0);
          expect(r.x).toBeGreaterThanOrEqual(c.box.x + c.padX - EPS);
          expect(r.x + r.width).toBeLessThanOrEqual(c.box.x + c.box.width - c.padX + EPS);
          if (j > 0) expect(r.x).toBeGreaterThanOrEqual(runs[j - 1]!.x + runs[j - 1]!.width - EPS);
          expect(r.fill).toBeGreaterThanOrEqual(0);
          expect(r.fill).toBeLessThanOrEqual(1);
        }
        // The line's text (its line height) inside the box.
        expect(line.centerY - c.lineHeight / 2).toBeGreaterThanOrEqual(c.box.y - EPS);
        expect(line.centerY + c.lineHeight / 2).toBeLessThanOrEqual(c.box.y + c.box.height + EPS);
        // Its own box (what boxed draws) inside the page's box, below the line before.
        expect(line.box.x).toBeGreaterThanOrEqual(c.box.x - EPS);
        expect(line.box.x + line.box.width).toBeLessThanOrEqual(c.box.x + c.box.width + EPS);
        if (c.backing === 'line') {
          expect(line.box.y).toBeGreaterThanOrEqual(c.box.y - EPS);
          expect(line.box.y + line.box.height).toBeLessThanOrEqual(c.box.y + c.box.height + EPS);
          if (i > 0) expect(line.box.y).toBeGreaterThan(c.styled[i - 1]!.box.y + c.styled[i - 1]!.box.height);
        }
      }
    }
  });
});

describe('what each preset changes', () => {
  const spec = FORMATS[1]!.spec;
  const style = (preset: CaptionPresetName, more: Partial<Style['captions']> = {}) => styleSchema.parse({ captions: { preset, ...more } }).captions;

  it('clean is the default and draws what it drew before presets: the spoken word lit, nothing filled part-way, no outline, full size', () => {
    expect(styleSchema.parse({}).captions.preset).toBe('clean');
    const { out } = everyCaption(spec, style('clean'), 'Deploying to production takes one command.');
    for (const { c } of out) {
      expect(c.scale).toBe(1);
      expect(c.outline).toBe(0);
      expect(c.backing).toBe('page');
      for (const r of c.styled.flatMap((l) => l.runs)) expect(r.fill).toBe(r.word === c.word ? 1 : 0);
    }
  });

  it.each([
    { at: 0, want: 0 },
    { at: 0.25, want: 0.25 },
    { at: 0.5, want: 0.5 },
    { at: 1, want: 1 },
    { at: 1.5, want: 1 },
  ])('karaoke: the spoken word is $want filled at $at of its span, the words before it filled, the words after it not', ({ at, want }) => {
    const captions = style('karaoke');
    const box = boxFor(spec, captions);
    const words = timed('Deploy everything with one command');
    const pages = captionPages([{ startMs: 0, words }], { maxWords: 6, lineEm: captionLineEm(box), maxLines: box.maxLines });
    const w = pages[0]!.words[1]!;
    const c = styleCaption(captionOf(captionModel(box, pages), 0, 1), pages[0], w.startMs + at * (w.endMs - w.startMs), captions);
    const runs = c.styled.flatMap((l) => l.runs);
    expect(runs.find((r) => r.word === 0)!.fill).toBe(1);
    expect(runs.find((r) => r.word === 1)!.fill).toBeCloseTo(want, 6);
    expect(runs.filter((r) => r.word > 1).every((r) => r.fill === 0)).toBe(true);
  });

  it('karaoke: a word broken over two lines fills its first piece, then its second', () => {
    const captions = style('karaoke', { fontSize: 160 });
    const box = boxFor(spec, captions);
    const url = 'https://github.com/remotion-dev/remotion/blob/main/packages';
    const pages = captionPages([{ startMs: 0, words: [{ text: url, startMs: 0, endMs: 1000 }] }], {
      maxWords: 6,
      lineEm: captionLineEm(box),
      maxLines: box.maxLines,
      codeTerms: true,
    });
    const pieceRuns = (t: number) => {
      const p = pages.findIndex((pg) => t >= pg.startMs && t < pg.endMs);
      return styleCaption(captionOf(captionModel(box, pages), p, 0), pages[p], t, captions).styled.flatMap((l) => l.runs);
    };
    // A piece is a word of its own (captions.ts cuts a word wider than a line): each fills over its share.
    expect(pages.length).toBeGreaterThan(1);
    const first = pages[0]!.words[0]!;
    expect(pieceRuns((first.startMs + first.endMs) / 2)[0]!.fill).toBeCloseTo(0.5, 6);
    expect(pieceRuns(first.startMs)[0]!.code).toBe(true);
  });

  it.each([
    { name: 'left to right', dir: 'ltr' as const, text: 'Deploy everything now' },
    { name: 'right to left', dir: 'rtl' as const, text: 'שלום עולם יפה' },
  ])('karaoke, $name: the page says which side the fill starts from ($dir), and runs are placed in that order', ({ dir, text }) => {
    const { out } = everyCaption(spec, style('karaoke'), text);
    const c = out[0]!.c;
    expect(c.dir).toBe(dir);
    const runs = c.styled[0]!.runs;
    if (dir === 'rtl') expect(runs[0]!.x).toBeGreaterThan(runs[1]!.x);
    else expect(runs[0]!.x).toBeLessThan(runs[1]!.x);
  });

  it('the sizes tried are the schema’s', () => expect(SIZES).toEqual([16, 88, 160]));

  it('pop: 1.6 times the font size (at most the largest), two words a page at most, an outline, growing in over 120 ms', () => {
    expect(presetFontSize(style('pop'))).toBe(Math.round(54 * 1.6));
    expect(presetFontSize(style('pop', { fontSize: 160 }))).toBe(160);
    expect(presetMaxWords(style('pop', { maxWords: 6 }))).toBe(2);
    expect(presetMaxWords(style('pop', { maxWords: 1 }))).toBe(1);
    const captions = style('pop');
    const box = boxFor(spec, captions);
    const pages = captionPages([{ startMs: 1000, words: timed('Deploying to production takes one command.') }], { maxWords: presetMaxWords(captions) });
    expect(pages.every((p) => p.words.length <= 2)).toBe(true);
    const model = captionModel(box, pages);
    const at = (t: number) => styleCaption(captionOf(model, 0, 0), pages[0], t, captions);
    expect(at(pages[0]!.startMs).scale).toBeCloseTo(POP_SCALE_FROM, 6);
    expect(at(pages[0]!.startMs + POP_SCALE_IN_MS / 2).scale).toBeCloseTo((1 + POP_SCALE_FROM) / 2, 6);
    expect(at(pages[0]!.startMs + POP_SCALE_IN_MS).scale).toBe(1);
    expect(at(pages[0]!.startMs).outline).toBeGreaterThan(0);
    expect(at(pages[0]!.startMs).backing).toBe('outline');
  });

  it('boxed: each line its own box, as wide as the line, the longer line the wider box', () => {
    const { out } = everyCaption(spec, style('boxed'), 'Deploying to production takes one single command, really.');
    const two = out.find(({ c }) => c.styled.length === 2)!.c;
    const [a, b] = two.styled as [(typeof two.styled)[0], (typeof two.styled)[0]];
    const width = (l: typeof a) => Math.max(...l.runs.map((r) => r.x + r.width)) - Math.min(...l.runs.map((r) => r.x));
    expect(a.box.width).toBeCloseTo(width(a) + 2 * two.padX, 6);
    expect(b.box.width).toBeCloseTo(width(b) + 2 * two.padX, 6);
    expect(Math.sign(a.box.width - b.box.width)).toBe(Math.sign(width(a) - width(b)));
  });

  it('technical terms are in the monospace font only with codeFont on', () => {
    const text = 'Run `npm i` now';
    const on = everyCaption(spec, style('clean'), text).out[0]!.c;
    expect(on.styled[0]!.runs.map((r) => [r.text, r.code])).toEqual([
      ['Run', false],
      ['npm', true],
      ['i', true],
      ['now', false],
    ]);
    const off = styleCaption(on, undefined, 0, { preset: 'clean', codeFont: false });
    expect(off.styled[0]!.runs.some((r) => r.code)).toBe(false);
  });
});

describe('fillFraction', () => {
  it.each([
    { t: 50, want: 0 },
    { t: 100, want: 0 },
    { t: 150, want: 0.5 },
    { t: 200, want: 1 },
    { t: 300, want: 1 },
  ])('a word of 100–200 ms at $t ms: $want', ({ t, want }) => expect(fillFraction({ startMs: 100, endMs: 200 }, t)).toBe(want));
  it('a word with no length is all or nothing', () => {
    expect(fillFraction({ startMs: 100, endMs: 100 }, 99)).toBe(0);
    expect(fillFraction({ startMs: 100, endMs: 100 }, 100)).toBe(1);
  });
});
