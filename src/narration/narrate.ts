/**
 * Narrates a plan: every `say` line synthesised once (cached by what changes its sound), its
 * clip written beside narration.json. A second run makes no request at all; editing one line
 * synthesises that line only. Lines already made stay cached when a later one fails.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Plan } from '../dsl';
import { probeDurationMs } from '../media/probe';
import { runtimeError, ScreenplayError } from '../errors';
import type { VoiceProvider } from './provider';
import { narrationSchema, type Narration, type NarrationLine } from './schema';
import { DECODE_RATE, decodeClip, mouthFromSamples, voicedRangeMs, type Mouth } from './mouth';
import { spreadWords, wordTimingProblems, type Word } from './words';
import { pronunciationKey } from './pronounce';
import { NARRATION_CACHE_DIR, NARRATION_JSON } from '../capture-log/capture-dir-files';

export type SayLine = { id: string; text: string; source: string };

/** The plan's `say` lines in order, with their ids (the step id when the script gives none). */
export const sayLines = (plan: Plan): SayLine[] =>
  plan.steps
    .filter((s) => s.action === 'say')
    .map((s) => ({
      id: typeof s.args.id === 'string' ? s.args.id : s.id,
      text: String(s.args.text),
      source: `${s.source.file}:${s.source.line}:${s.source.column}`,
    }));

/**
 * A line's cache key (12 hex digits): the voice, its identity and the text, and the
 * pronunciations that match in the text (only those; a line none matches keeps the key it had
 * before pronunciations existed).
 */
export const cacheKey = (provider: VoiceProvider, text: string): string => {
  const pron = provider.pronunciations ? pronunciationKey(provider.pronunciations, text) : [];
  return createHash('sha256')
    .update(JSON.stringify({ provider: provider.name, ...provider.identity, text, ...(pron.length ? { pronounce: pron } : {}) }))
    .digest('hex')
    .slice(0, 12);
};

type Cached = { ext: 'mp3' | 'wav'; durationMs: number; words: Word[]; mouth?: Mouth };

/** `warnings`: one line per line whose word times were re-timed from its audio, naming the line. */
export type NarrateResult = { narration: Narration; synthesized: number; cached: number; warnings: string[] };

/**
 * A clip's words, checked against its audio: when the provider's times cannot be trusted (see
 * wordTimingProblems), the words are spread over the clip's voiced span and a warning says why.
 */
export const checkedWords = (
  line: SayLine,
  words: Word[],
  clip: { durationMs: number; samples: Float32Array; sampleRate: number },
  reported: readonly string[] = [],
): { words: Word[]; warning: string | null } => {
  const voiced = voicedRangeMs(clip.samples, clip.sampleRate);
  const problems = [...reported, ...wordTimingProblems(words, { durationMs: clip.durationMs, voiced })];
  if (problems.length === 0) return { words, warning: null };
  const span = voiced ?? { startMs: 0, endMs: clip.durationMs };
  const spread = spreadWords(
    words.map((w) => w.text),
    { startMs: span.startMs, endMs: Math.min(span.endMs, clip.durationMs) },
  );
  return {
    words: spread,
    warning: `${line.source}: say "${line.id}": the voice's word timings cannot be trusted (${problems.join('; ')}): the words are spread over the voiced ${span.startMs}–${span.endMs} ms of the clip instead`,
  };
};

export const narrate = async (
  lines: SayLine[],
  opts: { provider: VoiceProvider; outDir: string; onProgress?: (line: string) => void },
): Promise<NarrateResult> => {
  const { provider, outDir } = opts;
  const cacheDir = path.join(outDir, NARRATION_CACHE_DIR);
  fs.mkdirSync(cacheDir, { recursive: true });
  const out: NarrationLine[] = [];
  let synthesized = 0;
  let cached = 0;
  const warnings: string[] = [];
  for (const [i, line] of lines.entries()) {
    const key = cacheKey(provider, line.text);
    const meta = path.join(cacheDir, `${key}.json`);
    const hit = fs.existsSync(meta) ? (JSON.parse(fs.readFileSync(meta, 'utf8')) as Cached) : null;
    let entry: Cached;
    if (hit && fs.existsSync(path.join(cacheDir, `${key}.${hit.ext}`))) {
      entry = hit;
      // Entries cached before the avatar existed get their mouth now, once.
      if (!entry.mouth) {
        entry = { ...entry, mouth: mouthFromSamples(decodeClip(path.join(cacheDir, `${key}.${entry.ext}`)), DECODE_RATE) };
        fs.writeFileSync(meta, `${JSON.stringify(entry)}\n`);
      }
      cached++;
      opts.onProgress?.(`line ${i + 1}/${lines.length} ${line.id}: cached`);
    } else {
      opts.onProgress?.(`line ${i + 1}/${lines.length} ${line.id}: synthesising with ${provider.name} (${line.source})`);
      let s;
      try {
        s = await provider.synthesize({ text: line.text, previousText: lines[i - 1]?.text, nextText: lines[i + 1]?.text });
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err);
        throw runtimeError(
          `${line.source}: say "${line.id}": ${msg}${synthesized + cached ? ` (the ${synthesized + cached} line(s) before it are cached)` : ''}`,
          err instanceof ScreenplayError ? err.cause : err,
        );
      }
      const clip = path.join(cacheDir, `${key}.${s.ext}`);
      fs.writeFileSync(clip, s.audio);
      // The clip's real length (an MP3 may end in silence after the last character).
      const durationMs = s.ext === 'mp3' ? (probeDurationMs(clip) ?? s.durationMs) : s.durationMs;
      const samples = decodeClip(clip);
      const checked = checkedWords(line, s.words, { durationMs, samples, sampleRate: DECODE_RATE }, s.timingProblems);
      for (const n of s.notices ?? []) {
        if (warnings.includes(n)) continue;
        warnings.push(n);
        opts.onProgress?.(`warning: ${n}`);
      }
      if (checked.warning) {
        warnings.push(checked.warning);
        opts.onProgress?.(`warning: ${checked.warning}`);
      }
      entry = { ext: s.ext, durationMs: Math.round(durationMs), words: checked.words, mouth: mouthFromSamples(samples, DECODE_RATE) };
      fs.writeFileSync(meta, `${JSON.stringify(entry)}\n`);
      synthesized++;
    }
    const audio = `${line.id}-${key}.${entry.ext}`;
    fs.copyFileSync(path.join(cacheDir, `${key}.${entry.ext}`), path.join(outDir, audio));
    out.push({ id: line.id, text: line.text, audio, durationMs: entry.durationMs, words: entry.words, ...(entry.mouth ? { mouth: entry.mouth } : {}) });
  }
  // Clips of lines that are gone or changed are removed (the cache keeps them).
  const keep = new Set(out.map((l) => l.audio));
  for (const f of fs.readdirSync(outDir)) if (/-[0-9a-f]{12}\.(mp3|wav)$/.test(f) && !keep.has(f)) fs.rmSync(path.join(outDir, f));
  const narration = narrationSchema.parse({ version: 1, provider: provider.name, lines: out });
  fs.writeFileSync(path.join(outDir, NARRATION_JSON), `${JSON.stringify(narration, null, 2)}\n`);
  return { narration, synthesized, cached, warnings };
};
