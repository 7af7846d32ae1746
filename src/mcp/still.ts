/**
 * get_still: one frame of a video (a render, or a capture dir's recording) as a PNG at most
 * MAX_STILL_WIDTH px wide, for an agent to look at. ffprobe reads the frame rate and length;
 * ffmpeg decodes the frame at the asked time.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { invalidInput, runtimeError } from '../errors';
import { msAt } from '../base/time';
import { CAPTURE_JSON, RECORDING } from '../capture-log/capture-dir-files';

const run = promisify(execFile);

/** The widest still returned (px); a wider video is scaled down, keeping its aspect. */
export const MAX_STILL_WIDTH = 1280;

export type VideoInfo = { width: number; height: number; fps: number; durationMs: number; frames: number };

/** Width and height (px), frame rate, length (ms) and frame count of `file`'s first video stream. */
export const probeVideo = async (file: string, signal?: AbortSignal): Promise<VideoInfo> => {
  let out: string;
  try {
    ({ stdout: out } = await run(
      'ffprobe',
      [
        '-v',
        'error',
        '-select_streams',
        'v:0',
        '-show_entries',
        'stream=width,height,avg_frame_rate,r_frame_rate,nb_frames,duration:format=duration',
        '-of',
        'json',
        file,
      ],
      { signal, maxBuffer: 1024 * 1024 },
    ));
  } catch (err) {
    if ((err as { code?: string }).code === 'ENOENT') throw runtimeError('get_still needs ffprobe (part of ffmpeg): install ffmpeg');
    throw invalidInput(`${path.basename(file)}: expected a video ffprobe can read, but it is not one`);
  }
  const j = JSON.parse(out) as { streams?: Array<Record<string, string | number>>; format?: { duration?: string } };
  const s = j.streams?.[0];
  if (!s) throw invalidInput(`${path.basename(file)}: expected a video, but it has no video stream`);
  const rate = (r: unknown) => {
    const [a, b] = String(r ?? '0/1')
      .split('/')
      .map(Number);
    return b ? (a ?? 0) / b : 0;
  };
  const fps = rate(s.avg_frame_rate) || rate(s.r_frame_rate) || 30;
  // ffprobe writes "N/A" for what a stream does not know (a PNG has no length): 0, then one frame.
  const num = (v: unknown) => (Number.isFinite(Number(v)) ? Number(v) : 0);
  const durationMs = Math.round(1000 * (num(s.duration) || num(j.format?.duration)));
  const frames = num(s.nb_frames) || Math.max(1, Math.round((durationMs / 1000) * fps));
  return { width: Number(s.width), height: Number(s.height), fps, durationMs, frames };
};

/** The video of `abs`: itself when a file, else the recording a capture dir's capture.json names (recording.mp4 by default). */
export const videoOf = (abs: string, shown: string): string => {
  if (!fs.statSync(abs).isDirectory()) return abs;
  const json = path.join(abs, CAPTURE_JSON);
  let name = RECORDING;
  if (fs.existsSync(json)) {
    try {
      const rec = (JSON.parse(fs.readFileSync(json, 'utf8')) as { recording?: unknown }).recording;
      if (typeof rec === 'string' && rec !== '' && !rec.includes('/') && !rec.includes('\\') && rec !== '..') name = rec;
    } catch {
      // an unreadable capture.json: the default name
    }
  }
  const file = path.join(abs, name);
  if (!fs.existsSync(file)) throw invalidInput(`${shown}: expected a capture dir with its recording (${name}) or a video file, but found no ${name}`);
  return file;
};

export type Still = { png: Buffer; width: number; height: number; timeMs: number; frame: number; video: VideoInfo };

/**
 * The frame at `at` (ms from the start, or a frame number) of `file`, as PNG bytes at most
 * MAX_STILL_WIDTH px wide. A time or frame past the end is refused with the valid range.
 */
export const grabStill = async (file: string, shown: string, at: { timeMs?: number; frame?: number }, signal?: AbortSignal): Promise<Still> => {
  const video = await probeVideo(file, signal);
  const lastFrame = Math.max(0, video.frames - 1);
  let frame: number;
  if (at.frame !== undefined) {
    if (at.frame > lastFrame)
      throw invalidInput(
        `frame: expected a frame from 0 to ${lastFrame} (${shown} has ${video.frames} frames at ${+video.fps.toFixed(3)} fps), but got ${at.frame}`,
      );
    frame = at.frame;
  } else {
    const t = at.timeMs ?? 0;
    if (t > video.durationMs) throw invalidInput(`timeMs: expected a time from 0 to ${video.durationMs} ms (the length of ${shown}), but got ${t}`);
    frame = Math.min(lastFrame, Math.floor((t / 1000) * video.fps + 1e-6));
  }
  const timeMs = Math.round(msAt(frame, video.fps));
  // The middle of the frame's interval: a seek lands inside it, not on its edge. Frame 0 (and a still image) is not sought.
  const seek = frame === 0 ? [] : ['-ss', ((frame + 0.5) / video.fps).toFixed(4)];
  const { stdout } = await run(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      ...seek,
      '-i',
      file,
      '-frames:v',
      '1',
      '-vf',
      `scale='min(${MAX_STILL_WIDTH},iw)':-2:flags=area`,
      '-f',
      'image2pipe',
      '-c:v',
      'png',
      '-',
    ],
    { signal, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 },
  ).catch((err: { code?: string; stderr?: Buffer }) => {
    if (err.code === 'ENOENT') throw runtimeError('get_still needs ffmpeg: install it (Debian: apt-get install ffmpeg)');
    throw runtimeError(
      `ffmpeg could not read frame ${frame} of ${shown}: ${
        String(err.stderr ?? '')
          .trim()
          .split('\n')
          .pop() ?? 'unknown error'
      }`,
    );
  });
  const png = stdout as unknown as Buffer;
  if (png.length < 24 || png.readUInt32BE(0) !== 0x89504e47) throw runtimeError(`ffmpeg gave no frame ${frame} of ${shown}`);
  return { png, width: png.readUInt32BE(16), height: png.readUInt32BE(20), timeMs, frame, video };
};
