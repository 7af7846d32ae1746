/**
 * The built-in avatar speaks with the narration, in real renders: its mouth region changes
 * between a silent frame and a loud one while its shoulders do not (pixels), in the browser
 * path and in the composite path, which show the same mouth.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOUTH_RECT, partRect } from '../../src/frame/avatar-geometry';
import { panelAvatarSpot, tiktokSplitLayout } from '../../src/frame/layout';
import { DEFAULT_STYLE } from '../../src/compositions/shared/style-schema';
import { TIKTOK_SIZE } from '../../src/compositions/tiktok-split/schema';
import { narrate } from '../../src/narration';
import { createEspeakProvider } from '../../src/narration/espeak';
import type { Narration } from '../../src/narration/schema';
import { render } from '../../src/render/render';
import { extractFrame, makeSyntheticCapture, readPixels, regionDiff } from '../helpers/synthetic';
import { VOICE, skipWithout } from '../helpers/requires';

const skip = skipWithout('the avatar render tests (narrated by the offline voice)', VOICE);

const SAY_AT = 1200;
const SCALE = 0.25;

let capture: string;
let narration: Narration;
beforeAll(async () => {
  if (skip) return;
  capture = makeSyntheticCapture(4);
  narration = (
    await narrate([{ id: 'intro', text: 'Ship it today, with one command.', source: 'video.yaml:3:5' }], {
      provider: createEspeakProvider(),
      outDir: path.join(capture, 'narration'),
    })
  ).narration;
  const line = narration.lines[0]!;
  const log = JSON.parse(fs.readFileSync(path.join(capture, 'capture.json'), 'utf8'));
  log.events.push({ type: 'say', id: 'intro', tMs: SAY_AT, endMs: SAY_AT + line.durationMs });
  fs.writeFileSync(path.join(capture, 'capture.json'), JSON.stringify(log));
}, 60_000);
afterAll(() => {
  if (capture) fs.rmSync(capture, { recursive: true, force: true });
});

describe.skipIf(skip)('the built-in avatar', () => {
  it('opens its mouth when the voice is loud, in both render paths', { timeout: 240_000 }, async () => {
    const mouth = narration.lines[0]!.mouth!;
    const loudest = mouth.open.indexOf(Math.max(...mouth.open));
    const loudFrame = Math.round(((SAY_AT + loudest * mouth.hopMs + 10) * 30) / 1000);
    const silentFrame = 10;
    // Where the avatar's mouth and shoulders are in a 0.25-scale TikTokSplit frame.
    const layout = tiktokSplitLayout(TIKTOK_SIZE, { ...DEFAULT_STYLE, padding: 0.045 });
    const spot = panelAvatarSpot(layout.panel);
    const scaled = (r: { x: number; y: number; width: number; height: number }) => ({
      x: r.x * SCALE,
      y: r.y * SCALE,
      width: r.width * SCALE,
      height: r.height * SCALE,
    });
    const mouthRect = scaled(partRect(MOUTH_RECT, spot, spot.size));
    const shoulders = scaled(partRect({ x: 20, y: 82, width: 60, height: 10 }, spot, spot.size));

    const still = async (frame: number) => {
      const out = path.join(capture, `still-${frame}.png`);
      await render({ composition: 'TikTokSplit', captureDir: capture, out, still: frame, scale: SCALE });
      return readPixels(out);
    };
    const silent = await still(silentFrame);
    const loud = await still(loudFrame);
    const mouthChange = regionDiff(silent, loud, mouthRect);
    const shoulderChange = regionDiff(silent, loud, shoulders);

    const video = path.join(capture, 'avatar.mp4');
    await render({ composition: 'TikTokSplit', captureDir: capture, out: video, scale: SCALE, renderer: 'composite' });
    const frameOf = (n: number) => {
      const png = path.join(capture, `composite-${n}.png`);
      extractFrame(video, n, png);
      return readPixels(png);
    };
    const cSilent = frameOf(silentFrame);
    const cLoud = frameOf(loudFrame);
    const compositeChange = regionDiff(cSilent, cLoud, mouthRect);
    const pathsDiffer = regionDiff(loud, cLoud, mouthRect);
    console.log(
      `avatar mouth: browser ${mouthChange.toFixed(1)} / composite ${compositeChange.toFixed(1)} mean change silent → loud (frame ${silentFrame} → ${loudFrame}); shoulders ${shoulderChange.toFixed(1)}; browser vs composite at the loud frame ${pathsDiffer.toFixed(1)}`,
    );
    expect(mouthChange).toBeGreaterThan(25);
    expect(compositeChange).toBeGreaterThan(25);
    expect(shoulderChange).toBeLessThan(4);
    expect(pathsDiffer).toBeLessThan(mouthChange / 3);
  });
});
