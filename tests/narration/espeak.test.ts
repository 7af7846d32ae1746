/**
 * The offline voice (espeak-ng): the clip's length is the reported duration, phrases are joined
 * sample-exactly, and the word times inside a phrase are measured against the truth: spoken with
 * pauses between words, each word's real start is where the silence before it ends.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { probeDurationMs } from '../../src/media/probe';
import { createEspeakProvider, phrases, wordsInPhrase } from '../../src/narration/espeak';
import { readWav, voicedSpan } from '../../src/narration/wav';
import { VOICE, skipWithout } from '../helpers/requires';

const skip = skipWithout('the espeak-ng voice', VOICE);

describe('phrases', () => {
  it.each([
    { text: 'One line.', want: ['One line.'] },
    { text: "That's it: one command, and Claude can deploy.", want: ["That's it:", 'one command,', 'and Claude can deploy.'] },
    { text: 'Wait... what?! Yes', want: ['Wait...', 'what?!', 'Yes'] },
    { text: 'no punctuation at all', want: ['no punctuation at all'] },
  ])('$text', ({ text, want }) => expect(phrases(text)).toEqual(want));
});

describe.skipIf(skip)('the espeak-ng voice', () => {
  it('reports the clip’s real length and times words in order, phrase by phrase', async () => {
    const r = await createEspeakProvider().synthesize({ text: "That's it: one command, and Claude can deploy." });
    expect(r.ext).toBe('wav');
    const pcm = readWav(r.audio);
    expect(r.durationMs).toBeCloseTo((pcm.samples.length * 1000) / pcm.sampleRate, 6);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-espeak-'));
    fs.writeFileSync(path.join(dir, 'a.wav'), r.audio);
    expect(Math.abs(probeDurationMs(path.join(dir, 'a.wav'))! - r.durationMs)).toBeLessThanOrEqual(1);
    fs.rmSync(dir, { recursive: true, force: true });
    expect(r.words.map((w) => w.text)).toEqual(["That's", 'it:', 'one', 'command,', 'and', 'Claude', 'can', 'deploy.']);
    for (const [i, w] of r.words.entries()) {
      expect(w.endMs).toBeGreaterThan(w.startMs);
      if (i > 0) expect(w.startMs).toBeGreaterThanOrEqual(r.words[i - 1]!.endMs);
    }
    expect(r.words.at(-1)!.endMs).toBeLessThanOrEqual(r.durationMs);
  });

  it('"2.5", "$1,500" and "ml.ink" stay whole: words equal the script’s, spoken without a phrase pause inside', async () => {
    const text = 'Version 2.5 costs $1,500 a year at ml.ink';
    const r = await createEspeakProvider().synthesize({ text });
    expect(r.words.map((w) => w.text)).toEqual(['Version', '2.5', 'costs', '$1,500', 'a', 'year', 'at', 'ml.ink']);
    // One phrase: the clip is espeak-ng's own reading of the whole line, sample for sample (a split
    // at "2." / "$1," / "ml." would join three more clips, each with its own silence around it).
    const whole = readWav(spawnSync('espeak-ng', ['-v', 'en-us', '-s', '165', '-g', '0', '--stdout', text], { maxBuffer: 1 << 26 }).stdout);
    expect(readWav(r.audio).samples.length).toBe(whole.samples.length);
    // And inside "2.5" no silence longer than a phrase pause (espeak-ng's comma pause is ~ 200 ms).
    const pcm = readWav(r.audio);
    const w = r.words[1]!;
    let quiet = 0;
    let longest = 0;
    for (let i = Math.round((w.startMs * pcm.sampleRate) / 1000); i < Math.round((w.endMs * pcm.sampleRate) / 1000); i++) {
      quiet = Math.abs(pcm.samples[i]!) > 300 ? 0 : quiet + 1;
      longest = Math.max(longest, quiet);
    }
    expect((longest * 1000) / pcm.sampleRate).toBeLessThan(120);
    for (const [i, x] of r.words.entries()) {
      expect(x.endMs).toBeGreaterThan(x.startMs);
      if (i > 0) expect(x.startMs).toBeGreaterThanOrEqual(r.words[i - 1]!.endMs);
    }
  });

  it('a lone dash takes no time and says nothing; a line starting with "-" is spoken, not read as an option', async () => {
    const r = await createEspeakProvider().synthesize({ text: 'It is fast — really fast' });
    expect(r.words.map((w) => w.text)).toEqual(['It', 'is', 'fast', '—', 'really', 'fast']);
    expect(r.words[3]!.endMs).toBe(r.words[3]!.startMs);
    const neg = await createEspeakProvider().synthesize({ text: '-5 degrees outside' });
    expect(neg.words.map((w) => w.text)).toEqual(['-5', 'degrees', 'outside']);
    expect(neg.durationMs).toBeGreaterThan(800);
  });

  it('word starts inside a phrase: the error against the real boundaries, measured', () => {
    const gap = 15; // espeak-ng -g 15: 150 ms between words, so the truth can be read off the silence
    const speak = (t: string) => readWav(spawnSync('espeak-ng', ['-v', 'en-us', '-s', '165', '-g', String(gap), '--stdout', t], { maxBuffer: 1 << 26 }).stdout);
    const errors: number[] = [];
    for (const phrase of [
      "Let's give Claude Code a deploy button",
      'Claude Code now lists Ink as an MCP server',
      'Point a CNAME at my app and wait a minute',
    ]) {
      const words = phrase.split(' ');
      const pcm = speak(phrase);
      const rate = pcm.sampleRate;
      // The truth: a word starts where more than 100 ms of silence ends.
      const starts: number[] = [];
      let quiet = Infinity;
      pcm.samples.forEach((v, i) => {
        if (Math.abs(v) > 300) {
          if (quiet > rate * 0.1) starts.push(i);
          quiet = 0;
        } else quiet++;
      });
      expect(starts).toHaveLength(words.length);
      const solo = words.map((w) => {
        const v = voicedSpan(speak(w).samples);
        return v ? v.end - v.start : 1;
      });
      const est = wordsInPhrase(pcm, words, solo, Math.round((gap * 10 * rate) / 1000));
      est.forEach((e, i) => errors.push(Math.abs(e.start - starts[i]!) * (1000 / rate)));
    }
    const sorted = [...errors].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    console.log(`offline word timing: ${errors.length} word starts, error median ${median.toFixed(0)} ms, max ${sorted.at(-1)!.toFixed(0)} ms`);
    expect(median).toBeLessThan(100);
    expect(sorted.at(-1)!).toBeLessThan(250);
  });
});
