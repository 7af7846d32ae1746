/**
 * The narration in a rendered video: each clip delayed to its start and mixed (ffmpeg), the
 * picture copied as it is; and .srt / .vtt files beside the video.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { runtimeError } from '../errors';
import { toSrt, toVtt, type CaptionPage } from '../timeline/captions';

export const muxNarration = (opts: { video: string; clips: Array<{ file: string; startMs: number }>; durationMs: number }): void => {
  const clips = opts.clips.filter((c) => c.startMs < opts.durationMs);
  if (clips.length === 0) return;
  const tmp = `${opts.video}.narrated${path.extname(opts.video)}`;
  // A clip starting before the range is trimmed to the part inside it.
  const chains = clips.map((c, i) =>
    c.startMs >= 0 ? `[${i + 1}:a]aresample=48000,adelay=${Math.round(c.startMs)}:all=1[a${i}]` : `[${i + 1}:a]aresample=48000,atrim=start=${(-c.startMs / 1000).toFixed(3)},asetpts=PTS-STARTPTS[a${i}]`,
  );
  const mix = `${clips.map((_, i) => `[a${i}]`).join('')}amix=inputs=${clips.length}:normalize=0:dropout_transition=0,apad,atrim=end=${(opts.durationMs / 1000).toFixed(3)}[aout]`;
  const args = [
    '-v', 'error', '-y', '-i', opts.video,
    ...clips.flatMap((c) => ['-i', c.file]),
    '-filter_complex', [...chains, mix].join(';'),
    '-map', '0:v', '-map', '[aout]', '-c:v', 'copy', '-c:a', 'aac', '-b:a', '160k', '-movflags', '+faststart', tmp,
  ];
  const r = spawnSync('ffmpeg', args, { encoding: 'utf8' });
  if (r.status !== 0) throw runtimeError(`mixing the narration failed: ${r.stderr.trim().slice(-800)}`);
  fs.renameSync(tmp, opts.video);
};

/** video.mp4 → video.srt and video.vtt, on the rendered range's clock. */
export const writeSubtitleFiles = (video: string, pages: CaptionPage[], offsetMs: number, durationMs: number): { srt: string; vtt: string } => {
  const shifted = pages
    .map((p) => ({ ...p, startMs: p.startMs - offsetMs, endMs: p.endMs - offsetMs, words: p.words.map((w) => ({ ...w, startMs: w.startMs - offsetMs, endMs: w.endMs - offsetMs })) }))
    .filter((p) => p.endMs > 0 && p.startMs < durationMs);
  const base = video.replace(/\.[^./]+$/, '');
  const srt = `${base}.srt`;
  const vtt = `${base}.vtt`;
  fs.writeFileSync(srt, toSrt(shifted));
  fs.writeFileSync(vtt, toVtt(shifted));
  return { srt, vtt };
};
