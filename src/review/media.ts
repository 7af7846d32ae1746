/**
 * The pixel and audio parts of review (ffmpeg): probe a video, decode its picture as small grey
 * frames and its audio as PCM, streamed into the pure analysers. Work is bounded: at most
 * MAX_FRAMES analysed frames (the rate drops for long videos) and MAX_ANALYSED_MS of media.
 */
import { spawn, spawnSync } from 'node:child_process';
import { runtimeError } from '../errors';
import type { Rect } from '../timeline/view';
import { createAudioAnalyser, type AudioWindow } from './audio-analysis';
import { createFrameAnalyser, type FrameStretches } from './frame-analysis';
import { msAt } from '../base/time';

export const MAX_FRAMES = 3600;
export const MAX_ANALYSED_MS = 30 * 60 * 1000;
/** The analysis frames' width (px); their height keeps the crop's aspect. */
export const ANALYSIS_WIDTH = 320;

export type VideoProbe = { width: number; height: number; durationMs: number; fps: number; hasAudio: boolean; audioRate: number; audioChannels: number };

/**
 * ffprobe of a video file.
 * @throws runtime (exit 2) when ffprobe cannot read it
 */
export const probeVideo = (file: string): VideoProbe => {
  const r = spawnSync(
    'ffprobe',
    ['-v', 'error', '-show_entries', 'stream=codec_type,width,height,r_frame_rate,sample_rate,channels:format=duration', '-of', 'json', file],
    { encoding: 'utf8', maxBuffer: 4 << 20 },
  );
  if (r.error || r.status !== 0) throw runtimeError(`ffprobe could not read ${file}: ${r.error?.message ?? (r.stderr || '').trim().split('\n').pop()}`);
  const json = JSON.parse(r.stdout) as { streams?: Array<Record<string, string | number>>; format?: { duration?: string } };
  const v = json.streams?.find((s) => s.codec_type === 'video');
  const a = json.streams?.find((s) => s.codec_type === 'audio');
  if (!v) throw runtimeError(`${file}: expected a video stream, but found none`);
  const [num, den] = String(v.r_frame_rate ?? '30/1')
    .split('/')
    .map(Number);
  return {
    width: Number(v.width),
    height: Number(v.height),
    durationMs: Math.round(Number(json.format?.duration ?? 0) * 1000),
    fps: den ? (num as number) / den : 30,
    hasAudio: a !== undefined,
    audioRate: Number(a?.sample_rate ?? 48000),
    audioChannels: Number(a?.channels ?? 2),
  };
};

/** Runs ffmpeg, streaming its stdout into `onData`; rejects with its last error line. */
const stream = (args: string[], onData: (b: Buffer) => void): Promise<void> =>
  new Promise((resolve, reject) => {
    const p = spawn('ffmpeg', ['-hide_banner', '-v', 'error', '-nostdin', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let err = '';
    p.stdout.on('data', onData);
    p.stderr.on('data', (d: Buffer) => {
      err = (err + d.toString()).slice(-2000);
    });
    p.on('error', (e) => reject(runtimeError(`ffmpeg could not start: ${e.message}`)));
    p.on('close', (code) =>
      code === 0 ? resolve() : reject(runtimeError(`ffmpeg analysing the video failed: ${err.trim().split('\n').pop() ?? `exit ${code}`}`)),
    );
  });

/** The analysis rate (frames/s) for a video of `durationMs`: 6, less for long ones. */
export const analysisFps = (durationMs: number): number => Math.min(6, MAX_FRAMES / Math.max(1, Math.min(durationMs, MAX_ANALYSED_MS) / 1000));

/**
 * Still and blank stretches (ms) inside `crop` (video px) of a video, from grey frames
 * ANALYSIS_WIDTH wide at analysisFps. `ignore`: discs (video px) left out at a time (ms), the
 * avatar bubble over the screen.
 */
export const analyseFrames = async (
  file: string,
  probe: VideoProbe,
  crop: Rect,
  ignore?: (tMs: number) => Array<{ cx: number; cy: number; r: number }>,
): Promise<FrameStretches & { fps: number }> => {
  const fps = analysisFps(probe.durationMs);
  const even = (v: number) => Math.max(2, 2 * Math.floor(v / 2));
  const c = {
    x: Math.max(0, Math.round(crop.x)),
    y: Math.max(0, Math.round(crop.y)),
    w: even(Math.min(crop.width, probe.width - crop.x)),
    h: even(Math.min(crop.height, probe.height - crop.y)),
  };
  const w = Math.min(ANALYSIS_WIDTH, c.w);
  const h = even((w * c.h) / c.w);
  const size = w * h;
  const analyser = createFrameAnalyser(fps);
  const k = w / c.w;
  let index = 0;
  const maskAt = (tMs: number): Uint8Array | null => {
    const discs = ignore?.(tMs) ?? [];
    if (discs.length === 0) return null;
    const mask = new Uint8Array(size);
    for (const d of discs) {
      const cx = (d.cx - c.x) * k;
      const cy = (d.cy - c.y) * k;
      const r = d.r * k + 1;
      for (let y = Math.max(0, Math.floor(cy - r)); y < Math.min(h, Math.ceil(cy + r)); y++) {
        for (let x = Math.max(0, Math.floor(cx - r)); x < Math.min(w, Math.ceil(cx + r)); x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) mask[y * w + x] = 1;
      }
    }
    return mask;
  };
  let pending: Buffer<ArrayBufferLike> = Buffer.alloc(0);
  await stream(
    [
      '-t',
      String(MAX_ANALYSED_MS / 1000),
      '-i',
      file,
      '-an',
      '-vf',
      `fps=${fps},crop=${c.w}:${c.h}:${c.x}:${c.y},scale=${w}:${h}:flags=area,format=gray`,
      '-f',
      'rawvideo',
      '-',
    ],
    (chunk) => {
      pending = pending.length ? Buffer.concat([pending, chunk]) : chunk;
      while (pending.length >= size) {
        analyser.push(new Uint8Array(pending.subarray(0, size)), maskAt(msAt(index++, fps)));
        pending = pending.subarray(size);
      }
    },
  );
  return { ...analyser.finish(), fps };
};

/** The video's audio in 100 ms windows (peak, RMS, clipped samples); [] without audio. */
export const analyseAudio = async (file: string, probe: VideoProbe): Promise<AudioWindow[]> => {
  if (!probe.hasAudio) return [];
  const channels = Math.min(2, Math.max(1, probe.audioChannels));
  const analyser = createAudioAnalyser(probe.audioRate, channels);
  await stream(['-t', String(MAX_ANALYSED_MS / 1000), '-i', file, '-vn', '-ac', String(channels), '-f', 's16le', '-acodec', 'pcm_s16le', '-'], (chunk) =>
    analyser.push(chunk),
  );
  return analyser.finish();
};
