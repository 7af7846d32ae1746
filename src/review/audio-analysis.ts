/**
 * Audio levels in windows (pure): 16-bit PCM in, per window its peak and RMS in dBFS out.
 * media.ts decodes the video's audio into it; media-checks.ts judges the windows.
 */
import { CLIP_DBFS } from './thresholds';

export type AudioWindow = { fromMs: number; toMs: number; peakDb: number; rmsDb: number; clipped: number };

const FULL = 32768;
/** A sample at or above this magnitude counts as clipped (CLIP_DBFS, -0.1 dBFS). */
export const CLIP_SAMPLE = Math.floor(FULL * 10 ** (CLIP_DBFS / 20));

const db = (v: number) => (v <= 0 ? -120 : Math.max(-120, 20 * Math.log10(v)));

/**
 * Interleaved signed 16-bit little-endian samples (`channels` per frame, `rate` Hz) → windows of
 * `windowMs`. Streamed: push chunks of any size, then finish.
 */
export const createAudioAnalyser = (rate: number, channels: number, windowMs = 100) => {
  const perWindow = Math.max(1, Math.round((rate * windowMs) / 1000)) * channels;
  const windows: AudioWindow[] = [];
  let peak = 0;
  let sq = 0;
  let count = 0;
  let clipped = 0;
  let carry: Buffer | null = null;
  const close = () => {
    if (count === 0) return;
    const i = windows.length;
    windows.push({
      fromMs: i * windowMs,
      toMs: i * windowMs + (count / perWindow) * windowMs,
      peakDb: Math.round(db(peak / FULL) * 10) / 10,
      rmsDb: Math.round(db(Math.sqrt(sq / count) / FULL) * 10) / 10,
      clipped,
    });
    peak = 0;
    sq = 0;
    count = 0;
    clipped = 0;
  };
  return {
    push(chunk: Buffer): void {
      const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
      const whole = buf.length - (buf.length % 2);
      for (let o = 0; o < whole; o += 2) {
        const v = Math.abs(buf.readInt16LE(o));
        if (v > peak) peak = v;
        if (v >= CLIP_SAMPLE) clipped++;
        sq += v * v;
        if (++count >= perWindow) close();
      }
      carry = whole < buf.length ? buf.subarray(whole) : null;
    },
    finish(): AudioWindow[] {
      close();
      return windows;
    },
  };
};
