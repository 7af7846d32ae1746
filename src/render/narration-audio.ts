/**
 * The narration in a rendered video: each clip delayed to its start and mixed (ffmpeg), with
 * optional background music ducked under the voice, the picture copied as it is; and .srt /
 * .vtt files beside the video.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runtimeError } from '../errors';
import { toSrt, toVtt, type CaptionPage } from '../timeline/captions';

export type Music = { file: string; /** 0–1, before ducking */ volume?: number };

/**
 * Mixes the narration (and optional background music, looped and ducked under the voice by a
 * sidechain compressor) into the video; the picture is copied as it is.
 */
export const muxNarration = (opts: { video: string; clips: Array<{ file: string; startMs: number }>; durationMs: number; music?: Music }): void => {
  const clips = opts.clips.filter((c) => c.startMs < opts.durationMs);
  if (clips.length === 0 && !opts.music) return;
  const tmp = `${opts.video}.narrated${path.extname(opts.video)}`;
  const end = (opts.durationMs / 1000).toFixed(3);
  // A clip starting before the range is trimmed to the part inside it.
  const chains = clips.map((c, i) =>
    c.startMs >= 0
      ? `[${i + 1}:a]aresample=48000,adelay=${Math.round(c.startMs)}:all=1[a${i}]`
      : `[${i + 1}:a]aresample=48000,atrim=start=${(-c.startMs / 1000).toFixed(3)},asetpts=PTS-STARTPTS[a${i}]`,
  );
  const voice = clips.length
    ? `${clips.map((_, i) => `[a${i}]`).join('')}amix=inputs=${clips.length}:normalize=0:dropout_transition=0,apad,atrim=end=${end}`
    : '';
  const m = clips.length + 1;
  const music = opts.music ? `[${m}:a]aresample=48000,aformat=channel_layouts=stereo,volume=${(opts.music.volume ?? 0.3).toFixed(3)},atrim=end=${end}` : '';
  const graph = [...chains];
  if (opts.music && clips.length) {
    graph.push(
      `${voice},aformat=channel_layouts=stereo,asplit=2[voice][key]`,
      `${music}[music]`,
      '[music][key]sidechaincompress=threshold=0.02:ratio=10:attack=20:release=400[ducked]',
      `[ducked][voice]amix=inputs=2:normalize=0:duration=longest,atrim=end=${end}[aout]`,
    );
  } else if (opts.music) graph.push(`${music},apad,atrim=end=${end}[aout]`);
  else graph.push(`${voice}[aout]`);
  const args = [
    '-v',
    'error',
    '-y',
    '-i',
    opts.video,
    ...clips.flatMap((c) => ['-i', c.file]),
    ...(opts.music ? ['-stream_loop', '-1', '-i', opts.music.file] : []),
    '-filter_complex',
    graph.join(';'),
    '-map',
    '0:v',
    '-map',
    '[aout]',
    '-c:v',
    'copy',
    '-c:a',
    'aac',
    '-b:a',
    '160k',
    '-movflags',
    '+faststart',
    tmp,
  ];
  const r = spawnSync('ffmpeg', args, { encoding: 'utf8' });
  if (r.status !== 0) throw runtimeError(`mixing the narration failed: ${r.stderr.trim().slice(-800)}`);
  fs.renameSync(tmp, opts.video);
};

/**
 * video.mp4 → video.srt and video.vtt, on the rendered range's clock: pages shifted by
 * `offsetMs` (the range's first frame) and cut to [0, durationMs], so no cue starts before the
 * video or outlasts it.
 */
export const writeSubtitleFiles = (video: string, pages: CaptionPage[], offsetMs: number, durationMs: number): { srt: string; vtt: string } => {
  const inside = (ms: number) => Math.min(durationMs, Math.max(0, ms - offsetMs));
  const shifted = pages
    .filter((p) => p.endMs - offsetMs > 0 && p.startMs - offsetMs < durationMs)
    .map((p) => ({
      ...p,
      startMs: inside(p.startMs),
      endMs: inside(p.endMs),
      words: p.words.map((w) => ({ ...w, startMs: inside(w.startMs), endMs: inside(w.endMs) })),
    }));
  const base = video.replace(/\.[^./]+$/, '');
  const srt = `${base}.srt`;
  const vtt = `${base}.vtt`;
  fs.writeFileSync(srt, toSrt(shifted));
  fs.writeFileSync(vtt, toVtt(shifted));
  return { srt, vtt };
};

/** A soft, short click (filtered noise, 25 ms), written once per render. */
export const clickSound = (file: string): string => {
  const r = spawnSync(
    'ffmpeg',
    [
      '-v',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      'anoisesrc=d=0.025:c=pink:a=0.5:r=48000',
      '-af',
      'highpass=f=1500,lowpass=f=7000,afade=t=out:st=0:d=0.025',
      file,
    ],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw runtimeError(`could not make the click sound: ${r.stderr.trim()}`);
  return file;
};
