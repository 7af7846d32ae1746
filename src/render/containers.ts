/**
 * A finished MP4 (H.264 + AAC, maybe without audio) written again in the container a platform
 * wants: MP4 (stream copy, or H.264 again when it must be scaled, cut, given a lower frame rate or
 * squeezed), WebM (VP9 + Opus) or GIF (a palette made for this video, not dithered by default:
 * screen content is flat colours and text; with a loop count).
 * Optional: a smaller width, a lower frame rate, a cut at a length, and a size limit met by a few
 * bounded re-encodes, each said in `notes`. The settings are named data (WEBM_SETTINGS,
 * GIF_SETTINGS), chosen from measurements on the bundled sample (docs/containers.md,
 * bench/containers-bench.ts).
 *
 * Effects: runs ffprobe and ffmpeg (from PATH, as the rest of src/render does); writes a hidden
 * temporary file beside `out` and renames it over `out` at the end (removed on failure).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { invalidInput, runtimeError } from '../errors';
import { requireCommands } from '../system-tools';

/** What encodeContainer makes, and the limits it keeps. */
export type ContainerOptions = {
  container: 'mp4' | 'webm' | 'gif';
  /** The largest file wanted (bytes); over it, up to MAX_REDUCTIONS smaller re-encodes, then the last one is kept (said in notes). */
  maxBytes?: number;
  /** Cut the video at this time (ms from its start) when it is longer. */
  maxDurationMs?: number;
  /** The output width (px, height keeps the aspect); never wider than the input. */
  width?: number;
  /** The output frame rate (frames/s); never more than the input's. GIF: GIF_SETTINGS.fps when not given. */
  fps?: number;
  /** GIF only: 0 loops forever (the default), -1 plays once, n plays n + 1 times (n repeats). */
  loop?: number;
  /** GIF only: other palette and dithering settings than GIF_SETTINGS (for measurements). */
  gif?: Partial<GifSettings>;
  /** WebM only: other encoder settings than WEBM_SETTINGS (for measurements). */
  webm?: Partial<WebmSettings>;
};

/** What encodeContainer wrote, as ffprobe reads the file back: size in bytes, frame size in px, length in ms, frame rate. */
export type ContainerResult = { bytes: number; width: number; height: number; durationMs: number; fps: number; notes: string[] };

/** GIF: palettegen's statistics, paletteuse's dithering, and the default frame rate. */
export type GifSettings = {
  /** palettegen's stats_mode: `diff` counts only the pixels that change (screen content: a still background does not take the palette), `full` every pixel. */
  statsMode: 'full' | 'diff' | 'single';
  /** paletteuse's dither. */
  dither: 'bayer' | 'sierra2_4a' | 'floyd_steinberg' | 'none';
  /** Bayer's pattern scale, 0 (strong, crosshatch) to 5 (weak): used when dither is bayer. */
  bayerScale: number;
  /** paletteuse's diff_mode: `rectangle` re-dithers only the changed rectangle of each frame (smaller, steadier GIFs). */
  diffMode: 'rectangle' | 'none';
  /** The frame rate used when ContainerOptions.fps is not given (frames/s; the input's when it is lower). */
  fps: number;
};

/** WebM: libvpx-vp9 at constant quality and Opus. */
export type WebmSettings = {
  /** VP9 constant quality (0 best … 63 worst), with -b:v 0. */
  crf: number;
  /** libvpx's deadline: `good` (with cpuUsed) or `realtime`. */
  deadline: 'good' | 'realtime';
  /** libvpx's speed: 0 slowest … 5 (good) / 8 (realtime) fastest. */
  cpuUsed: number;
  /** Opus bitrate (kbit/s). */
  audioKbps: number;
};

/**
 * The GIF defaults, from docs/containers.md (the sample at 640x360, 15 fps, 15 s): statistics of
 * every pixel (`diff` starves a still background, so its gradient bands and flat panels get
 * dithered), no dithering (the smallest file and the best SSIM and PSNR of the candidates; bayer:5
 * is 11 % larger with a faint pattern, sierra2_4a 38 % larger), 15 fps (10 fps saves a quarter).
 */
export const GIF_SETTINGS: GifSettings = { statsMode: 'full', dither: 'none', bayerScale: 5, diffMode: 'rectangle', fps: 15 };

/**
 * The WebM defaults, from docs/containers.md (the sample at 960x540, 15 s): libvpx's realtime
 * mode at cpu-used 5 takes a fifth of the CPU time of `good` at cpu-used 5 for a file about 18 %
 * larger at the same PSNR; crf 36 is as large as the render's own H.264.
 */
export const WEBM_SETTINGS: WebmSettings = { crf: 36, deadline: 'realtime', cpuUsed: 5, audioKbps: 96 };

/** H.264 when an MP4 must be encoded again: the render's own settings (render.ts: crf 20, veryfast); the audio is copied (the render's narration mix: AAC at 160 kbit/s). */
const MP4_SETTINGS = { crf: 20, preset: 'veryfast', audioKbps: 160 } as const;

/** How many smaller re-encodes a size limit may cause after the first encode. */
export const MAX_REDUCTIONS = 3;
/** GIF: the frame rate a size limit steps down to before it makes the picture smaller (frames/s). */
export const GIF_MIN_FPS = 10;
/** GIF: the narrowest a size limit makes a GIF (px). */
export const GIF_MIN_WIDTH = 160;
/** MP4/WebM: the lowest video bitrate a size limit asks for (kbit/s). */
const MIN_VIDEO_KBPS = 50;

/** A video as ffprobe reads it. */
export type Probe = { width: number; height: number; durationMs: number; fps: number; hasAudio: boolean; videoCodec: string };

const FPS_DECIMALS = 1000;
const roundFps = (fps: number): number => Math.round(fps * FPS_DECIMALS) / FPS_DECIMALS;
const even = (v: number): number => Math.max(2, 2 * Math.round(v / 2));

/** "30000/1001" → 29.97; null for "0/0" or nonsense. */
const rate = (text: unknown): number | null => {
  const [n, d] = String(text ?? '')
    .split('/')
    .map(Number);
  const v = d === undefined ? n : (n as number) / d;
  return v !== undefined && Number.isFinite(v) && v > 0 ? v : null;
};

/**
 * The first video stream of `file`, whether it has audio, and its length.
 * @throws runtime (exit 2) naming `file` and ffprobe's last line when it cannot be read or has no video
 */
export const probeVideoFile = (file: string, what: string): Probe => {
  const r = spawnSync(
    'ffprobe',
    ['-v', 'error', '-show_entries', 'stream=codec_type,codec_name,width,height,r_frame_rate,avg_frame_rate,duration:format=duration', '-of', 'json', file],
    { encoding: 'utf8', maxBuffer: 4 << 20 },
  );
  if (r.error || r.status !== 0) throw runtimeError(`${what}: ffprobe cannot read ${file}: ${r.error?.message ?? lastLines(r.stderr, 1)}`);
  const json = JSON.parse(r.stdout) as { streams?: Array<Record<string, string | number>>; format?: { duration?: string } };
  const v = json.streams?.find((s) => s.codec_type === 'video');
  if (!v) throw runtimeError(`${what}: ${file} must hold a video stream, but ffprobe finds none`);
  const seconds = Number(json.format?.duration ?? v.duration ?? 0);
  return {
    width: Number(v.width),
    height: Number(v.height),
    durationMs: Number.isFinite(seconds) ? Math.round(seconds * 1000) : 0,
    // A GIF's r_frame_rate is its timebase (100/1); its average rate is the frames it shows.
    fps: roundFps(rate(v.avg_frame_rate) ?? rate(v.r_frame_rate) ?? 0),
    hasAudio: json.streams?.some((s) => s.codec_type === 'audio') ?? false,
    videoCodec: String(v.codec_name ?? ''),
  };
};

/** The last `n` non-empty lines of a program's stderr, joined with " / ". */
const lastLines = (stderr: string | undefined, n: number): string =>
  (stderr ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .slice(-n)
    .join(' / ');

/** The ffmpegs running now and the hidden files being written: ended and removed when this process exits (make's signal handlers exit). */
const running = new Set<ReturnType<typeof spawn>>();
const writing = new Set<string>();
let hooked = false;
const hookExit = (): void => {
  if (hooked) return;
  hooked = true;
  process.on('exit', () => {
    for (const p of running) p.kill('SIGKILL');
    for (const f of writing) fs.rmSync(f, { force: true });
  });
};

/** Runs ffmpeg quietly; rejects with a runtime error naming `what` with ffmpeg's last stderr lines. */
const runFfmpeg = (args: string[], what: string): Promise<void> =>
  new Promise((resolve, reject) => {
    hookExit();
    const proc = spawn('ffmpeg', ['-hide_banner', '-v', 'error', '-nostdin', '-y', ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
    running.add(proc);
    proc.on('close', () => running.delete(proc));
    let stderr = '';
    proc.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    proc.on('error', (err) => reject(runtimeError(`${what}: could not start ffmpeg: ${err.message}`)));
    proc.on('close', (code, signal) => {
      if (code === 0) resolve();
      // Ended by a signal (Ctrl-C reaches ffmpeg too): say so, not an empty "ffmpeg failed". ffmpeg
      // traps SIGINT/SIGTERM and exits 255 ("received signal"); its errors exit 1.
      else if (signal || code === 255) reject(runtimeError(`${what}: interrupted (ffmpeg ended by ${signal ?? 'a signal'})`));
      else reject(runtimeError(`${what}: ffmpeg failed (${signal ? `killed by ${signal}` : `exit ${code}`}): ${lastLines(stderr, 3) || 'no message'}`));
    });
  });

/** One encode's choices: the picture's size and rate, and (MP4/WebM under a size limit) a video bitrate. */
export type Attempt = { width: number; height: number; fps: number; videoKbps?: number };

const checkOptions = (opts: ContainerOptions): void => {
  const positive = (name: string, v: number | undefined, integer: boolean) => {
    if (v === undefined) return;
    if (!Number.isFinite(v) || v <= 0 || (integer && !Number.isInteger(v)))
      throw invalidInput(`encodeContainer: ${name} must be a positive ${integer ? 'integer' : 'number'}, but got ${v}`);
  };
  if (!['mp4', 'webm', 'gif'].includes(opts.container))
    throw invalidInput(`encodeContainer: container must be mp4, webm or gif, but got ${String(opts.container)}`);
  positive('maxBytes', opts.maxBytes, true);
  positive('maxDurationMs', opts.maxDurationMs, false);
  positive('width', opts.width, true);
  positive('fps', opts.fps, false);
  if (opts.loop !== undefined && !(Number.isInteger(opts.loop) && opts.loop >= -1 && opts.loop <= 65535))
    throw invalidInput(`encodeContainer: loop must be -1 (play once), 0 (forever) or a repeat count up to 65535, but got ${opts.loop}`);
};

/** The first attempt: the asked width and rate, never above the input's (said in notes when asked for more). */
const firstAttempt = (src: Probe, opts: ContainerOptions, notes: string[]): Attempt => {
  const gif = opts.container === 'gif';
  let width = src.width;
  if (opts.width !== undefined) {
    if (opts.width > src.width) notes.push(`width ${opts.width} px is wider than the input (${src.width} px): kept at ${src.width} px`);
    else width = opts.width;
  }
  const wantFps = opts.fps ?? (gif ? { ...GIF_SETTINGS, ...opts.gif }.fps : undefined);
  let fps = src.fps;
  if (wantFps !== undefined) {
    if (wantFps > src.fps && opts.fps !== undefined) notes.push(`${wantFps} fps is more than the input's ${src.fps} fps: kept at ${src.fps} fps`);
    else fps = Math.min(wantFps, src.fps);
  }
  return sized(src, width, fps, gif);
};

/** An attempt of `width` (height from the input's aspect; both even except for GIF). */
const sized = (src: Probe, width: number, fps: number, gif: boolean): Attempt => {
  const w = gif ? Math.round(width) : even(width);
  const h = (src.height * w) / src.width;
  return { width: w, height: gif ? Math.max(1, Math.round(h)) : even(h), fps: roundFps(fps) };
};

/** The filters that make the picture `a` from the input (none when it already is). */
const pictureFilters = (src: Probe, a: Attempt): string[] => [
  ...(a.fps < src.fps ? [`fps=${a.fps}`] : []),
  ...(a.width !== src.width || a.height !== src.height ? [`scale=${a.width}:${a.height}:flags=lanczos`] : []),
];

/** The input options: `-t` when the video is cut. */
const inputArgs = (input: string, cutMs: number | undefined): string[] => [...(cutMs !== undefined ? ['-t', (cutMs / 1000).toFixed(3)] : []), '-i', input];

const encodeMp4 = async (input: string, tmp: string, src: Probe, a: Attempt, cutMs: number | undefined, what: string): Promise<void> => {
  const filters = pictureFilters(src, a);
  // A stream copy cuts at packets, not at the frame: a cut is encoded again, as a size or picture change is.
  const copy = filters.length === 0 && a.videoKbps === undefined && cutMs === undefined && src.videoCodec === 'h264';
  const video = copy
    ? ['-c:v', 'copy']
    : [
        ...(filters.length ? ['-vf', filters.join(',')] : []),
        '-c:v',
        'libx264',
        '-preset',
        MP4_SETTINGS.preset,
        ...(a.videoKbps !== undefined
          ? ['-b:v', `${a.videoKbps}k`, '-maxrate', `${Math.round(a.videoKbps * 1.5)}k`, '-bufsize', `${a.videoKbps * 2}k`]
          : ['-crf', String(MP4_SETTINGS.crf)]),
        '-pix_fmt',
        'yuv420p',
      ];
  await runFfmpeg([...inputArgs(input, cutMs), '-map', '0:v:0', '-map', '0:a:0?', ...video, '-c:a', 'copy', '-movflags', '+faststart', '-f', 'mp4', tmp], what);
};

const encodeWebm = async (input: string, tmp: string, src: Probe, a: Attempt, cutMs: number | undefined, s: WebmSettings, what: string): Promise<void> => {
  const filters = pictureFilters(src, a);
  const rateArgs = a.videoKbps !== undefined ? ['-b:v', `${a.videoKbps}k`] : ['-crf', String(s.crf), '-b:v', '0'];
  await runFfmpeg(
    [
      ...inputArgs(input, cutMs),
      '-map',
      '0:v:0',
      '-map',
      '0:a:0?',
      ...(filters.length ? ['-vf', filters.join(',')] : []),
      '-c:v',
      'libvpx-vp9',
      ...rateArgs,
      '-deadline',
      s.deadline,
      '-cpu-used',
      String(s.cpuUsed),
      '-row-mt',
      '1',
      '-tile-columns',
      '1',
      '-pix_fmt',
      'yuv420p',
      ...(src.hasAudio ? ['-c:a', 'libopus', '-b:a', `${s.audioKbps}k`] : []),
      '-f',
      'webm',
      tmp,
    ],
    what,
  );
};

const encodeGif = async (
  input: string,
  tmp: string,
  src: Probe,
  a: Attempt,
  cutMs: number | undefined,
  s: GifSettings,
  loop: number,
  what: string,
): Promise<void> => {
  const palette = `${tmp}.palette.png`;
  const picture = pictureFilters(src, a);
  const chain = (more: string) => [...picture, more].join(',');
  const dither = s.dither === 'bayer' ? `bayer:bayer_scale=${s.bayerScale}` : s.dither;
  try {
    // Two passes, so memory stays bounded: the palette from every frame, then each frame mapped to it.
    await runFfmpeg(
      [...inputArgs(input, cutMs), '-vf', chain(`palettegen=stats_mode=${s.statsMode}`), '-frames:v', '1', '-update', '1', palette],
      `${what} (palette)`,
    );
    await runFfmpeg(
      [
        ...inputArgs(input, cutMs),
        '-i',
        palette,
        '-lavfi',
        `[0:v]${picture.length ? picture.join(',') : 'null'}[v];[v][1:v]paletteuse=dither=${dither}:diff_mode=${s.diffMode}`,
        '-an',
        '-loop',
        String(loop),
        '-f',
        'gif',
        tmp,
      ],
      what,
    );
  } finally {
    fs.rmSync(palette, { force: true });
  }
};

/**
 * The next, smaller attempt for a file of `bytes` over `maxBytes`, and the note that says it; null
 * when nothing is left to reduce. GIF: first the frame rate (by a quarter at least, as far as the
 * overshoot suggests, not under GIF_MIN_FPS), then the width (by the square root of the
 * overshoot, 15 % at least and half at most, not under GIF_MIN_WIDTH). MP4/WebM: a video bitrate
 * that fits the length (kbit/s, the audio's share taken off), lowered each time by the overshoot.
 */
export const nextReduction = (
  container: ContainerOptions['container'],
  src: Pick<Probe, 'width' | 'height' | 'fps' | 'hasAudio'>,
  a: Attempt,
  bytes: number,
  maxBytes: number,
  durationMs: number,
): { attempt: Attempt; note: string } | null => {
  const ratio = maxBytes / bytes;
  const mb = (b: number) => `${(b / 1e6).toFixed(2)} MB`;
  const over = `${mb(bytes)} is over ${mb(maxBytes)}`;
  if (container === 'gif') {
    if (a.fps > GIF_MIN_FPS) {
      const fps = Math.max(GIF_MIN_FPS, Math.min(Math.floor(a.fps * 0.75), Math.floor(a.fps * ratio)));
      return { attempt: { ...a, fps }, note: `${over}: frame rate ${a.fps} → ${fps} fps` };
    }
    if (a.width <= GIF_MIN_WIDTH) return null;
    const width = Math.max(GIF_MIN_WIDTH, Math.round(a.width * Math.min(0.85, Math.max(0.5, Math.sqrt(ratio) * 0.95))));
    const next = sized({ ...src, durationMs: 0, videoCodec: '' }, width, a.fps, true);
    return { attempt: next, note: `${over}: width ${a.width} → ${next.width} px` };
  }
  const seconds = Math.max(0.1, durationMs / 1000);
  const audioKbps = src.hasAudio ? (container === 'webm' ? WEBM_SETTINGS.audioKbps : MP4_SETTINGS.audioKbps) : 0;
  const fit = Math.floor((maxBytes * 8 * 0.92) / seconds / 1000 - audioKbps);
  const kbps = a.videoKbps === undefined ? fit : Math.floor(Math.min(fit, a.videoKbps * ratio * 0.92));
  if (a.videoKbps !== undefined && a.videoKbps <= MIN_VIDEO_KBPS) return null;
  const videoKbps = Math.max(MIN_VIDEO_KBPS, kbps);
  return {
    attempt: { ...a, videoKbps },
    note: `${over}: video bitrate ${a.videoKbps === undefined ? 'constant quality' : `${a.videoKbps} kbit/s`} → ${videoKbps} kbit/s`,
  };
};

/**
 * Writes `input` (a finished MP4) to `out` as `opts.container` (see the file's docstring; out's
 * extension is not read). Returns what ffprobe reads back from `out` (bytes; px; ms; frames/s)
 * and notes: each size reduction, a cut, an option that could not be honoured, and, when the
 * size limit is still not met after MAX_REDUCTIONS, that the last (smallest) file was kept.
 * @throws invalid-input (exit 1) for an option out of range
 * @throws runtime (exit 2) when ffmpeg or ffprobe is missing, `input` cannot be read, or ffmpeg
 *   fails (its last stderr lines are in the message); `out` is then left as it was
 */
export const encodeContainer = async (input: string, out: string, opts: ContainerOptions): Promise<ContainerResult> => {
  checkOptions(opts);
  const what = `encoding ${out} as ${opts.container.toUpperCase()}`;
  requireCommands(['ffmpeg', 'ffprobe'], what);
  try {
    fs.accessSync(input, fs.constants.R_OK);
  } catch (err) {
    throw runtimeError(`${what}: cannot read the input video ${input}: ${(err as NodeJS.ErrnoException).code ?? 'unreadable'}`);
  }
  const src = probeVideoFile(input, what);
  const notes: string[] = [];
  const cutMs = opts.maxDurationMs !== undefined && src.durationMs > opts.maxDurationMs ? opts.maxDurationMs : undefined;
  if (cutMs !== undefined) notes.push(`cut at ${(cutMs / 1000).toFixed(2)} s (the input is ${(src.durationMs / 1000).toFixed(2)} s)`);
  const gif = { ...GIF_SETTINGS, ...opts.gif };
  const webm = { ...WEBM_SETTINGS, ...opts.webm };
  const loop = opts.loop ?? 0;
  const dir = path.dirname(out);
  const tmp = path.join(dir, `.${path.basename(out)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  let attempt = firstAttempt(src, opts, notes);
  writing.add(tmp).add(`${tmp}.palette.png`);
  try {
    for (let tries = 0; ; tries++) {
      if (opts.container === 'mp4') await encodeMp4(input, tmp, src, attempt, cutMs, what);
      else if (opts.container === 'webm') await encodeWebm(input, tmp, src, attempt, cutMs, webm, what);
      else await encodeGif(input, tmp, src, attempt, cutMs, gif, loop, what);
      const bytes = fs.statSync(tmp).size;
      if (opts.maxBytes === undefined || bytes <= opts.maxBytes) break;
      const next = tries < MAX_REDUCTIONS ? nextReduction(opts.container, src, attempt, bytes, opts.maxBytes, cutMs ?? src.durationMs) : null;
      if (!next) {
        notes.push(
          `still ${(bytes / 1e6).toFixed(2)} MB, over the limit of ${(opts.maxBytes / 1e6).toFixed(2)} MB, after ${tries} reduction${tries === 1 ? '' : 's'}: kept this one (${attempt.width}x${attempt.height}, ${attempt.fps} fps)`,
        );
        break;
      }
      notes.push(next.note);
      attempt = next.attempt;
    }
    fs.renameSync(tmp, out);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  } finally {
    writing.delete(tmp);
    writing.delete(`${tmp}.palette.png`);
  }
  const made = probeVideoFile(out, what);
  return { bytes: fs.statSync(out).size, width: made.width, height: made.height, durationMs: made.durationMs, fps: made.fps, notes };
};
