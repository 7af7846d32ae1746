/**
 * A capture dir is untrusted input (DESIGN.md, "Trust boundaries"): people send each other
 * capture dirs. Before render starts anything it reads the dir here, once:
 *   - every path the dir names (the recording, capture.json itself, narration.json and its
 *     clips, avatar clips) is resolved with realpath and must stay inside the dir: no `..`, no
 *     absolute path, no NUL byte, no symbolic link out or to nothing, no directory, only
 *     regular files;
 *   - the recording is probed with ffprobe: a video whose size is capture.json's `screen` and
 *     whose length agrees with its `durationMs` (a mismatch up to CLAMP_LIMIT_MS is clamped to
 *     the shorter one, with a warning; more is refused), read from its first frame even when
 *     that is not at 0 (the recording's clock: ../timeline/recording-clock.ts).
 * Every fault is invalid input (exit 1) naming the file and the field's JSON path.
 * Render never writes into the dir: still stretches measured for a capture.json without
 * `stills` are cached outside it (stillsCacheDir), keyed by the recording's SHA-256.
 */
import { spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { formatJsonPath, formatProblems, MAX_DURATION_MS, pointerOffScreenWarning, readCaptureLogText, type CaptureLog } from '../capture-log';
import { recordingFrameSize } from '../capture/ffmpeg-recorder';
import { detectStills, type Still } from '../media/stills';
import { errorLine, invalidInput, runtimeError } from '../errors';
import { narrationSchema } from '../narration/schema';
import { cacheDir } from '../util/cache-dir';
import { mediaRefusal, type MediaKind } from '../util/sniff-media';
import { fitDuration, fitLogToRecording, type RecordingClock } from '../timeline/recording-clock';
import { CAPTURE_JSON, EVENTS_JSONL, NARRATION_DIR, NARRATION_JSON } from '../capture-log/capture-dir-files';

/**
 * Where a path came from, for the error message: the file that names it and the field's JSON
 * path ('' for the file itself); `media`: the kind of media it must be (checked by its first
 * bytes, so a playlist or concat list never reaches ffmpeg or the browser).
 */
export type PathField = { file: string; field: string; media?: MediaKind };

const inside = (root: string, p: string): boolean => p === root || p.startsWith(root.endsWith(path.sep) ? root : root + path.sep);

const fail = (where: PathField, message: string) => invalidInput(`${where.file}${where.field ? `: ${where.field}` : ''} ${message}`);

/**
 * Resolves a path a capture dir names (`rel`, relative to `base` inside the dir) to the real
 * path of a regular file inside the dir.
 * @param root the capture dir's real path (`fs.realpathSync`)
 * @param rel the path as the capture dir's JSON gives it (unknown: checked here)
 * @param where the file and field that name it (for the error)
 * @param base the folder `rel` is relative to, relative to `root` ('' for the dir itself)
 * @returns the file's real path (symbolic links inside the dir resolved)
 * @throws ScreenplayError invalid-input (exit 1) naming `where`, when `rel` is not a string, is
 *   absolute, holds a NUL byte, leaves the dir (`..` or a symbolic link out), is a link to
 *   nothing, does not exist, or is not a regular file (a directory, a FIFO…)
 */
export const resolveInCaptureDir = (root: string, rel: unknown, where: PathField, base = ''): string => {
  if (typeof rel !== 'string' || rel === '')
    throw fail(where, `must be a path inside the capture dir, but got ${rel === '' ? 'an empty string' : (JSON.stringify(rel) ?? String(rel))}`);
  const shown = JSON.stringify(rel);
  if (rel.includes('\0')) throw fail(where, `must be a path inside the capture dir, but ${shown} holds a NUL byte`);
  if (path.isAbsolute(rel) || /^[a-zA-Z]:[\\/]/.test(rel)) throw fail(where, `must be a path relative to the capture dir, but got the absolute path ${shown}`);
  const named = path.resolve(root, base, rel);
  if (!inside(root, named)) throw fail(where, `must stay inside the capture dir, but ${shown} leaves it`);
  let link: fs.Stats;
  try {
    link = fs.lstatSync(named);
  } catch {
    throw fail(where, `must name a file in the capture dir, but ${shown} does not exist`);
  }
  let real: string;
  try {
    real = fs.realpathSync(named);
  } catch {
    throw fail(where, `must name a file in the capture dir, but ${shown} is a symbolic link to nothing`);
  }
  if (!inside(root, real))
    throw fail(
      where,
      `must stay inside the capture dir, but ${shown} is ${link.isSymbolicLink() ? 'a symbolic link' : 'under a symbolic link'} to ${real}, outside it`,
    );
  const stat = fs.statSync(real);
  if (stat.isDirectory()) throw fail(where, `must name a file, but ${shown} is a directory`);
  if (!stat.isFile()) throw fail(where, `must name a regular file, but ${shown} is not one (a FIFO, a socket or a device)`);
  const refusal = where.media && stat.size > 0 ? mediaRefusal(real, where.media) : null;
  if (refusal)
    throw fail(where, `must be a${where.media === 'image' ? 'n image' : where.media === 'audio' ? 'n audio file' : ' video'}, but ${shown} ${refusal}`);
  return real;
};

export { recordingToleranceMs } from '../timeline/recording-clock';

/**
 * The recording as ffprobe reads it: `durationMs` its own length (ms; the stream's duration,
 * else the container's less its start), `startMs` its first frame's presentation time (ms,
 * ≥ 0: the container's or stream's start_time), size in px.
 */
export type RecordingProbe = RecordingClock & { width: number; height: number };

const seconds = (v: string | undefined): number | null => {
  const n = v === undefined ? NaN : Number(v);
  return Number.isFinite(n) ? n : null;
};

/**
 * Probes the recording once with ffprobe and checks it against capture.json.
 * @param file the recording's real path; `rel` is how capture.json names it
 * @returns the recording's video stream (see RecordingProbe) and, when capture.json's
 *   durationMs differs from it by more than recordingToleranceMs but at most CLAMP_LIMIT_MS,
 *   the warning saying the render is clamped to the shorter one (recording-clock.ts)
 * @throws invalid-input (exit 1) naming `recording` when it is empty, not a video or has no
 *   duration, or starts later than a capture may last; naming `durationMs` (both numbers) when
 *   they differ by more than CLAMP_LIMIT_MS; naming `screen` (or `recordingSize`, the screen padded to even) when the sizes differ. runtime
 *   (exit 2) when ffprobe cannot be run.
 */
export const probeRecording = (
  file: string,
  rel: string,
  log: Pick<CaptureLog, 'durationMs' | 'screen' | 'fps' | 'recordingSize'>,
  captureJson: string,
): RecordingProbe & { warning: string | null } => {
  const where = { file: captureJson, field: 'recording' };
  const shown = JSON.stringify(rel);
  if (fs.statSync(file).size === 0) throw fail(where, `must be a video, but ${shown} is empty (0 bytes)`);
  const r = spawnSync(
    'ffprobe',
    [
      '-v',
      'error',
      '-show_entries',
      'format=duration,start_time:stream=codec_type,width,height,duration,start_time,r_frame_rate,avg_frame_rate',
      '-of',
      'json',
      file,
    ],
    { encoding: 'utf8', timeout: 60_000 },
  );
  if (r.error) throw runtimeError(`could not probe the recording with ffprobe: ${r.error.message}`, r.error);
  const why = (r.stderr ?? '').trim().split('\n').filter(Boolean).pop();
  if (r.status !== 0) throw fail(where, `must be a video, but ffprobe cannot read ${shown}${why ? `: ${why.replace(`${file}: `, '')}` : ''}`);
  type Stream = {
    codec_type?: string;
    width?: number;
    height?: number;
    duration?: string;
    start_time?: string;
    r_frame_rate?: string;
    avg_frame_rate?: string;
  };
  type Probe = { streams?: Stream[]; format?: { duration?: string; start_time?: string } };
  let probe: Probe;
  try {
    probe = JSON.parse(r.stdout) as Probe;
  } catch {
    throw fail(where, `must be a video, but ffprobe cannot read ${shown}`);
  }
  const video = probe.streams?.find((s) => s.codec_type === 'video');
  if (!video || !video.width || !video.height) throw fail(where, `must be a video, but ${shown} has no video stream`);
  // The first frame's time: the stream's start_time (what a decoder sees), else the container's.
  const start = Math.max(0, seconds(video.start_time) ?? seconds(probe.format?.start_time) ?? 0);
  if (start * 1000 > MAX_DURATION_MS)
    throw fail(where, `must start within ${MAX_DURATION_MS} ms (6 h), but the first frame of ${shown} is at ${Math.round(start * 1000)} ms`);
  // The stream's own length; a container's duration (Matroska has no stream duration) runs from 0, so less the start.
  const formatDuration = seconds(probe.format?.duration);
  const length = seconds(video.duration) ?? (formatDuration === null ? null : formatDuration - start);
  if (length === null || length <= 0) throw fail(where, `must be a video, but ${shown} has no duration (a still image?)`);
  const durationMs = Math.round(length * 1000);
  const fit = fitDuration(log.durationMs, durationMs, log.fps, { log: captureJson, recording: shown });
  if (!fit.ok) throw fail({ file: captureJson, field: 'durationMs' }, fit.message);
  // An odd-sized screen is recorded padded to even sides: its frames are recordingSize.
  const frame = log.recordingSize ?? log.screen;
  if (video.width !== frame.width || video.height !== frame.height) {
    // An odd screen recorded padded to even sides, with the field that says so missing.
    const padded = recordingFrameSize(log.screen.width, log.screen.height);
    if (!log.recordingSize && video.width === padded.width && video.height === padded.height) {
      throw fail(
        { file: captureJson, field: 'recordingSize' },
        `must be given when the recording is the ${log.screen.width}x${log.screen.height} screen padded to even sides (${video.width}x${video.height}), but it is missing`,
      );
    }
    const field = log.recordingSize ? 'recordingSize' : 'screen';
    throw fail({ file: captureJson, field }, `must be the recording's size (${video.width}x${video.height}), but got ${frame.width}x${frame.height}`);
  }
  checkFrameRate(video, rel, log.fps, captureJson);
  return { durationMs, startMs: Math.round(start * 1000 * 1000) / 1000, width: video.width, height: video.height, warning: fit.warning };
};

export type CheckedCaptureDir = {
  /** The capture dir's real path. */
  root: string;
  /** The recording's real path (inside root). */
  recording: string;
  log: CaptureLog;
  /** narration/narration.json's clips: `audio` as named → real path; empty without narration. */
  narrationClips: Map<string, string>;
  /** The recording's clock (recording-clock.ts): where its first frame is, how long it lasts. */
  clock: RecordingClock;
  /** Warnings to print (the render goes on): what was clamped (capture.json's durationMs against the recording), pointer positions outside the screen; one line each. */
  warnings: string[];
};

/**
 * Reads and checks a capture dir before anything renders (see the file's docstring).
 * @param dir the capture dir as given (may itself be a symbolic link)
 * @throws invalid-input (exit 1) naming the file and JSON path of the first bad field
 */
export const readCaptureDir = (dir: string): CheckedCaptureDir => {
  let root: string;
  try {
    root = fs.realpathSync(dir);
  } catch {
    throw invalidInput(`${dir}: expected a capture dir (a folder with capture.json and the recording), but it does not exist`);
  }
  if (!fs.statSync(root).isDirectory()) throw invalidInput(`${dir}: expected a capture dir (a folder with capture.json and the recording), but got a file`);
  const file = path.join(dir, CAPTURE_JSON);
  if (!fs.existsSync(file) && !isLink(file)) {
    const unfinished = fs.existsSync(path.join(dir, EVENTS_JSONL)) ? ` (the capture did not finish: recover it with \`screenplay finalise ${dir}\`)` : '';
    throw invalidInput(`${file}: expected capture.json in the capture dir, but found none${unfinished}`);
  }
  const captureJson = resolveInCaptureDir(root, CAPTURE_JSON, { file, field: '' });
  const read = readCaptureLogText(fs.readFileSync(captureJson, 'utf8'));
  // One line per problem, each naming the file and the JSON path.
  if (!read.ok) throw invalidInput(formatProblems(file, read.problems));
  const recording = resolveInCaptureDir(root, read.log.recording, { file, field: 'recording', media: 'video' });
  const probed = probeRecording(recording, read.log.recording, read.log, file);
  // The log on the recording's clock: a small mismatch clamped to the shorter one.
  const clock = { startMs: probed.startMs, durationMs: probed.durationMs };
  const log = fitLogToRecording(read.log, clock);
  if (log.avatar?.video !== undefined) resolveInCaptureDir(root, log.avatar.video, { file, field: 'avatar.video', media: 'video' });
  if (log.avatar?.image !== undefined) resolveInCaptureDir(root, log.avatar.image, { file, field: 'avatar.image', media: 'image' });
  checkStyleAvatar(root, log.style, { file, field: 'style.avatar.video', media: 'video' });
  checkStyleBackground(root, log.style, { file, field: 'style.background.src' });
  const offScreen = pointerOffScreenWarning(log, file);
  return {
    root,
    recording,
    log,
    narrationClips: readNarrationClips(root, dir),
    clock,
    warnings: [...(probed.warning ? [probed.warning] : []), ...(offScreen ? [offScreen] : [])],
  };
};

const isLink = (p: string): boolean => {
  try {
    return fs.lstatSync(p).isSymbolicLink();
  } catch {
    return false;
  }
};

/** A style's `avatar.video` (from capture.json or the props) names a clip in the capture dir. */
export const checkStyleAvatar = (root: string, style: unknown, where: PathField): void => {
  const avatar = style && typeof style === 'object' ? (style as { avatar?: unknown }).avatar : undefined;
  const video = avatar && typeof avatar === 'object' ? (avatar as { video?: unknown }).video : undefined;
  if (video !== undefined) resolveInCaptureDir(root, video, where);
};

/** A URL with a scheme (http:, file:, data:…); a Windows drive letter is not one. */
const isUrlLike = (s: string): boolean => /^[a-z][a-z0-9+.-]+:/i.test(s);

/**
 * A capture dir's `style.background.src` names a picture inside the dir (capture copies a
 * script's background in as `background/<name>`): never a URL (the browser would fetch it),
 * never a path out of the dir, and a PNG, JPEG, GIF or WebP file.
 * @returns the picture's path as named (relative to the dir), or null when the style names none
 * @throws invalid-input (exit 1) naming `where` otherwise
 */
export const checkStyleBackground = (root: string, style: unknown, where: PathField): string | null => {
  const background = style && typeof style === 'object' ? (style as { background?: unknown }).background : undefined;
  const src = background && typeof background === 'object' ? (background as { src?: unknown }).src : undefined;
  if (src === undefined) return null;
  if (typeof src === 'string' && isUrlLike(src))
    throw fail(
      where,
      `expected a file in the capture dir, but got a URL (${JSON.stringify(src.length > 60 ? `${src.slice(0, 60)}…` : src)}): put the picture in the capture dir and name it relative to the dir`,
    );
  const real = resolveInCaptureDir(root, src, where);
  if (mediaRefusal(real, 'image')) throw fail(where, `must be an image (PNG, JPEG, GIF or WebP), but ${JSON.stringify(src)} is not one`);
  return src as string;
};

/** How far capture.json's `fps` may be from the recording's frame rate: a quarter of it. */
export const FPS_TOLERANCE = 0.25;

/**
 * capture.json's `fps` agrees with the recording's frame rate (the video stream probeRecording
 * read: avg_frame_rate, else r_frame_rate) within FPS_TOLERANCE; a stream without a usable rate
 * is not judged here.
 * @throws invalid-input (exit 1) naming `fps` when they differ
 */
const checkFrameRate = (stream: { r_frame_rate?: string; avg_frame_rate?: string }, rel: string, fps: number, captureJson: string): void => {
  const rate = (s?: string) => {
    const [n, d] = (s ?? '').split('/').map(Number);
    return n && d && Number.isFinite(n / d) && n / d > 0 ? n / d : null;
  };
  const probed = rate(stream.avg_frame_rate) ?? rate(stream.r_frame_rate);
  if (probed === null) return;
  if (Math.abs(fps - probed) > FPS_TOLERANCE * probed) {
    const shown = Math.round(probed * 100) / 100;
    throw fail(
      { file: captureJson, field: 'fps' },
      `must be the frame rate of ${JSON.stringify(rel)} (${shown} fps, within ${FPS_TOLERANCE * 100}%), but got ${fps}`,
    );
  }
};

/** narration/narration.json, when there is one: valid, and each clip a file inside the dir. */
const readNarrationClips = (root: string, dir: string): Map<string, string> => {
  const clips = new Map<string, string>();
  const rel = path.join(NARRATION_DIR, NARRATION_JSON);
  const file = path.join(dir, rel);
  if (!fs.existsSync(file) && !isLink(file)) return clips;
  const real = resolveInCaptureDir(root, rel, { file, field: '' });
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(real, 'utf8'));
  } catch (err) {
    throw invalidInput(`${file}: (root) is not valid JSON: ${errorLine(err)}`);
  }
  const parsed = narrationSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw invalidInput(`${file}: ${formatJsonPath(issue?.path ?? [])} ${issue?.message ?? 'is not a narration.json'}`);
  }
  parsed.data.lines.forEach((line, i) => {
    // Times are taken on trust nowhere: a line lasts no longer than a capture may.
    if (line.durationMs > MAX_DURATION_MS)
      throw invalidInput(`${file}: lines[${i}].durationMs must be at most ${MAX_DURATION_MS} ms (6 h), but got ${line.durationMs}`);
    line.words.forEach((w, j) => {
      for (const key of ['startMs', 'endMs'] as const) {
        if (w[key] > MAX_DURATION_MS)
          throw invalidInput(`${file}: lines[${i}].words[${j}].${key} must be at most ${MAX_DURATION_MS} ms (6 h), but got ${w[key]}`);
      }
    });
    clips.set(line.audio, resolveInCaptureDir(root, line.audio, { file, field: `lines[${i}].audio`, media: 'audio' }, NARRATION_DIR));
  });
  return clips;
};

/**
 * Where render caches what it measures from a capture dir (never inside the dir itself):
 * $SCREENPLAY_CACHE_DIR, else $XDG_CACHE_HOME/screenplay, else ~/.cache/screenplay.
 */
export const stillsCacheDir = (env: NodeJS.ProcessEnv = process.env): string => cacheDir('stills', env);

/** Bumped when detectStills measures differently, so older cache entries are not used. */
const STILLS_VERSION = 1;

const sha256File = (file: string): string => {
  const hash = crypto.createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.alloc(1 << 20);
    for (let n; (n = fs.readSync(fd, buf, 0, buf.length, null)) > 0;) hash.update(buf.subarray(0, n));
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
};

const isStills = (v: unknown): v is Still[] =>
  Array.isArray(v) && v.every((s) => s && typeof s === 'object' && Number.isFinite((s as Still).fromMs) && Number.isFinite((s as Still).toMs));

/**
 * The recording's still stretches for a capture.json without `stills` (older capture dirs),
 * measured once and cached in stillsCacheDir() as `<sha256 of the recording, durationMs>.json`.
 * The cache entry is written to a new file (O_EXCL) and renamed into place; a cache that cannot
 * be written (read-only home) only costs the measurement next time.
 * @throws runtime (exit 2) when ffmpeg cannot analyse the recording
 */
export const measureStills = (recording: string, durationMs: number, cacheDir = stillsCacheDir()): Still[] => {
  const key = crypto
    .createHash('sha256')
    .update(`${sha256File(recording)}\0${durationMs}\0${STILLS_VERSION}`)
    .digest('hex');
  const file = path.join(cacheDir, `${key}.json`);
  try {
    const cached = (JSON.parse(fs.readFileSync(file, 'utf8')) as { stills?: unknown }).stills;
    if (isStills(cached)) return cached;
  } catch {
    // Not cached yet (or unreadable): measure.
  }
  let stills: Still[];
  try {
    stills = detectStills(recording, durationMs);
  } catch (err) {
    throw runtimeError(`could not measure where the recording stands still: ${errorLine(err)}`, err);
  }
  const tmp = `${file}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.mkdirSync(cacheDir, { recursive: true });
    fs.writeFileSync(tmp, `${JSON.stringify({ stills })}\n`, { flag: 'wx' });
    fs.renameSync(tmp, file);
  } catch {
    fs.rmSync(tmp, { force: true });
  }
  return stills;
};
