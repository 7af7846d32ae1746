/**
 * Overlays in real renders, both paths: a callout's yellow box shows up and to the right of its
 * spot while marked (one given a target's box: above the box, leaving it uncovered), the "4x" badge at the screen's top right while a piece plays faster, and a
 * chord's keycaps at its bottom left.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { badgeCentre, calloutBox, calloutGeometry, keycapCentres, overlayMetrics } from '../../src/frame/overlay-layout';
import { landscapeLayout } from '../../src/frame/layout';
import { DEFAULT_STYLE } from '../../src/compositions/shared/style-schema';
import { render } from '../../src/render/render';
import { buildTimeMap, recToOut } from '../../src/timeline/time-map';
import { keycapsOf } from '../../src/timeline/overlays';
import { extractFrame, makeSyntheticCapture, readPixels, type Pixels } from '../helpers/synthetic';

let dir: string;
const CALLOUT = { x: 120, y: 180, text: 'Deploy' };
/** A callout on a target: its point and the box's size centred on it (screen px). */
const BOXED = { x: 380, y: 220, width: 80, height: 30, text: 'Save' };
beforeAll(() => {
  dir = makeSyntheticCapture(7);
  const log = JSON.parse(fs.readFileSync(path.join(dir, 'capture.json'), 'utf8'));
  // No click (no zoom), so the stage shows the whole screen.
  log.events = log.events.filter((e: { type: string }) => e.type !== 'click');
  log.events.push(
    { type: 'key', tMs: 500, key: 'Ctrl+L' },
    { type: 'mark', kind: 'callout', tMs: 1000, endMs: 2500, ...CALLOUT },
    { type: 'mark', kind: 'callout', tMs: 1000, endMs: 2500, ...BOXED },
    { type: 'mark', kind: 'speedup', factor: 4, tMs: 3000, endMs: 6000 },
  );
  fs.writeFileSync(path.join(dir, 'capture.json'), JSON.stringify(log));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const count = (img: Pixels, r: { x: number; y: number; width: number; height: number }, match: (r: number, g: number, b: number) => boolean) => {
  let n = 0;
  for (let y = Math.max(0, Math.round(r.y)); y < Math.min(img.height, Math.round(r.y + r.height)); y++) {
    for (let x = Math.max(0, Math.round(r.x)); x < Math.min(img.width, Math.round(r.x + r.width)); x++) {
      const i = (y * img.width + x) * 3;
      if (match(img.data[i]!, img.data[i + 1]!, img.data[i + 2]!)) n++;
    }
  }
  return n;
};
const yellow = (r: number, g: number, b: number) => r > 200 && g > 190 && b < 120;
const dark = (r: number, g: number, b: number) => r < 50 && g < 50 && b < 70;

describe.each(['composite', 'browser'] as const)('overlays in a %s render', (renderer) => {
  it('callout, speed badge and keycaps where the layout puts them, when they are due', { timeout: 240_000 }, async () => {
    const out = path.join(dir, `${renderer}.mp4`);
    const map = buildTimeMap({ durationMs: 7000, speedups: [{ fromMs: 3000, toMs: 6000, factor: 4 }] });
    const outFrame = (recMs: number) => Math.round((recToOut(map, recMs) * 30) / 1000);
    // The recording moments compared; only the frames up to the last of them are rendered (from 0, so a frame's index is its number).
    const moments = { early: 200, keys: 700, during: 1800, fast: 4500 };
    await render({
      composition: 'Landscape',
      captureDir: dir,
      out,
      scale: 0.5,
      renderer,
      frameRange: [0, outFrame(moments.fast)],
      props: { style: { overlays: { keystrokes: 'keys' }, edit: { idle: { enabled: false }, typing: { enabled: false } } } },
    });
    const S = 0.5;
    const frameSize = { width: 1920, height: 1080 };
    const layout = landscapeLayout(frameSize, { width: 480, height: 270 }, DEFAULT_STYLE);
    const m = overlayMetrics(frameSize);
    const half = (r: { x: number; y: number; width: number; height: number }) => ({ x: r.x * S, y: r.y * S, width: r.width * S, height: r.height * S });
    const k = layout.stage.width / 480;
    const spot = { x: layout.stage.x + CALLOUT.x * k, y: layout.stage.y + CALLOUT.y * k };
    const callout = half(calloutBox(spot, CALLOUT.text, m, layout.stage));
    const target = {
      x: layout.stage.x + (BOXED.x - BOXED.width / 2) * k,
      y: layout.stage.y + (BOXED.y - BOXED.height / 2) * k,
      width: BOXED.width * k,
      height: BOXED.height * k,
    };
    const boxed = calloutGeometry({ x: layout.stage.x + BOXED.x * k, y: layout.stage.y + BOXED.y * k }, target, BOXED.text, m, layout.stage);
    const boxedBubble = half(boxed.box);
    // The target's middle (where a callout without a box puts its dot and its line): left uncovered.
    const targetInside = half({ x: target.x + target.width / 2 - 12, y: target.y + target.height / 2 - 12, width: 24, height: 24 });
    const b = badgeCentre(layout.stage, '4x', m);
    const badge = half({ x: b.x - m.fontSize * 0.6, y: b.y - m.fontSize * 0.4, width: m.fontSize * 1.2, height: m.fontSize * 0.8 });
    const caps = keycapCentres(layout.stage, keycapsOf('Ctrl+L'), m);
    const keycap = half({ x: caps[0]!.x - caps[0]!.width / 2, y: caps[0]!.y - m.fontSize * 0.4, width: caps[0]!.width, height: m.fontSize * 0.8 });

    const frameAt = (recMs: number) => {
      const n = outFrame(recMs);
      const png = path.join(dir, `${renderer}-${n}.png`);
      extractFrame(out, n, png);
      return readPixels(png);
    };
    const early = frameAt(moments.early);
    const keys = frameAt(moments.keys);
    const during = frameAt(moments.during);
    const fast = frameAt(moments.fast);
    const area = (r: { width: number; height: number }) => r.width * r.height;
    const got = {
      calloutDuring: count(during, callout, yellow) / area(callout),
      calloutBefore: count(early, callout, yellow) / area(callout),
      boxedBubble: count(during, boxedBubble, yellow) / area(boxedBubble),
      boxedTarget: count(during, targetInside, yellow) / area(targetInside),
      badgeFast: count(fast, badge, dark) / area(badge),
      badgeBefore: count(during, badge, dark) / area(badge),
      keycapAt: count(keys, keycap, dark) / area(keycap),
      keycapBefore: count(early, keycap, dark) / area(keycap),
    };
    console.log(
      `${renderer} overlays (share of matching pixels): ${JSON.stringify(Object.fromEntries(Object.entries(got).map(([k2, v]) => [k2, Number(v.toFixed(2))])))}`,
    );
    expect(got.calloutDuring).toBeGreaterThan(0.4);
    expect(got.calloutBefore).toBeLessThan(0.02);
    expect(boxed.side).toBe('above');
    expect(got.boxedBubble).toBeGreaterThan(0.4);
    expect(got.boxedTarget).toBeLessThan(0.02);
    expect(got.badgeFast).toBeGreaterThan(0.3);
    expect(got.badgeBefore).toBeLessThan(0.02);
    expect(got.keycapAt).toBeGreaterThan(0.3);
    expect(got.keycapBefore).toBeLessThan(0.02);
  });
});

describe('click sounds', () => {
  it('a soft click is heard at each click, and nothing before it', { timeout: 120_000 }, async () => {
    const capture = makeSyntheticCapture(3); // one click, at 1000 ms
    try {
      const out = path.join(capture, 'clicks.mp4');
      await render({ composition: 'Landscape', captureDir: capture, out, scale: 0.25, props: { style: { overlays: { clickSound: true } } } });
      const r = spawnSync('ffmpeg', ['-hide_banner', '-i', out, '-af', 'silencedetect=n=-50dB:d=0.05', '-f', 'null', '-'], { encoding: 'utf8' });
      const firstSound = Number(/silence_end: ([\d.]+)/.exec(r.stderr)?.[1]) * 1000;
      console.log(`click sound: first heard at ${firstSound.toFixed(0)} ms (click at 1000 ms)`);
      expect(Math.abs(firstSound - 1000)).toBeLessThan(40);
    } finally {
      fs.rmSync(capture, { recursive: true, force: true });
    }
  });
});
