/**
 * The offline voice: espeak-ng (a Debian package), no network, no key. A line is spoken one
 * phrase at a time (split at the breaks speech-text.ts finds: punctuation followed by whitespace
 * or the end, so "2.5", "$1,500" and "ml.ink" stay whole) and the phrases joined sample by
 * sample, so every phrase's start is exact. Inside a phrase, espeak-ng says nothing about where words fall: each
 * word is synthesised alone, and the phrase's voiced span is shared among its words in
 * proportion to their lengths spoken alone. Measured against the true boundaries (words spoken
 * with gaps between them, found by silence): see tests/narration/espeak.test.ts.
 * With pronunciations (pronounce.ts), the line is spoken respelled (phonemes as espeak-ng's
 * `[[…]]` input), its spoken words timed as above, and each written word given the span of the
 * spoken words that stand for it; `Synthesis.spoken` is the text espeak-ng was given.
 */
import { spawnSync } from 'node:child_process';
import { runtimeError } from '../errors';
import { requireCommands } from '../system-tools';
import type { Synthesis, SynthesisRequest, VoiceProvider } from './provider';
import { withoutCodeMarks } from './code-terms';
import { isPunctuationOnly, phraseWords } from './speech-text';
import { readWav, voicedSpan, writeWav, type Pcm } from './wav';
import type { Word } from './words';
import { respell, writtenWords, type Lexicon } from './pronounce';
import { splitWords } from './speech-text';

/** `pronunciations`: the script's (pronounce.ts): respellings go in the text, phonemes as espeak-ng's [[…]] input. */
export type EspeakOptions = { voice?: string; wpm?: number; wordGap?: number; pronunciations?: Lexicon };

const speak = (text: string, o: { voice: string; wpm: number; wordGap: number }): Pcm => {
  requireCommands(['espeak-ng'], 'the offline voice');
  // `--` ends the options: a phrase may start with "-" ("-5 degrees").
  const r = spawnSync('espeak-ng', ['-v', o.voice, '-s', String(o.wpm), '-g', String(o.wordGap), '--stdout', '--', text], { maxBuffer: 1 << 28 });
  if (r.error || r.status !== 0) throw runtimeError(`the offline voice (espeak-ng) failed: ${r.error?.message ?? r.stderr.toString()}`);
  return readWav(r.stdout);
};

/** A line's phrases as text (see phraseWords): the punctuation stays with its phrase. */
export const phrases = (text: string): string[] => phraseWords(text).map((ws) => ws.join(' '));

/**
 * Word times inside one phrase clip: its voiced span, less the pauses espeak-ng puts between
 * words (`gapSamples` each, from its -g setting; none by default), shared in proportion to each
 * word's length spoken alone.
 */
export const wordsInPhrase = (phrase: Pcm, words: string[], soloSamples: number[], gapSamples = 0): Array<{ start: number; end: number }> => {
  const span = voicedSpan(phrase.samples) ?? { start: 0, end: phrase.samples.length };
  const gaps = gapSamples * Math.max(0, words.length - 1);
  const speech = Math.max(1, span.end - span.start - gaps);
  const total = soloSamples.reduce((a, b) => a + b, 0) || 1;
  let acc = 0;
  return words.map((_, i) => {
    const start = span.start + (speech * acc) / total + gapSamples * i;
    acc += soloSamples[i] ?? 0;
    return { start: Math.round(start), end: Math.round(span.start + (speech * acc) / total + gapSamples * i) };
  });
};

export const createEspeakProvider = (opts: EspeakOptions = {}): VoiceProvider => {
  const o = { voice: opts.voice ?? 'en-us', wpm: opts.wpm ?? 165, wordGap: opts.wordGap ?? 0 };
  return {
    name: 'espeak',
    identity: { voice: o.voice, model: 'espeak-ng', settings: { wpm: o.wpm, wordGap: o.wordGap } },
    ...(opts.pronunciations ? { pronunciations: opts.pronunciations } : {}),
    synthesize: async (req: SynthesisRequest): Promise<Synthesis> => {
      const parts: Int16Array[] = [];
      const words: Word[] = [];
      let offset = 0;
      let rate = 22050;
      // The words the voice says: the written ones, pronunciations applied; timed, then mapped back.
      const spoken = opts.pronunciations ? respell(req.text, opts.pronunciations, 'espeak') : null;
      for (const ws of phraseWords(spoken?.text ?? req.text)) {
        // Backticks (code-terms.ts) are marks, not speech: espeak-ng would pause at each.
        const pcm = speak(withoutCodeMarks(ws.join(' ')), o);
        rate = pcm.sampleRate;
        // A punctuation-only word ("—") says nothing: it takes no time.
        const solo = ws.map((w) => {
          const said = withoutCodeMarks(w);
          if (said === '' || isPunctuationOnly(said)) return 0;
          const p = speak(said, o);
          const s = voicedSpan(p.samples);
          return s ? s.end - s.start : 1;
        });
        // espeak-ng's -g is in units of 10 ms at its default speed.
        wordsInPhrase(pcm, ws, solo, Math.round((o.wordGap * 10 * pcm.sampleRate) / 1000)).forEach((t, i) => {
          words.push({ text: ws[i]!, startMs: Math.round(((offset + t.start) * 1000) / rate), endMs: Math.round(((offset + t.end) * 1000) / rate) });
        });
        parts.push(pcm.samples);
        offset += pcm.samples.length;
      }
      const samples = new Int16Array(offset);
      let at = 0;
      for (const p of parts) {
        samples.set(p, at);
        at += p.length;
      }
      const audio = writeWav({ sampleRate: rate, channels: 1, samples });
      const durationMs = (offset * 1000) / rate;
      if (!spoken || spoken.text === req.text) return { audio, ext: 'wav', durationMs, words, spoken: withoutCodeMarks(req.text) };
      // Each written word spans its spoken words ("MCP" from the M's start to the P's end).
      const written = writtenWords(splitWords(req.text), spoken.groups, words);
      if (!written) throw runtimeError(`the offline voice's words (${words.length}) do not match the line's respelling; this is a bug in screenplay`);
      return { audio, ext: 'wav', durationMs, words: written, spoken: withoutCodeMarks(spoken.text) };
    },
  };
};
