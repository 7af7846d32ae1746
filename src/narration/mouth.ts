/**
 * How the mouth moves while a line is spoken, from the line's own audio (pure, except
 * `mouthFromFile`, which decodes with ffmpeg). Per 20 ms hop:
 * - `open` (0–1): loudness relative to the clip's loudest hop, so a quiet and a loud voice
 *   move the mouth alike; it opens at once and closes over a few hops, as jaws do.
 * - `wide` (0–1): how much of the hop's sound is high-frequency (zero crossings): vowels like
 *   "o" and "u" are low (round mouth), "e", "i" and "s" high (wide mouth). A cheap stand-in for
 *   visemes that needs no phoneme model.
 */
import { spawnSync } from 'node:child_process';

export const MOUTH_HOP_MS = 20;
export type Mouth = { hopMs: number; open: number[]; wide: number[] };

/** dB below the loudest hop at which the mouth is fully closed, and fully open. */
const CLOSED_DB = 32;
const OPEN_DB = 4;
/** Per hop, the mouth closes at most this fraction of the way (it opens at once). */
const RELEASE = 0.45;

const round2 = (v: number) => Math.round(v * 100) / 100;

export const mouthFromSamples = (samples: Float32Array, sampleRate: number, hopMs = MOUTH_HOP_MS): Mouth => {
  const hop = Math.max(1, Math.round((sampleRate * hopMs) / 1000));
  const n = Math.ceil(samples.length / hop);
  const db = new Float64Array(n);
  const zcr = new Float64Array(n);
  for (let h = 0; h < n; h++) {
    let sum = 0;
    let crossings = 0;
    const from = h * hop;
    const to = Math.min(samples.length, from + hop);
    for (let i = from; i < to; i++) {
      const v = samples[i] as number;
      sum += v * v;
      if (i > from && v >= 0 !== (samples[i - 1] as number) >= 0) crossings++;
    }
    const len = Math.max(1, to - from);
    db[h] = 10 * Math.log10(sum / len + 1e-12);
    zcr[h] = crossings / len;
  }
  const peak = n ? Math.max(...db) : 0;
  const open: number[] = [];
  const wide: number[] = [];
  let o = 0;
  let w = 0.5;
  for (let h = 0; h < n; h++) {
    const target = Math.min(1, Math.max(0, ((db[h] as number) - (peak - CLOSED_DB)) / (CLOSED_DB - OPEN_DB)));
    o = target >= o ? target : o + (target - o) * RELEASE;
    // Zero-crossing rate per sample at 16 kHz: about 0.02 for "o", 0.1 for "e", 0.3 for "s".
    const zTarget = Math.min(1, Math.max(0, ((zcr[h] as number) * (sampleRate / 16000) - 0.03) / 0.12));
    if (target > 0.05) w += (zTarget - w) * 0.5;
    open.push(round2(o));
    wide.push(round2(w));
  }
  return { hopMs, open, wide };
};

/** The rate clips are decoded at (Hz). */
export const DECODE_RATE = 16000;

/** Decodes a clip (WAV or MP3) to DECODE_RATE Hz mono float samples (-1..1) with ffmpeg. */
export const decodeClip = (file: string): Float32Array => {
  const r = spawnSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'f32le', '-ac', '1', '-ar', String(DECODE_RATE), '-'], { maxBuffer: 512 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`could not decode ${file}: ${r.stderr.toString().trim()}`);
  const buf = r.stdout as Buffer;
  return new Float32Array(new Float32Array(buf.buffer, buf.byteOffset, Math.floor(buf.length / 4)));
};

/** Decodes a clip (WAV or MP3) and reads its mouth. */
export const mouthFromFile = (file: string): Mouth => mouthFromSamples(decodeClip(file), DECODE_RATE);

/** Hops (ms) quieter than this many dB below the loudest, or than VOICED_FLOOR_DB, are silence. */
const VOICED_BELOW_PEAK_DB = 35;
const VOICED_FLOOR_DB = -50;

/**
 * Where the voice is in a clip (pure): from the first to the last 10 ms hop whose loudness (RMS)
 * is within VOICED_BELOW_PEAK_DB of the loudest hop and above VOICED_FLOOR_DB dBFS, in ms from
 * the clip's start; null for silence.
 */
export const voicedRangeMs = (samples: Float32Array, sampleRate: number): { startMs: number; endMs: number } | null => {
  const hop = Math.max(1, Math.round(sampleRate / 100));
  const n = Math.ceil(samples.length / hop);
  const db: number[] = [];
  for (let h = 0; h < n; h++) {
    let sum = 0;
    const to = Math.min(samples.length, (h + 1) * hop);
    for (let i = h * hop; i < to; i++) sum += (samples[i] as number) ** 2;
    db.push(10 * Math.log10(sum / Math.max(1, to - h * hop) + 1e-12));
  }
  const peak = db.reduce((a, b) => Math.max(a, b), -Infinity);
  const threshold = Math.max(VOICED_FLOOR_DB, peak - VOICED_BELOW_PEAK_DB);
  const first = db.findIndex((d) => d > threshold);
  if (first < 0) return null;
  let last = n - 1;
  while (last > first && (db[last] as number) <= threshold) last--;
  const ms = (h: number) => Math.round((Math.min(samples.length, h * hop) * 1000) / sampleRate);
  return { startMs: ms(first), endMs: ms(last + 1) };
};
