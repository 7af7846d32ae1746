/**
 * A karaoke frame in both render paths (small: Landscape at 0.25, one frame each): half-way
 * through a long spoken word, the word is partly in the highlight colour and partly not, filled
 * from the left, by about the same share in the browser (Studio, stills) and the composite path
 * (libass), and the caption boxes of the two frames differ little (mean absolute difference).
 * The frame and the word's place come from the frame model both paths draw.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureLog } from '../../src/capture-log';
import { landscapeMetadata } from '../../src/compositions/landscape/calculate-metadata';
import { computeMetadata, type MetadataSpec } from '../../src/compositions/shared/metadata';
import type { Style } from '../../src/compositions/shared/style-schema';
import type { ScreenLayout } from '../../src/frame/layout';
import { frameAt, frameModel } from '../../src/frame/model';
import type { Narration } from '../../src/narration/schema';
import { findBrowser } from '../../src/render/browser';
import { PROJECT_ROOT, render } from '../../src/render/render';
import { mad } from '../helpers/parity';
import { skipWithout } from '../helpers/requires';
import { addSilentNarration, extractFrame, makeSyntheticCapture, readPixels, type Pixels } from '../helpers/synthetic';

const noBrowser = findBrowser(PROJECT_ROOT) === null;
const skip = skipWithout('the karaoke frame in both paths', ['ffmpeg', 'ffprobe']) || noBrowser;
const SCALE = 0.25;
/** The caption boxes of the two paths: one-line pages measure 20–23 in tests/render/parity.test.ts (rasterizers, square box corners). */
const CAPTION_MAD = 26;
const STYLE = {
  edit: { idle: { enabled: false }, typing: { enabled: false } },
  captions: { preset: 'karaoke', fontSize: 100 },
} as const;

const isYellow = (r: number, g: number, b: number) => r > 170 && g > 140 && b < 110;
const isWhite = (r: number, g: number, b: number) => r > 190 && g > 190 && b > 190;

/** In rect `r` (px): how many highlight and text pixels, and the mean x of each. */
const inks = (img: Pixels, r: { x: number; y: number; width: number; height: number }) => {
  const out = { yellow: 0, white: 0, yellowX: 0, whiteX: 0 };
  for (let y = Math.max(0, Math.floor(r.y)); y < Math.min(img.height, Math.ceil(r.y + r.height)); y++)
    for (let x = Math.max(0, Math.floor(r.x)); x < Math.min(img.width, Math.ceil(r.x + r.width)); x++) {
      const k = (y * img.width + x) * 3;
      const [R, G, B] = [img.data[k]!, img.data[k + 1]!, img.data[k + 2]!];
      if (isYellow(R, G, B)) [out.yellow, out.yellowX] = [out.yellow + 1, out.yellowX + x];
      else if (isWhite(R, G, B)) [out.white, out.whiteX] = [out.white + 1, out.whiteX + x];
    }
  return { ...out, share: out.yellow / Math.max(1, out.yellow + out.white), yellowX: out.yellowX / out.yellow, whiteX: out.whiteX / out.white };
};

describe.skipIf(skip)('karaoke, mid-word, in both render paths', () => {
  let dir: string;
  const shots: Record<string, Pixels> = {};
  let word: { x: number; y: number; width: number; height: number };
  let box: { x: number; y: number; width: number; height: number };
  let fill = 0;
  beforeAll(async () => {
    dir = makeSyntheticCapture(2);
    const logFile = path.join(dir, 'capture.json');
    fs.writeFileSync(logFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(logFile, 'utf8')), style: STYLE }));
    addSilentNarration(dir, [
      {
        id: 'a',
        tMs: 100,
        words: [
          { text: 'Go', startMs: 0, endMs: 280 },
          { text: 'everywhere', startMs: 300, endMs: 1300 },
        ],
      },
    ]);
    // The frame half-way through "everywhere", and the word's place, from the frame model.
    const spec = landscapeMetadata as unknown as MetadataSpec<{ capture: string; style: Style }, ScreenLayout>;
    const log = JSON.parse(fs.readFileSync(logFile, 'utf8')) as CaptureLog;
    const narration = JSON.parse(fs.readFileSync(path.join(dir, 'narration', 'narration.json'), 'utf8')) as Narration;
    const parsed = spec.schema.parse({ style: log.style, capture: 'http://127.0.0.1/x' });
    const { computed } = computeMetadata(spec, { parsed, log, recordingSrc: '', narration });
    const model = frameModel(computed, parsed.style, spec.size);
    const frame = Math.round(((100 + 800) * computed.timeline.fps) / 1000);
    const c = frameAt(model, frame).caption!;
    const run = c.styled[0]!.runs.find((r) => r.word === 1)!;
    fill = run.fill;
    const s = (v: number) => v * SCALE;
    word = { x: s(run.x), y: s(c.styled[0]!.centerY - c.lineHeight / 2), width: s(run.width), height: s(c.lineHeight) };
    box = { x: s(c.box.x), y: s(c.box.y), width: s(c.box.width), height: s(c.box.height) };
    for (const renderer of ['browser', 'composite'] as const) {
      const out = path.join(dir, `${renderer}.mp4`);
      await render({ composition: 'Landscape', captureDir: dir, out, scale: SCALE, renderer, frameRange: [frame, frame], crf: 10 });
      const png = path.join(dir, `${renderer}.png`);
      extractFrame(out, 0, png);
      shots[renderer] = readPixels(png);
    }
  }, 600_000);
  afterAll(() => {
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('the model has the word half filled', () => expect(fill).toBeCloseTo(0.5, 1));

  it.each(['browser', 'composite'])('%s: part of the word in the highlight colour, part not, filled from the left', (renderer) => {
    const ink = inks(shots[renderer]!, word);
    console.log(`karaoke ${renderer}: ${ink.yellow} highlight px, ${ink.white} text px in the word; highlight share ${ink.share.toFixed(2)}`);
    expect(ink.share).toBeGreaterThan(0.25);
    expect(ink.share).toBeLessThan(0.75);
    expect(ink.yellowX).toBeLessThan(ink.whiteX);
  });

  it(`the two paths agree: the same share filled (within 0.15), the caption box's MAD under ${CAPTION_MAD}`, () => {
    const b = inks(shots.browser!, word);
    const c = inks(shots.composite!, word);
    const diff = mad(shots.browser!, shots.composite!, box);
    console.log(`karaoke both paths: share ${b.share.toFixed(2)} / ${c.share.toFixed(2)}, caption box MAD ${diff.toFixed(1)}`);
    expect(Math.abs(b.share - c.share)).toBeLessThan(0.15);
    expect(diff).toBeLessThan(CAPTION_MAD);
  });
});
