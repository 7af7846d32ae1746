/**
 * Text that is not left-to-right English, in real renders at 480x270, both paths: a Hebrew
 * caption reads right to left with the highlight moving right to left; 78 Chinese characters
 * are paged and stay inside the frame; emoji and CJK are drawn (not the empty boxes a character
 * no font has gets); and the render warns about a character no installed font has.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { render } from '../../src/render/render';
import { addSilentNarration, extractFrame, findPixels, makeSyntheticCapture, readPixels, regionDiff, type Pixels } from '../helpers/synthetic';
import { HEBREW, ZH78 } from '../helpers/world-text';
import { skipWithout } from '../helpers/requires';

const skip = skipWithout('the world-text render tests (font coverage)', ['fc-list']);

const HE_WORDS = HEBREW.split(' ');
/** A caption with emoji and CJK, then the same number of characters no font has (they draw as empty boxes). */
const DRAWN = ['🚀', '✅', '东京'];
const TOFU = ['\ue000', '\ue000', '\ue000\ue000'];
const T = { he: 0, zh: 1100, drawn: 2800, tofu: 3500 };

let dir: string;
beforeAll(() => {
  if (skip) return;
  dir = makeSyntheticCapture(5);
  const log = JSON.parse(fs.readFileSync(path.join(dir, 'capture.json'), 'utf8'));
  log.events = log.events.filter((e: { type: string }) => e.type !== 'click'); // no zoom
  fs.writeFileSync(path.join(dir, 'capture.json'), JSON.stringify(log));
  const timed = (texts: string[], each: number) => texts.map((text, i) => ({ text, startMs: i * each, endMs: i * each + each - 10 }));
  addSilentNarration(dir, [
    { id: 'he', tMs: T.he, words: timed(HE_WORDS, 150) },
    { id: 'zh', tMs: T.zh, words: [{ text: ZH78, startMs: 0, endMs: 1500 }] },
    { id: 'drawn', tMs: T.drawn, words: timed(DRAWN, 150) },
    { id: 'tofu', tMs: T.tofu, words: timed(TOFU, 150) },
  ]);
});
afterAll(() => {
  // KEEP_WORLD_TEXT=1 keeps the renders and frames, to look at.
  if (dir && !process.env.KEEP_WORLD_TEXT) fs.rmSync(dir, { recursive: true, force: true });
});

const isYellow = (r: number, g: number, b: number) => r > 190 && g > 160 && b < 110;
const isText = (r: number, g: number, b: number) => (r > 200 && g > 200 && b > 200) || isYellow(r, g, b);
/** Colour no caption text has (white, yellow, the dark box): the colour emoji's red and blue. */
const isEmojiColour = (r: number, g: number, b: number) => (r > 170 && g < 110 && b < 110) || (b > 170 && r < 120 && g < 170);
const CAPTION_ROWS = { x: 0, y: 200, width: 480, height: 70 };

const countIn = (img: Pixels, r: { x: number; y: number; width: number; height: number }, match: (r: number, g: number, b: number) => boolean) => {
  let n = 0;
  for (let y = r.y; y < r.y + r.height; y++)
    for (let x = r.x; x < r.x + r.width; x++) {
      const i = (y * img.width + x) * 3;
      if (match(img.data[i]!, img.data[i + 1]!, img.data[i + 2]!)) n++;
    }
  return n;
};

describe.skipIf(skip).each(['composite', 'browser'] as const)('text that is not left-to-right English, %s render', (renderer) => {
  it('RTL reads right to left, CJK is paged inside the frame, emoji and CJK are drawn, a character no font has is named', { timeout: 300_000 }, async () => {
    const out = path.join(dir, `${renderer}.mp4`);
    const progress: string[] = [];
    await render({
      composition: 'Landscape',
      captureDir: dir,
      out,
      scale: 0.25,
      renderer,
      frameRange: [0, 125],
      props: { style: { edit: { idle: { enabled: false }, typing: { enabled: false } } } },
      onProgress: (p) => progress.push(p.stage),
    });
    const frameAt = (ms: number) => {
      const n = Math.round((ms * 30) / 1000);
      const png = path.join(dir, `${renderer}-${ms}.png`);
      extractFrame(out, n, png);
      return readPixels(png);
    };

    // RTL: the first word is lit at the right end; as the line goes on, the highlight moves left.
    const first = findPixels(frameAt(T.he + 40), isYellow);
    const last = findPixels(frameAt(T.he + 5 * 150 + 60), isYellow);
    const he = findPixels(frameAt(T.he + 40), isText);
    console.log(`${renderer} Hebrew: first word lit at x=${first.cx.toFixed(2)}, last at x=${last.cx.toFixed(2)}, text centred at ${he.cx.toFixed(2)}`);
    expect(first.count).toBeGreaterThan(15);
    expect(first.cx).toBeGreaterThan(he.cx + 0.1);
    expect(last.cx).toBeLessThan(he.cx - 0.1);

    // CJK: no caption text in the frame's outer columns or bottom rows, and more than one page.
    const zhA = frameAt(T.zh + 100);
    const zhB = frameAt(T.zh + 1300);
    for (const img of [zhA, zhB]) {
      const edges =
        countIn(img, { x: 0, y: 200, width: 4, height: 70 }, isText) +
        countIn(img, { x: 476, y: 200, width: 4, height: 70 }, isText) +
        countIn(img, { x: 0, y: 266, width: 480, height: 4 }, isText);
      expect(findPixels(img, isText).count).toBeGreaterThan(100);
      expect(edges).toBe(0);
    }
    const pagesDiffer = regionDiff(zhA, zhB, CAPTION_ROWS);
    console.log(`${renderer} CJK: caption rows differ by ${pagesDiffer.toFixed(1)} between the line's start and end (another page)`);
    expect(pagesDiffer).toBeGreaterThan(3);

    // Emoji and CJK: not the empty boxes the characters no font has get (the same frames of the same layout).
    const drawn = frameAt(T.drawn + 2 * 150 + 60);
    const tofu = frameAt(T.tofu + 2 * 150 + 60);
    const diff = regionDiff(drawn, tofu, CAPTION_ROWS);
    // (The background has blue too: what counts is the colour the emoji add.)
    const colour = countIn(drawn, CAPTION_ROWS, isEmojiColour) - countIn(tofu, CAPTION_ROWS, isEmojiColour);
    console.log(`${renderer} emoji/CJK vs empty boxes: caption rows differ by ${diff.toFixed(1)}; ${colour} more emoji-coloured pixels`);
    expect(diff).toBeGreaterThan(1.5); // (the same empty boxes differ by compression noise only, under 0.5)
    // Chromium draws emoji in colour (Noto Color Emoji); libass in outline (Symbola), in the text's colour.
    if (renderer === 'browser') expect(colour).toBeGreaterThan(10);
    else expect(Math.abs(colour)).toBeLessThan(10);

    // The warning names the character and the caption it is in.
    const warnings = progress.filter((s) => s.startsWith('warning: no installed font'));
    console.log(warnings.join('\n'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toContain('U+E000');
    expect(warnings[0]).toContain('the caption at 0:03.5');
  });
});

describe.skipIf(skip)('titles (Chromium draws them in both paths)', () => {
  it('emoji and CJK in a title are drawn, a Hebrew title reads from the right', { timeout: 300_000 }, async () => {
    const still = async (title: string, name: string) => {
      const out = path.join(dir, `title-${name}.png`);
      await render({ composition: 'TikTokSplit', captureDir: dir, out, scale: 0.25, still: 140, props: { title, subtitle: '', brand: '' } }); // after the last caption
      return readPixels(out);
    };
    const drawn = await still('🚀 ✅ 东京', 'drawn');
    const tofu = await still('\ue000 \ue000 \ue000\ue000', 'tofu');
    const hebrew = await still('שלום עולם', 'hebrew');
    const english = await still('Hello world', 'english');
    const panel = { x: 0, y: drawn.height / 2, width: drawn.width, height: drawn.height / 2 };
    const diff = regionDiff(drawn, tofu, panel);
    const colour = countIn(drawn, panel, isEmojiColour) - countIn(tofu, panel, isEmojiColour);
    const white = (r: number, g: number, b: number) => r > 220 && g > 220 && b > 220;
    // The title's white text beside the avatar (the panel's right part), its centre's x.
    const textX = (img: Pixels) => {
      let n = 0;
      let sx = 0;
      for (let y = img.height / 2; y < img.height; y++)
        for (let x = Math.round(img.width * 0.42); x < img.width; x++) {
          const i = (y * img.width + x) * 3;
          if (white(img.data[i]!, img.data[i + 1]!, img.data[i + 2]!)) [n, sx] = [n + 1, sx + x];
        }
      return { cx: sx / n / img.width };
    };
    const he = textX(hebrew);
    const en = textX(english);
    console.log(
      `title: emoji/CJK vs empty boxes differ by ${diff.toFixed(1)}, ${colour} more emoji-coloured pixels; Hebrew text at x=${he.cx.toFixed(2)}, English at x=${en.cx.toFixed(2)}`,
    );
    expect(diff).toBeGreaterThan(1);
    expect(colour).toBeGreaterThan(10);
    expect(he.cx).toBeGreaterThan(en.cx + 0.08); // right-aligned (its start), not left
  });
});
