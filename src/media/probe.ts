/**
 * What ffprobe reads from a media file, for any stage of the pipeline: a clip's length, a
 * video's frame size. Null when ffprobe cannot tell (not a media file, or ffprobe missing).
 */
import { spawnSync } from 'node:child_process';
import type { Size } from '../base/geometry';

/** A media file's duration in ms, or null when ffprobe cannot tell. */
export const probeDurationMs = (file: string): number | null => {
  const r = spawnSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', file], { encoding: 'utf8' });
  const s = Number(r.stdout.trim());
  return r.status === 0 && Number.isFinite(s) && s > 0 ? Math.round(s * 1000) : null;
};

/** A video's frame size in px (its first video stream), or null when ffprobe cannot tell. */
export const probeVideoSize = (file: string): Size | null => {
  const r = spawnSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file], {
    encoding: 'utf8',
  });
  const m = /^(\d+),(\d+)/.exec(r.stdout.trim());
  return r.status === 0 && m ? { width: Number(m[1]), height: Number(m[2]) } : null;
};
