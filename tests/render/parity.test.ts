/**
 * Parity of the two render paths (issue 19, item 4): for each composition, the same frames of
 * one synthetic capture dir rendered by the browser path (Chromium draws every frame, as
 * Studio and `npx remotion render` do) and by the composite path (ffmpeg composites the
 * recording and sprites, libass burns captions and overlays; `screenplay render`'s default)
 * must look the same: whole frames, the caption box, the cursor's neighbourhood and the
 * avatar each within a small mean absolute difference, and caption glyphs the same height.
 *
 * The frames (tests/helpers/parity.ts) show a one-line and a two-line caption, a word being
 * spoken (the avatar mid-word), a zoom at rest, mid-spring and zoomed in, a privacy blur, a
 * callout and keycaps, and the dissolve across a cut. A table of every number is printed.
 *
 * The bounds are the target (what one frame model drawn by both paths should meet); what
 * differs today is listed in FIXED below, and the assertions it breaks are expected to fail
 * until it is fixed. SCREENPLAY_PARITY_KEEP=1 keeps the renders and frames to look at.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPOSITIONS, PROJECT_ROOT, render, type CompositionName } from '../../src/render/render';
import { findBrowser } from '../../src/render/browser';
import { glyphHeight, mad, makeParityCapture, parityComputed, parityRegions, PARITY_FRAMES, PARITY_RANGE } from '../helpers/parity';
import { extractFrame, readPixels } from '../helpers/synthetic';
import { skipWithout } from '../helpers/requires';
import { MOUTH_REST } from '../../src/timeline/avatar-track';
import { blendAt } from '../../src/timeline/time-map';

const noBrowser = findBrowser(PROJECT_ROOT) === null;
if (noBrowser) console.warn('[skipped] the parity test: needs Chromium (apt-get install chromium, or set REMOTION_BROWSER_EXECUTABLE)');
const skip = skipWithout('the parity test (both render paths)', ['ffmpeg', 'ffprobe']) || noBrowser;

/**
 * What differs between the paths today (issue 19), each flipped to true when fixed; until then
 * the assertions it names are expected to fail (`it.fails`), so this file passes and turns red
 * ("expected to fail") the day a fix lands, as a reminder to flip the flag.
 * - recordingColours (fixed): a recording without colour tags was decoded by Chromium as BT.709
 *   and by ffmpeg as BT.601 (pure red (254, 23, 0) in the browser path, (253, 0, 0) in the
 *   composite path); the recorder now converts as BT.601 and says so (media/probe.ts
 *   RECORDING_COLOUR_TAGS), finalise tags an untagged H.264 recording, and this capture is made
 *   the same way.
 * - avatarPlacement (fixed): in Landscape and Square the avatar's parts sat a pixel or two apart;
 *   the frame model now puts the avatar on whole pixels for both paths.
 * - captionSize (fixed): libass drew captions (and callout/keycap text) 12–15 % smaller: it sizes
 *   the font to DejaVu's ascender + descender, the browser to its em; the ASS Fontsize is now
 *   corrected by the font's line height (frame/caption-box.ts FONT_LINE_EM).
 * - resizedText (not fixed; Portrait only): 540x676 (Portrait at 0.5: 675 rounded to even) is no
 *   single Remotion scale, so the browser path draws 544x680 (factor 0.5037, output-size.ts
 *   remotionScale) and resizes it. At that device scale factor Chromium sets the caption's
 *   glyphs 2 px higher in their box, and a row taller, than libass and the frame model do; the
 *   box itself sits where both put it (its top at 378.1 px in both, read on the blue channel).
 *   The first solid ink row, browser minus libass, rendered at exact sizes (no resize): factor
 *   0.4 +0, 0.4963 +0, 0.5 +0 (TikTokSplit), 0.5037 -2, 0.5185 -2; browser minus the row the
 *   frame model puts the ink on (libass's row wherever both were measured): 0.4889 -1,
 *   0.5111 -2, 0.5333 -1, 0.6 +0. So it is Chromium's text placement at some factors, not the
 *   output's odd height (the resize moves a row by 0.003 px): glyphs 27.8 / 26.3 px and the
 *   box's MAD 26.7 at frames 10 and 16.
 */
const FIXED = { captionSize: true, recordingColours: true, avatarPlacement: true, resizedText: false } as const;
const expectedToPass = (fixed: boolean) => (fixed ? it : it.fails);

/**
 * Each composition's render scale: captions about 27–29 px (54 at 1080 wide: 27 px at 0.5;
 * Landscape's 72 at 1920: 28.8 px at 0.4), so a glyph's height is measured to a few percent.
 */
const SCALE: Record<CompositionName, number> = { Landscape: 0.4, TikTokSplit: 0.5, Square: 0.5, Portrait: 0.5 };

/**
 * The target bounds (mean absolute difference, 0–255 per channel), from what already agrees
 * today plus a margin; both paths are encoded with H.264 at crf 10 and scale the recording
 * with different filters, which alone leaves 1–3 over the screen's grid.
 */
const BOUND = {
  /**
   * A whole frame: 3.4–8.3 before the frame model, 2.4–4.3 after (the rest: the red square's
   * colour, see FIXED.recordingColours, and sub-pixel text placement at this small scale).
   * Outside the caption box and the avatar, frames without overlays measure 0.04–2.4.
   */
  overall: 4.5,
  /**
   * The caption box: 34–48 before (libass drew 14 % smaller), 7–9 for two-line pages after and
   * 20–23 for one-line ones (short text, so the box is mostly glyph edges: two rasterizers place
   * ~27 px bold text a fraction of a pixel apart, libass's box corners are square).
   */
  caption: 26,
  /**
   * Twice the cursor's height around its tip: 1.9–7.7, the most while it moves (frame 10). The
   * composite path places the cursor on whole pixels, the browser on fractions.
   */
  cursor: 9,
  /** The avatar's rect: 5.2–10.5 before; 4.6–7.7 once the frame model put it on whole pixels in both paths. */
  avatar: 8,
  /** The inside of the recording's red square: 8.0–8.6 untagged (see FIXED.recordingColours); greys agree to under 1. */
  square: 4,
  /**
   * Caption glyph heights at this scale (~27 px text), browser / composite: 1.12–1.15 before,
   * 0.96–0.99 after (hinting at 27 px moves an edge row); at full size 52.1 / 53.0 px (the
   * test at the end of this file).
   */
  glyphRatio: 0.04,
} as const;

type Row = {
  composition: CompositionName;
  frame: number;
  shows: string;
  overall: number;
  caption: number;
  cursor: number;
  avatar: number;
  square: number;
  glyph: { browser: number; composite: number; ratio: number } | null;
};
const rows: Row[] = [];

let dir: string;
beforeAll(() => {
  if (!skip) dir = makeParityCapture();
});
afterAll(() => {
  // SCREENPLAY_PARITY_KEEP=1 keeps the renders and the compared frames (PNG) to look at.
  if (dir && process.env.SCREENPLAY_PARITY_KEEP) console.log(`parity: renders and frames kept in ${dir}`);
  else if (dir) fs.rmSync(dir, { recursive: true, force: true });
  if (rows.length === 0) return;
  const n = (v: number, d = 1) => (Number.isNaN(v) ? '-' : v.toFixed(d));
  const lines = [
    'composition | frame | shows | MAD overall | MAD caption | MAD cursor | MAD avatar | MAD red square | glyph px browser / composite / ratio',
    ...rows.map(
      (r) =>
        `${r.composition} | ${r.frame} | ${r.shows} | ${n(r.overall, 2)} | ${n(r.caption)} | ${n(r.cursor)} | ${n(r.avatar)} | ${n(r.square)} | ${r.glyph ? `${n(r.glyph.browser)} / ${n(r.glyph.composite)} / ${n(r.glyph.ratio, 3)}` : '-'}`,
    ),
  ];
  console.log(`parity, browser vs composite (MAD 0–255 per channel):\n${lines.join('\n')}`);
});

describe.skipIf(skip).each(COMPOSITIONS)('%s: the browser and the composite path draw the same frames', (composition) => {
  let mine: Row[] = [];
  let computed: ReturnType<typeof parityComputed>;
  beforeAll(async () => {
    const scale = SCALE[composition];
    computed = parityComputed(dir, composition);
    const out = (renderer: string) => path.join(dir, `${composition}-${renderer}.mp4`);
    for (const renderer of ['browser', 'composite'] as const) {
      await render({ composition, captureDir: dir, out: out(renderer), scale, renderer, frameRange: PARITY_RANGE, crf: 10 });
    }
    const frameOf = (renderer: string, frame: number) => {
      const png = path.join(dir, `${composition}-${renderer}-${frame}.png`);
      extractFrame(out(renderer), frame - PARITY_RANGE[0], png);
      return readPixels(png);
    };
    mine = PARITY_FRAMES.map(({ frame, shows }) => {
      const b = frameOf('browser', frame);
      const c = frameOf('composite', frame);
      const r = parityRegions(computed, 1, frame, scale);
      const glyph = r.caption ? { browser: glyphHeight(b, r.caption), composite: glyphHeight(c, r.caption), ratio: NaN } : null;
      if (glyph) glyph.ratio = glyph.browser / glyph.composite;
      return {
        composition,
        frame,
        shows,
        overall: mad(b, c),
        caption: r.caption ? mad(b, c, r.caption) : NaN,
        cursor: r.cursor ? mad(b, c, r.cursor) : NaN,
        avatar: r.avatar ? mad(b, c, r.avatar) : NaN,
        square: mad(b, c, r.square),
        glyph,
      };
    });
    rows.push(...mine);
  }, 300_000);

  it('every compared frame has what it should show (a caption, the cursor, the avatar)', () => {
    expect(mine.map((r) => r.frame)).toEqual(PARITY_FRAMES.map((f) => f.frame));
    for (const r of mine) {
      expect(r.glyph, `frame ${r.frame}: a caption`).not.toBeNull();
      // (An expected failure must fail on a number, not on a NaN from a region with nothing in it.)
      expect(r.glyph!.browser, `frame ${r.frame}: caption ink in the browser frame`).toBeGreaterThan(5);
      expect(r.glyph!.composite, `frame ${r.frame}: caption ink in the composite frame`).toBeGreaterThan(5);
      expect(r.caption, `frame ${r.frame}: the caption box`).not.toBeNaN();
      expect(r.square, `frame ${r.frame}: the red square`).not.toBeNaN();
      expect(r.cursor, `frame ${r.frame}: the cursor`).not.toBeNaN();
      expect(r.avatar, `frame ${r.frame}: the avatar`).not.toBeNaN();
    }
  });

  it("the frames show what the table says (from the composition's own metadata)", () => {
    const { timeline, blends, overlays, avatar } = computed;
    const ms = (f: number) => (f * 1000) / timeline.fps;
    const zoom = (f: number) => timeline.camera.zoom[f]!;
    const [f10, f16, f36, f45] = PARITY_FRAMES.map((f) => f.frame) as [number, number, number, number];
    expect(zoom(f10)).toBe(1);
    expect(zoom(f16)).toBeGreaterThan(1.2);
    expect(zoom(f16)).toBeLessThan(1.8);
    expect(zoom(f36)).toBeGreaterThan(1.95);
    expect(mine.map((r) => r.glyph && parityRegions(computed, 1, r.frame, 1).lines)).toEqual([1, 1, 2, 2]);
    // Mid-word: the avatar's mouth is open (not the resting smile).
    for (const f of [f10, f36]) expect(avatar!.track.mouth[f]).not.toBe(MOUTH_REST);
    expect(timeline.blurs.some((b) => ms(f10) >= b.startMs && ms(f10) <= b.endMs)).toBe(true);
    expect(overlays.callouts.some((c) => ms(f10) >= c.startMs && ms(f10) < c.endMs)).toBe(true);
    expect(overlays.keycaps.some((k) => ms(f10) >= k.startMs && ms(f10) < k.endMs)).toBe(true);
    expect(blendAt(blends, ms(f45))?.opacity).toBeCloseTo(0.5, 1);
  });

  it(`around the cursor: MAD under ${BOUND.cursor}`, () => {
    for (const r of mine) expect(r.cursor, `frame ${r.frame} (${r.shows})`).toBeLessThan(BOUND.cursor);
  });

  expectedToPass(FIXED.avatarPlacement || composition === 'TikTokSplit')(`the avatar: MAD under ${BOUND.avatar}`, () => {
    for (const r of mine) expect(r.avatar, `frame ${r.frame} (${r.shows})`).toBeLessThan(BOUND.avatar);
  });

  expectedToPass(FIXED.recordingColours)(`the recording's saturated colours: MAD under ${BOUND.square} in the red square`, () => {
    for (const r of mine) expect(r.square, `frame ${r.frame} (${r.shows})`).toBeLessThan(BOUND.square);
  });

  // (Portrait: see FIXED.resizedText.)
  const captionFixed = FIXED.captionSize && (FIXED.resizedText || composition !== 'Portrait');
  expectedToPass(captionFixed)(`the caption box: MAD under ${BOUND.caption}`, () => {
    for (const r of mine) expect(r.caption, `frame ${r.frame} (${r.shows})`).toBeLessThan(BOUND.caption);
  });

  expectedToPass(captionFixed)(`caption glyphs: the same height within ${BOUND.glyphRatio * 100} %`, () => {
    for (const r of mine)
      expect(
        Math.abs(r.glyph!.ratio - 1),
        `frame ${r.frame} (${r.shows}): browser ${r.glyph!.browser.toFixed(1)} px, composite ${r.glyph!.composite.toFixed(1)} px`,
      ).toBeLessThan(BOUND.glyphRatio);
  });

  it(`whole frames: MAD under ${BOUND.overall}`, () => {
    for (const r of mine) expect(r.overall, `frame ${r.frame} (${r.shows})`).toBeLessThan(BOUND.overall);
  });
});

/**
 * At full size (Studio, `npx remotion render`, `screenplay render` without --scale), caption
 * glyphs are the same height in both paths: one frame of TikTokSplit with a two-line page.
 */
describe.skipIf(skip)('TikTokSplit at full size: caption glyphs the same height in both paths', () => {
  const frame = PARITY_FRAMES.find((f) => f.shows.includes('2-line'))!.frame;
  const measured: number[] = [];
  beforeAll(async () => {
    const computed = parityComputed(dir, 'TikTokSplit');
    const r = parityRegions(computed, 1, frame, 1);
    for (const renderer of ['browser', 'composite'] as const) {
      const out = path.join(dir, `full-${renderer}.mp4`);
      await render({ composition: 'TikTokSplit', captureDir: dir, out, renderer, frameRange: [frame, frame], crf: 10 });
      const png = path.join(dir, `full-${renderer}.png`);
      extractFrame(out, 0, png);
      measured.push(glyphHeight(readPixels(png), r.caption!));
    }
    console.log(`parity at full size, TikTokSplit frame ${frame}: caption glyphs ${measured.map((m) => m.toFixed(1)).join(' px (browser) / ')} px (composite)`);
  }, 300_000);

  it('within 3 % (libass sizes DejaVu by its line height, the browser by its em: FONT_LINE_EM bridges them)', () => {
    const [browser, composite] = measured as [number, number];
    expect(browser).toBeGreaterThan(40);
    expect(Math.abs(browser / composite - 1)).toBeLessThan(0.03);
  });
});
