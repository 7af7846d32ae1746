/**
 * A capture dir with narration renders with its voice and captions: the audio stream exists,
 * starts where the `say` event says and lasts as long as the video; the spoken word is lit in
 * the caption (pixels), in both render paths; .srt and .vtt are written beside the video.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { narrate } from '../../src/narration';
import { createEspeakProvider } from '../../src/narration/espeak';
import { render } from '../../src/render/render';
import { captionAt } from '../../src/timeline/captions';
import { extractFrame, findPixels, makeSyntheticCapture, readPixels } from '../helpers/synthetic';
import { VOICE, skipWithout } from '../helpers/requires';

const skip = skipWithout('the narration render tests (the offline voice)', VOICE);

const SAY_AT = 1200;
/** The caption highlight (#facc15) and the caption's white text, loosely (video compression). */
const isYellow = (r: number, g: number, b: number) => r > 200 && g > 170 && b < 90;

let capture: string;
beforeAll(async () => {
  if (skip) return;
  capture = makeSyntheticCapture(5);
  const r = await narrate([{ id: 'intro', text: 'Ship it today.', source: 'video.yaml:3:5' }], {
    provider: createEspeakProvider(),
    outDir: path.join(capture, 'narration'),
  });
  const line = r.narration.lines[0]!;
  const log = JSON.parse(fs.readFileSync(path.join(capture, 'capture.json'), 'utf8'));
  log.events.push({ type: 'say', id: 'intro', tMs: SAY_AT, endMs: SAY_AT + line.durationMs });
  fs.writeFileSync(path.join(capture, 'capture.json'), JSON.stringify(log));
}, 60_000);
afterAll(() => {
  if (capture) fs.rmSync(capture, { recursive: true, force: true });
});

/** When the audio first gets loud (ms), from ffmpeg's silencedetect. */
const firstSoundMs = (file: string): number => {
  const r = spawnSync('ffmpeg', ['-hide_banner', '-i', file, '-af', 'silencedetect=n=-45dB:d=0.2', '-f', 'null', '-'], { encoding: 'utf8' });
  const m = /silence_end: ([\d.]+)/.exec(r.stderr);
  return m ? Number(m[1]) * 1000 : NaN;
};

describe.skipIf(skip).each(['composite', 'browser'] as const)('narration in a %s render', (renderer) => {
  it('mixes the voice at its say event, lights the spoken word, writes .srt and .vtt', { timeout: 180_000 }, async () => {
    const out = path.join(capture, `out-${renderer}`, 'video.mp4');
    await render({ composition: 'Landscape', captureDir: capture, out, scale: 0.25, renderer });
    const streams = execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'stream=codec_type,duration', '-of', 'csv=p=0', out], { encoding: 'utf8' })
      .trim()
      .split('\n')
      .filter((l) => /^(video|audio),/.test(l));
    expect(streams.map((s) => s.split(',')[0])).toEqual(['video', 'audio']);
    const [video, audio] = streams.map((s) => Number(s.split(',')[1]));
    expect(Math.abs(audio! - video!)).toBeLessThan(0.1);
    const start = firstSoundMs(out);
    console.log(`${renderer}: the voice starts at ${start.toFixed(0)} ms (say event at ${SAY_AT} ms)`);
    expect(Math.abs(start - SAY_AT)).toBeLessThan(80);

    const srt = fs.readFileSync(out.replace(/\.mp4$/, '.srt'), 'utf8');
    expect(srt).toMatch(/^1\n00:00:01,2\d\d --> 00:00:0\d,\d{3}\nShip it today\.\n/);
    expect(fs.readFileSync(out.replace(/\.mp4$/, '.vtt'), 'utf8')).toMatch(/^WEBVTT\n\n00:00:01\.2\d\d --> /);

    // While the line is spoken, the caption shows with a lit word; before it, nothing yellow.
    const narration = JSON.parse(fs.readFileSync(path.join(capture, 'narration', 'narration.json'), 'utf8'));
    const words = narration.lines[0].words as Array<{ startMs: number; endMs: number }>;
    const mid = SAY_AT + (words[1]!.startMs + words[1]!.endMs) / 2;
    const pages = [
      {
        startMs: SAY_AT,
        endMs: SAY_AT + words.at(-1)!.endMs + 500,
        words: words.map((w) => ({ text: '', startMs: SAY_AT + w.startMs, endMs: SAY_AT + w.endMs })),
      },
    ];
    expect(captionAt(pages, mid)).toEqual({ page: 0, word: 1 });
    const frameAt = (ms: number) => {
      const png = path.join(path.dirname(out), `f${ms}.png`);
      extractFrame(out, Math.round((ms * 30) / 1000), png);
      return readPixels(png);
    };
    const during = findPixels(frameAt(mid), isYellow);
    const before = findPixels(frameAt(500), isYellow);
    // (A few pixels of compression noise may pass the colour test anywhere.)
    expect(during.count).toBeGreaterThan(30);
    expect(during.count).toBeGreaterThan(10 * before.count);
    // In the lower part of the frame, where Landscape puts captions.
    expect(during.cy).toBeGreaterThan(0.75);
  });
});

describe.skipIf(skip)('background music', () => {
  /** Mean level (dB) of the music's band (a 60 Hz tone, under the voice's range) in [from, to) s. */
  const bandLevel = (file: string, from: number, to: number) => {
    const r = spawnSync(
      'ffmpeg',
      ['-hide_banner', '-ss', String(from), '-t', String(to - from), '-i', file, '-af', 'lowpass=f=90,lowpass=f=90,volumedetect', '-f', 'null', '-'],
      { encoding: 'utf8' },
    );
    return Number(/mean_volume: (-?[\d.]+) dB/.exec(r.stderr)?.[1]);
  };

  it('loops under the whole video, fades in and out, ducks under the voice', { timeout: 300_000 }, async () => {
    const music = path.join(capture, 'music.wav');
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', 'sine=frequency=60:duration=2', music]); // shorter than the video: it loops
    const out = path.join(capture, 'out-music', 'video.mp4');
    await render({ composition: 'Landscape', captureDir: capture, out, scale: 0.25, music: { file: music, volume: 0.5 } });
    const line = JSON.parse(fs.readFileSync(path.join(capture, 'narration', 'narration.json'), 'utf8')).lines[0] as { durationMs: number };
    const voiceEnd = (SAY_AT + line.durationMs) / 1000;
    // The 5 s video: a 1 s fade in, the voice from 1.2 s, a 1.5 s fade out from 3.5 s.
    expect(voiceEnd + 0.7).toBeLessThan(3.4);
    const start = bandLevel(out, 0, 0.15);
    const under = bandLevel(out, SAY_AT / 1000 + 0.2, voiceEnd - 0.1);
    const clear = bandLevel(out, voiceEnd + 0.7, 3.45); // looped: the 2 s file is over
    const end = bandLevel(out, 4.85, 5);
    console.log(
      `music: ${start.toFixed(1)} dB at the start, ${under.toFixed(1)} dB under the voice, ${clear.toFixed(1)} dB after it (looped), ${end.toFixed(1)} dB at the end`,
    );
    expect(clear).toBeGreaterThan(-40);
    expect(start).toBeLessThan(clear - 15);
    expect(end).toBeLessThan(clear - 15);
    expect(under).toBeLessThan(clear - 9);
  });
});
