/**
 * STAND-IN (fix/presets): the container encoders are written on their own branch with this API;
 * this version handles 'mp4' only (a copy, or a scale and frame-rate change when asked), so the
 * presets can be wired and tested. The merge takes the other branch's file.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import { probeDurationMs, probeVideoSize } from '../media/probe';
import { runtimeError } from '../errors';

export type ContainerOptions = {
  container: 'mp4' | 'webm' | 'gif';
  maxBytes?: number;
  maxDurationMs?: number;
  width?: number;
  fps?: number;
  /** gif: 0 forever */
  loop?: number;
};

/** Encodes `input` (a finished mp4 with audio) into `out` as `opts.container`. @throws runtime for a container this stand-in does not write, or a failed ffmpeg */
export const encodeContainer = async (
  input: string,
  out: string,
  opts: ContainerOptions,
): Promise<{ bytes: number; width: number; height: number; durationMs: number; fps: number; notes: string[] }> => {
  if (opts.container !== 'mp4') throw runtimeError(`encodeContainer: ${opts.container} is not written by this build (only mp4)`);
  const size = probeVideoSize(input) ?? { width: 0, height: 0 };
  const scale = opts.width !== undefined && opts.width < size.width;
  if (!scale && opts.fps === undefined && opts.maxDurationMs === undefined) fs.copyFileSync(input, out);
  else {
    const vf = [...(scale ? [`scale=${opts.width}:-2`] : []), ...(opts.fps !== undefined ? [`fps=${opts.fps}`] : [])];
    const args = ['-v', 'error', '-y', '-i', input, ...(opts.maxDurationMs !== undefined ? ['-t', String(opts.maxDurationMs / 1000)] : [])];
    args.push(...(vf.length ? ['-vf', vf.join(',')] : []), '-c:v', 'libx264', '-pix_fmt', 'yuv420p', '-c:a', 'copy', '-movflags', '+faststart', out);
    const r = spawnSync('ffmpeg', args, { encoding: 'utf8' });
    if (r.status !== 0) throw runtimeError(`encodeContainer: ffmpeg failed: ${(r.stderr ?? '').trim().split('\n').at(-1)}`);
  }
  const got = probeVideoSize(out) ?? size;
  return { bytes: fs.statSync(out).size, width: got.width, height: got.height, durationMs: probeDurationMs(out) ?? 0, fps: opts.fps ?? 30, notes: [] };
};
