/**
 * Cards rendered for real, both paths: the title card, a chapter banner and the end card (its QR
 * code) look the same drawn by the browser and composited by ffmpeg; the video is longer by the
 * cards; the chapter files are beside it; the 9:16 video shows the hook over its start.
 * Real Chromium and ffmpeg, small frames.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureLog } from '../../src/capture-log/schema';
import { overlaySafeArea } from '../../src/frame/safe-area';
import { render } from '../../src/render/render';
import { extractFrame, makeSyntheticCapture, meanAbsDiff, probe, readPixels, regionDiff } from '../helpers/synthetic';

let capture: string;
let out: string;

beforeAll(() => {
  capture = makeSyntheticCapture(2);
  const file = path.join(capture, 'capture.json');
  const log = JSON.parse(fs.readFileSync(file, 'utf8')) as CaptureLog;
  log.events.push(
    { type: 'step', tMs: 0, endMs: 0, id: '1', action: 'title_card' },
    {
      type: 'mark',
      kind: 'card',
      tMs: 0,
      holdMs: 1000,
      card: { kind: 'title', title: 'Deploy in one prompt', subtitle: 'from Claude Code', accent: '#ff5a36', hook: 'Your app, live', hookMs: 1500 },
    },
    { type: 'mark', kind: 'chapter', tMs: 0, text: 'Intro' },
    { type: 'step', tMs: 900, endMs: 1000, id: '2', action: 'click' },
    { type: 'mark', kind: 'chapter', tMs: 1200, text: 'Deploy' },
    { type: 'step', tMs: 1990, endMs: 1990, id: '3', action: 'end_card' },
    { type: 'mark', kind: 'card', tMs: 1990, holdMs: 1000, card: { kind: 'end', cta: 'Try it free', url: 'https://ml.ink', qr: true } },
  );
  log.events.sort((a, b) => a.tMs - b.tMs);
  fs.writeFileSync(file, JSON.stringify(log));
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-cards-render-'));
});
afterAll(() => {
  for (const d of [capture, out]) fs.rmSync(d, { recursive: true, force: true });
});

/** The Landscape render of the capture at 0.25 by `renderer`, made once (the composite one is the whole render the chunked test compares with). */
const landscapeRenders = new Map<'composite' | 'browser', ReturnType<typeof render>>();
const landscape = (renderer: 'composite' | 'browser') => {
  if (!landscapeRenders.has(renderer))
    landscapeRenders.set(
      renderer,
      render({ composition: 'Landscape', captureDir: capture, scale: 0.25, out: path.join(out, `landscape-${renderer}.mp4`), renderer }),
    );
  return landscapeRenders.get(renderer)!;
};

const frame = (video: string, n: number) => {
  const png = `${video}.${n}.png`;
  extractFrame(video, n, png);
  return readPixels(png);
};

describe('cards, rendered', () => {
  it('look the same in both render paths, add their time, and write the chapter files', { timeout: 600_000 }, async () => {
    const [composite, browser] = await Promise.all((['composite', 'browser'] as const).map(landscape));
    // 1 s title + 2 s recording (the end card holds at its end) + 1 s end card.
    for (const r of [composite!, browser!]) {
      expect(r.durationInFrames).toBe(120);
      expect(probe(r.out).frames).toBe(120);
    }
    // 10: the title card; 110: the end card (whole frames); 40 and 70: each chapter's banner over the video (the banner's corner).
    // (The composite path draws a card at the composition's size and scales it down, the browser at
    // the output's: at 480x270 the QR code's one-pixel modules differ a little.)
    for (const n of [10, 110]) {
      const [a, b] = [frame(composite!.out, n), frame(browser!.out, n)];
      expect(meanAbsDiff(a, b), `frame ${n}: composite vs browser`).toBeLessThan(4);
    }
    for (const n of [40, 70]) {
      const [a, b] = [frame(composite!.out, n), frame(browser!.out, n)];
      expect(regionDiff(a, b, { x: 0, y: 0, width: 120, height: 40 }), `frame ${n}: the banner, composite vs browser`).toBeLessThan(4);
    }
    // The title card covers the frame (its dark background); the end card holds a QR code (light pixels in its middle).
    const title = frame(composite!.out, 10);
    expect(title.data[0]! + title.data[1]! + title.data[2]!).toBeLessThan(3 * 40);
    const end = frame(composite!.out, 110);
    const mid = ((end.height >> 1) * end.width + (end.width >> 1)) * 3;
    expect(regionDiff(end, title, { x: end.width * 0.4, y: end.height * 0.4, width: end.width * 0.2, height: end.height * 0.2 })).toBeGreaterThan(30);
    expect(end.data[mid]).toBeDefined();
    // The chapter banner shows on the video: the top-left corner differs from the frame without it.
    const banner = frame(composite!.out, 40);
    const after = frame(composite!.out, 95);
    expect(regionDiff(banner, after, { x: 10, y: 10, width: 60, height: 15 })).toBeGreaterThan(20);
    expect(fs.readFileSync(path.join(out, 'landscape-composite.chapters.txt'), 'utf8')).toBe('0:00 Intro\n0:02 Deploy\n');
    expect(fs.readFileSync(path.join(out, 'landscape-browser.chapters.vtt'), 'utf8')).toMatch(/^WEBVTT\n\nchapter-1\n00:00:00.000 --> 00:00:02.200\nIntro\n/);
  });

  it('composited in chunks (a long take), the cards are where they are in one piece', { timeout: 300_000 }, async () => {
    const whole = await landscape('composite');
    process.env.SCREENPLAY_COMPOSITE_MAX_COMMANDS = '40';
    try {
      const chunked = await render({ composition: 'Landscape', captureDir: capture, scale: 0.25, out: path.join(out, 'chunked.mp4'), renderer: 'composite' });
      expect(probe(chunked.out).frames).toBe(120);
      for (const n of [10, 29, 40, 70, 95, 110, 119]) expect(meanAbsDiff(frame(whole.out, n), frame(chunked.out, n)), `frame ${n}`).toBeLessThan(1);
    } finally {
      delete process.env.SCREENPLAY_COMPOSITE_MAX_COMMANDS;
    }
  });

  it('shows the hook over the start of the 9:16 video', { timeout: 300_000 }, async () => {
    // Frames 36 to 60 only (the two compared: 1.2 s and 2 s).
    const r = await render({
      composition: 'TikTokSplit',
      captureDir: capture,
      scale: 0.25,
      out: path.join(out, 'tiktok.mp4'),
      renderer: 'composite',
      frameRange: [36, 60],
    });
    const [withHook, without] = [frame(r.out, 0), frame(r.out, 24)];
    expect(withHook.width).toBe(270);
    // The hook's dark box just below the top of every 9:16 preset's safe area (Reels' 14 %), centred: over the video at 1.2 s, gone at 2 s.
    const top = overlaySafeArea({ width: withHook.width, height: withHook.height }).y;
    expect(regionDiff(withHook, without, { x: 100, y: top + 8, width: 70, height: 10 })).toBeGreaterThan(20);
  });
});
