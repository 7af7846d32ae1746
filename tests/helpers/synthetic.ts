/**
 * A synthetic capture dir made with ffmpeg: a grey 480x270 screen with a red square at a
 * known position, and a capture log that moves to it and clicks it.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { CaptureLog } from '../../src/capture-log';
import { cursorPath } from './capture';

export const SQUARE = { x: 320, y: 160, size: 30 } as const;
export const CLICK = { x: SQUARE.x + SQUARE.size / 2, y: SQUARE.y + SQUARE.size / 2, tMs: 1000 } as const;

export const makeSyntheticCapture = (durationS = 4): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-synth-'));
  execFileSync('ffmpeg', [
    '-hide_banner',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    `color=c=0x808080:s=480x270:r=30:d=${durationS},drawbox=x=${SQUARE.x}:y=${SQUARE.y}:w=${SQUARE.size}:h=${SQUARE.size}:color=red:t=fill`,
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    '-g',
    '30',
    '-y',
    path.join(dir, 'recording.mp4'),
  ]);
  const log: CaptureLog = {
    version: 1,
    recording: 'recording.mp4',
    screen: { width: 480, height: 270 },
    fps: 30,
    durationMs: durationS * 1000,
    events: [
      ...cursorPath({ x: 100, y: 100 }, CLICK, 0, 900),
      { type: 'click', tMs: CLICK.tMs, x: CLICK.x, y: CLICK.y, button: 'left' },
      ...cursorPath(CLICK, CLICK, 1100, durationS * 1000 - 100, 10),
    ],
  };
  fs.writeFileSync(path.join(dir, 'capture.json'), JSON.stringify(log));
  return dir;
};

export type Pixels = { width: number; height: number; data: Buffer };

/** Decodes an image (PNG) or one video frame to RGB24 with ffmpeg. */
export const readPixels = (file: string): Pixels => {
  const probe = execFileSync('ffprobe', ['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'stream=width,height', '-of', 'csv=p=0', file], {
    encoding: 'utf8',
  });
  const [width, height] = probe.trim().split(',').map(Number) as [number, number];
  const data = execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-frames:v', '1', '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], {
    maxBuffer: 64 * 1024 * 1024,
  });
  return { width, height, data };
};

/** Pixels matching a predicate: how many, and their centroid as a fraction of the image. */
export const findPixels = (img: Pixels, match: (r: number, g: number, b: number) => boolean) => {
  let count = 0;
  let sx = 0;
  let sy = 0;
  for (let y = 0; y < img.height; y++) {
    for (let x = 0; x < img.width; x++) {
      const i = (y * img.width + x) * 3;
      if (match(img.data[i]!, img.data[i + 1]!, img.data[i + 2]!)) {
        count++;
        sx += x;
        sy += y;
      }
    }
  }
  return { count, cx: count ? sx / count / img.width : NaN, cy: count ? sy / count / img.height : NaN };
};

export const isRed = (r: number, g: number, b: number) => r > 170 && g < 90 && b < 90;

export const probe = (file: string) => {
  const out = execFileSync(
    'ffprobe',
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-count_frames',
      '-show_entries',
      'stream=width,height,r_frame_rate,nb_read_frames,codec_name:format=duration',
      '-of',
      'json',
      file,
    ],
    { encoding: 'utf8' },
  );
  const json = JSON.parse(out) as { streams: Array<Record<string, string | number>>; format: { duration: string } };
  const s = json.streams[0]!;
  return {
    codec: s.codec_name,
    width: Number(s.width),
    height: Number(s.height),
    fps: String(s.r_frame_rate),
    frames: Number(s.nb_read_frames),
    durationS: Number(json.format.duration),
  };
};

/** Writes frame `n` of a video as PNG. */
export const extractFrame = (video: string, n: number, png: string): void => {
  execFileSync('ffmpeg', ['-v', 'error', '-y', '-i', video, '-vf', `select=eq(n\\,${n})`, '-frames:v', '1', png]);
};

/** Mean absolute difference per channel (0–255) of two images of the same size. */
export const meanAbsDiff = (a: Pixels, b: Pixels): number => {
  if (a.width !== b.width || a.height !== b.height) throw new Error(`sizes differ: ${a.width}x${a.height} vs ${b.width}x${b.height}`);
  let sum = 0;
  for (let i = 0; i < a.data.length; i++) sum += Math.abs(a.data[i]! - b.data[i]!);
  return sum / a.data.length;
};

/** Mean absolute difference (0–255) of two images inside a rectangle. */
export const regionDiff = (a: Pixels, b: Pixels, r: { x: number; y: number; width: number; height: number }): number => {
  let sum = 0;
  let n = 0;
  for (let y = Math.round(r.y); y < Math.round(r.y + r.height); y++) {
    for (let x = Math.round(r.x); x < Math.round(r.x + r.width); x++) {
      const i = (y * a.width + x) * 3;
      for (let c = 0; c < 3; c++) sum += Math.abs(a.data[i + c]! - b.data[i + c]!);
      n += 3;
    }
  }
  return sum / n;
};

/**
 * Adds narration to a synthetic capture dir without a voice: each line gets a silent clip, the
 * given word times (relative to the clip) and a `say` event at `tMs`.
 */
export const addSilentNarration = (
  dir: string,
  lines: Array<{ id: string; tMs: number; words: Array<{ text: string; startMs: number; endMs: number }> }>,
): void => {
  const narrationDir = path.join(dir, 'narration');
  fs.mkdirSync(narrationDir, { recursive: true });
  const log = JSON.parse(fs.readFileSync(path.join(dir, 'capture.json'), 'utf8')) as CaptureLog;
  const out = lines.map((l) => {
    const durationMs = Math.max(500, l.words.at(-1)?.endMs ?? 0) + 200;
    const audio = `${l.id}.wav`;
    execFileSync('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-f',
      'lavfi',
      '-i',
      `anullsrc=r=22050:cl=mono`,
      '-t',
      String(durationMs / 1000),
      '-y',
      path.join(narrationDir, audio),
    ]);
    log.events.push({ type: 'say', id: l.id, tMs: l.tMs, endMs: l.tMs + durationMs });
    return { id: l.id, text: l.words.map((w) => w.text).join(' '), audio, durationMs, words: l.words };
  });
  fs.writeFileSync(path.join(narrationDir, 'narration.json'), JSON.stringify({ version: 1, provider: 'espeak', lines: out }));
  fs.writeFileSync(path.join(dir, 'capture.json'), JSON.stringify(log));
};
