/**
 * ElevenLabs through the real SDK against a local server that speaks its wire format: word
 * timings from the alignment, the voice looked up by name, continuity text, the cache (counted
 * at the server), and every failure explained with its cause and the script line.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createElevenLabsProvider } from '../../src/narration/elevenlabs';
import { chooseVoice, narrate, narrationSchema, type SayLine } from '../../src/narration';
import { FAILURES, FAKE_KEY, RACHEL_ID, startFakeElevenLabs } from '../helpers/fake-elevenlabs';
import { probeDurationMs } from '../../src/media/probe';
import { VOICE, skipWithout } from '../helpers/requires';

/** The local ElevenLabs speaks with espeak-ng (a real MP3 of the text). */
const skip = skipWithout('ElevenLabs through the SDK against a local server', VOICE);

type Fake = Awaited<ReturnType<typeof startFakeElevenLabs>>;
let fake: Fake;
let dir: string;
beforeAll(async () => {
  fake = await startFakeElevenLabs();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-11labs-'));
});
afterAll(async () => {
  await fake?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => fake.reset());

const LINES: SayLine[] = [
  { id: 'intro', text: "Let's give Claude Code a deploy button.", source: 'video.yaml:7:5' },
  { id: 'price', text: 'It costs $5 a month.', source: 'video.yaml:9:5' },
  { id: 'outro', text: 'Live in under a minute.', source: 'video.yaml:12:5' },
];
const provider = (extra: Partial<Parameters<typeof createElevenLabsProvider>[0]> = {}) =>
  createElevenLabsProvider({ apiKey: FAKE_KEY, baseUrl: fake.baseUrl, voice: 'Rachel', maxRetries: 0, ...extra });

describe.skipIf(skip)('ElevenLabs through the SDK', () => {
  it('is chosen when ELEVENLABS_API_KEY is set, pointed at ELEVENLABS_BASE_URL; otherwise the offline voice, saying so', () => {
    expect(chooseVoice({ provider: 'elevenlabs', voice: 'Rachel' }, { ELEVENLABS_API_KEY: 'k', ELEVENLABS_BASE_URL: fake.baseUrl })).toMatchObject({
      provider: { name: 'elevenlabs' },
      notice: null,
    });
    expect(chooseVoice({ provider: 'elevenlabs' }, {})).toMatchObject({
      provider: { name: 'espeak' },
      notice: expect.stringMatching(/ELEVENLABS_API_KEY is not set: using the offline voice \(espeak-ng\) instead of ElevenLabs/),
    });
    expect(chooseVoice({ provider: 'espeak' }, { ELEVENLABS_API_KEY: 'k' })).toMatchObject({ provider: { name: 'espeak' }, notice: null });
  });

  it('narrates every line: MP3 clips, word timings, the voice found by name, continuity text; a second run asks nothing', { timeout: 60_000 }, async () => {
    const out = path.join(dir, 'narration');
    const first = await narrate(LINES, { provider: provider(), outDir: out });
    expect(first).toMatchObject({ synthesized: 3, cached: 0, warnings: [] });
    expect(fake.voiceLookups()).toBe(1);
    expect(fake.tts.map((r) => r.voiceId)).toEqual([RACHEL_ID, RACHEL_ID, RACHEL_ID]);
    expect(fake.tts.every((r) => r.apiKey === FAKE_KEY)).toBe(true);
    expect(fake.tts[1]!.body).toMatchObject({
      text: 'It costs $5 a month.',
      model_id: 'eleven_multilingual_v2',
      previous_text: LINES[0]!.text,
      next_text: LINES[2]!.text,
    });
    expect(fake.tts[0]!.body.previous_text).toBeUndefined();

    const n = narrationSchema.parse(JSON.parse(fs.readFileSync(path.join(out, 'narration.json'), 'utf8')));
    expect(n.provider).toBe('elevenlabs');
    expect(n.lines.map((l) => l.words.map((w) => w.text))).toEqual([
      ["Let's", 'give', 'Claude', 'Code', 'a', 'deploy', 'button.'],
      ['It', 'costs', '$5', 'a', 'month.'],
      ['Live', 'in', 'under', 'a', 'minute.'],
    ]);
    for (const line of n.lines) {
      expect(line.audio).toMatch(new RegExp(`^${line.id}-[0-9a-f]{12}\\.mp3$`));
      expect(Math.abs(line.durationMs - probeDurationMs(path.join(out, line.audio))!)).toBeLessThan(60); // the clip's real length
      for (const [i, w] of line.words.entries()) {
        expect(w.endMs).toBeGreaterThan(w.startMs);
        if (i > 0) expect(w.startMs).toBeGreaterThanOrEqual(line.words[i - 1]!.endMs);
      }
      expect(line.words.at(-1)!.endMs).toBeLessThanOrEqual(line.durationMs);
    }
    // "$5" was spoken as "five dollars": the caption keeps "$5", timed where it was said.
    const price = n.lines[1]!.words;
    expect(price[2]!.endMs - price[2]!.startMs).toBeGreaterThan(100);

    const again = await narrate(LINES, { provider: provider(), outDir: out });
    expect(again).toMatchObject({ synthesized: 0, cached: 3 });
    expect(fake.tts).toHaveLength(3); // nothing new reached the server
    const edited = LINES.map((l) => (l.id === 'outro' ? { ...l, text: 'Live in seconds.' } : l));
    const third = await narrate(edited, { provider: provider(), outDir: out });
    expect(third).toMatchObject({ synthesized: 1, cached: 2 });
    expect(fake.tts.at(-1)!.body.text).toBe('Live in seconds.');
    // The old clip of the edited line is gone from the folder; the others stay.
    expect(fs.readdirSync(out).filter((f) => f.endsWith('.mp3'))).toHaveLength(3);
  });

  it.each([
    {
      name: 'an invalid key (401)',
      failure: FAILURES.invalidKey,
      want: /video\.yaml:9:5: say "price": ElevenLabs rejected the API key \(HTTP 401, invalid_api_key\): Invalid API key: check ELEVENLABS_API_KEY/,
    },
    { name: 'quota exceeded', failure: FAILURES.quota, want: /say "price": ElevenLabs quota exceeded \(HTTP 401\): This request exceeds your quota/ },
    { name: 'too many concurrent requests (429)', failure: FAILURES.concurrent, want: /say "price": ElevenLabs: too many concurrent requests \(HTTP 429\)/ },
    {
      name: 'rate limited (429)',
      failure: FAILURES.rateLimit,
      want: /say "price": ElevenLabs rate limit \(HTTP 429, rate_limit_exceeded\).*lines already made are cached/,
    },
    {
      name: 'unprocessable text (422)',
      failure: FAILURES.unprocessable,
      want: /say "price": ElevenLabs could not process the text \(HTTP 422\): text contains no speakable characters/,
    },
    { name: 'a timeout', failure: { status: 200, body: {}, delayMs: 2500 }, want: /say "price": ElevenLabs did not answer in time \(timeout\)/ },
  ])('$name: names the cause and the line; the line before stays cached', { timeout: 60_000 }, async ({ failure, want }) => {
    const out = path.join(dir, `fail-${failure.status}-${Math.random().toString(36).slice(2, 6)}`);
    // The first line succeeds; the second fails.
    const p = provider({ timeoutSeconds: 1 });
    await narrate(LINES.slice(0, 1), { provider: p, outDir: out });
    fake.failWith(failure);
    const err = await narrate(LINES, { provider: p, outDir: out }).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(Error);
    expect((err as Error).message).toMatch(want);
    expect((err as Error).message).toMatch(/the 1 line\(s\) before it are cached/);
    expect((err as Error).message).not.toContain(FAKE_KEY);
    fake.reset();
    const retry = await narrate(LINES, { provider: p, outDir: out });
    expect(retry).toMatchObject({ synthesized: 2, cached: 1 });
  });

  it.each([
    { how: 'stuck' as const, why: /12 of 16 words last under 10 ms/ },
    { how: 'backwards' as const, why: /times go backwards/ },
    { how: 'beyond' as const, why: /after the audio's end/ },
    { how: 'early' as const, why: /but the voice goes on to/ },
  ])(
    'an alignment gone wrong ($how) is caught: the words are spread over the voiced audio, with a warning naming the line',
    { timeout: 60_000 },
    async ({ how, why }) => {
      const text = `Sixteen words ${how} here so the captions keep pace with the voice until the very end.`;
      const line: SayLine = { id: `bad-${how}`, text, source: 'video.yaml:21:5' };
      const out = path.join(dir, `degraded-${how}`);
      fake.degradeWith(how);
      const progress: string[] = [];
      const r = await narrate([line], { provider: provider(), outDir: out, onProgress: (l) => progress.push(l) });
      expect(r.warnings).toHaveLength(1);
      expect(r.warnings[0]).toMatch(/^video\.yaml:21:5: say "bad-/);
      expect(r.warnings[0]).toMatch(why);
      expect(progress.some((l) => l.startsWith('warning: video.yaml:21:5'))).toBe(true);
      const l = r.narration.lines[0]!;
      expect(l.words.map((w) => w.text)).toEqual(text.split(' '));
      expect(l.words).toHaveLength(16);
      // Spread over the voice: every word long enough to read, in order, inside the clip, and the
      // last one ending where the voice does (the fake's MP3 is espeak-ng: ~ 5 s of speech).
      for (const [i, w] of l.words.entries()) {
        expect(w.endMs - w.startMs).toBeGreaterThan(60);
        if (i > 0) expect(w.startMs).toBeGreaterThanOrEqual(l.words[i - 1]!.endMs);
      }
      expect(l.words.at(-1)!.endMs).toBeLessThanOrEqual(l.durationMs);
      expect(l.durationMs - l.words.at(-1)!.endMs).toBeLessThan(400);
      expect(l.words[0]!.startMs).toBeLessThan(300);
      // The cache keeps the corrected words: a second run neither asks nor warns again.
      const again = await narrate([line], { provider: provider(), outDir: out });
      expect(again).toMatchObject({ synthesized: 0, cached: 1, warnings: [] });
      expect(again.narration.lines[0]!.words).toEqual(l.words);
    },
  );

  it('a wrong key quoted back in the error body is not in the message', async () => {
    const key = 'sk_wrong_0123456789abcdef';
    const err = await narrate(LINES.slice(0, 1), { provider: provider({ apiKey: key }), outDir: path.join(dir, 'wrongkey') }).catch((e: unknown) => e as Error);
    expect((err as Error).message).toMatch(
      /ElevenLabs rejected the API key \(HTTP 401, invalid_api_key\): Invalid API key '••••••••': check ELEVENLABS_API_KEY/,
    );
    expect((err as Error).message).not.toContain(key);
    expect(String((err as Error).cause ?? '')).not.toContain(key);
  });

  it('a voice name the account does not have is named, with the voices it has', async () => {
    const err = await narrate(LINES.slice(0, 1), { provider: provider({ voice: 'Nobody' }), outDir: path.join(dir, 'novoice') }).catch(
      (e: unknown) => e as Error,
    );
    expect((err as Error).message).toMatch(/video\.yaml:7:5: say "intro": ElevenLabs has no voice named "Nobody" in this account \(it has Rachel, Domi\)/);
  });
});
