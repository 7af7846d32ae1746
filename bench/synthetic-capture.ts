/**
 * Synthetic capture dirs for the benchmarks: any length (10 s, 60 s, 10 min…) made from the
 * bundled sample (public/samples/ink-deploy: a 41.7 s, 1920x1080, 30 fps recording and its log).
 *
 *   recording.mp4   the sample's recording trimmed, or looped (`ffmpeg -stream_loop N -frames:v F -c copy`:
 *                   no re-encode), to the length asked; checked with ffprobe (duration, frame count)
 *   capture.json    the sample's events repeated once per loop, shifted by the recording's own length
 *   events.jsonl    (one loop: 1252 frames, 41733.3 ms); each copy's say and step ids made unique; events
 *                   that end after the recording dropped; `stills` repeated the same way. Then, in every
 *                   copy alike: the pointer sampled at 60 Hz (each gap longer than 1/60 s filled with the
 *                   held position: the picture does not change, the log is as dense as a capture that
 *                   samples the pointer continuously, ~36k samples in 10 min) and about one click a second
 *                   (a click where the pointer rests, each whole second with no real click within 700 ms:
 *                   ~600 in 10 min). durationMs is the probed length of the new recording.
 *   narration/      the sample's narration.json with each line repeated per copy (id `intro-2`…) and
 *                   its clip hard-linked (copied where linking fails).
 *
 * The dirs live in out/bench/captures/<key>/ (out/ is gitignored), `key` hashing the sample's files and
 * GENERATOR_VERSION, so they are made once and reused by later bench runs. Each is built in a temporary
 * folder beside it and renamed into place when whole.
 *
 * Run alone: `tsx bench/synthetic-capture.ts 10 60 600` prints the dirs (making the missing ones).
 */
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Bumped whenever the recipe above changes, so older dirs are not reused. */
const GENERATOR_VERSION = 1;

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SAMPLE_DIR = path.join(PROJECT_ROOT, 'public', 'samples', 'ink-deploy');
const CAPTURES_ROOT = path.join(PROJECT_ROOT, 'out', 'bench', 'captures');

/** The sample's files the dirs are made from (the key hashes each). */
const SAMPLE_FILES = ['capture.json', 'events.jsonl', 'recording.mp4', 'narration/narration.json'];

type Json = Record<string, unknown>;
type Event = Json & { tMs: number; type: string; endMs?: number; id?: string; x?: number; y?: number };

/** Frames and length (ms) of a video's first stream, read by ffprobe (frames counted by reading the packets). */
export const probeVideo = (file: string): { frames: number; durationMs: number; width: number; height: number; fps: number } => {
  const out = execFileSync(
    'ffprobe',
    [
      '-v',
      'error',
      '-select_streams',
      'v:0',
      '-count_packets',
      '-show_entries',
      'stream=nb_read_packets,duration,width,height,r_frame_rate',
      '-of',
      'json',
      file,
    ],
    { encoding: 'utf8' },
  );
  const s = (JSON.parse(out) as { streams: Array<Record<string, string | number>> }).streams[0];
  if (!s) throw new Error(`${file}: no video stream`);
  const [n, d] = String(s.r_frame_rate).split('/').map(Number);
  return {
    frames: Number(s.nb_read_packets),
    durationMs: Number(s.duration) * 1000,
    width: Number(s.width),
    height: Number(s.height),
    fps: (n ?? 0) / (d || 1),
  };
};

/** The key of the current sample and recipe: 16 hex digits. */
export const sampleKey = (): string => {
  const hash = crypto.createHash('sha256').update(`v${GENERATOR_VERSION}\0`);
  for (const f of SAMPLE_FILES)
    hash
      .update(f)
      .update('\0')
      .update(fs.readFileSync(path.join(SAMPLE_DIR, f)));
  return hash.digest('hex').slice(0, 16);
};

/** Where the capture dir of `seconds` lives (whether made yet or not). */
export const syntheticCaptureDirPath = (seconds: number): string => path.join(CAPTURES_ROOT, sampleKey(), `take-${seconds}s`);

const round1 = (v: number) => Math.round(v * 10) / 10;

/**
 * The sample's events laid out over `durationMs` (see the file's docstring), sorted by time.
 * Pure: exported for the bench's own checks.
 * @param events the sample's capture.json events; loopMs the sample recording's length (ms)
 */
export const repeatEvents = (events: readonly Event[], loopMs: number, durationMs: number): { events: Event[]; copies: number } => {
  const copies = Math.ceil(durationMs / loopMs);
  const out: Event[] = [];
  for (let k = 0; k < copies; k++) {
    const shift = k * loopMs;
    for (const e of events) {
      const tMs = round1(e.tMs + shift);
      const endMs = e.endMs === undefined ? undefined : round1(e.endMs + shift);
      if ((endMs ?? tMs) > durationMs) continue;
      const copy: Event = { ...e, tMs, ...(endMs === undefined ? {} : { endMs }) };
      if (k > 0 && (e.type === 'say' || e.type === 'step') && typeof e.id === 'string') copy.id = `${e.id}-${k + 1}`;
      out.push(copy);
    }
  }
  out.sort((a, b) => a.tMs - b.tMs);
  // The pointer at 60 Hz: each gap between positions (cursor, click) longer than a tick is filled
  // with the held position, one sample a tick.
  const tick = 1000 / 60;
  const dense: Event[] = [];
  let last: { x: number; y: number } | null = null;
  let lastMs = 0;
  const fill = (untilMs: number) => {
    if (!last) return;
    for (let t = lastMs + tick; t < untilMs - tick / 2; t += tick) dense.push({ tMs: round1(t), type: 'cursor', x: last.x, y: last.y });
  };
  for (const e of out) {
    if (e.type === 'cursor' || e.type === 'click') {
      fill(e.tMs);
      last = { x: e.x as number, y: e.y as number };
      lastMs = e.tMs;
    }
    dense.push(e);
  }
  fill(durationMs);
  dense.sort((a, b) => a.tMs - b.tMs);
  // About one click a second: where no real click is within 700 ms, a click where the pointer is.
  const realClicks = dense.filter((e) => e.type === 'click').map((e) => e.tMs);
  const withClicks: Event[] = [];
  let ci = 0;
  let pos: { x: number; y: number } | null = null;
  let nextSecond = 1000;
  for (const e of dense) {
    while (pos && nextSecond <= e.tMs && nextSecond < durationMs) {
      while (ci < realClicks.length && (realClicks[ci] as number) < nextSecond - 700) ci++;
      const near = ci < realClicks.length && Math.abs((realClicks[ci] as number) - nextSecond) <= 700;
      if (!near) withClicks.push({ tMs: nextSecond, type: 'click', x: pos.x, y: pos.y, button: 'left' });
      nextSecond += 1000;
    }
    if (e.type === 'cursor' || e.type === 'click') pos = { x: e.x as number, y: e.y as number };
    withClicks.push(e);
  }
  return { events: withClicks, copies };
};

// `-frames:v`, not `-t`: with stream copy, `-t` keeps the B-frames' packets past the cut (302 frames for 10 s).
const makeRecording = (sample: string, out: string, frames: number, loops: number): void => {
  execFileSync(
    'ffmpeg',
    [
      '-hide_banner',
      '-loglevel',
      'error',
      '-nostdin',
      '-y',
      '-stream_loop',
      String(loops - 1),
      '-i',
      sample,
      '-frames:v',
      String(frames),
      '-map',
      '0:v:0',
      '-c',
      'copy',
      '-an',
      out,
    ],
    { stdio: ['ignore', 'ignore', 'inherit'] },
  );
};

/**
 * The capture dir of `seconds` seconds (whole seconds, ≥ 1), made when missing (see the file's docstring).
 * @returns its path
 * @throws Error when ffmpeg cannot make the recording, or the result has not the frames asked
 */
export const syntheticCaptureDir = (seconds: number): string => {
  if (!Number.isInteger(seconds) || seconds < 1) throw new Error(`synthetic capture: expected whole seconds ≥ 1, but got ${seconds}`);
  const dir = syntheticCaptureDirPath(seconds);
  if (fs.existsSync(path.join(dir, 'capture.json'))) return dir;
  const tmp = `${dir}.tmp-${process.pid}`;
  fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(path.join(tmp, 'narration'), { recursive: true });
  try {
    const log = JSON.parse(fs.readFileSync(path.join(SAMPLE_DIR, 'capture.json'), 'utf8')) as Json & {
      recording: string;
      fps: number;
      events: Event[];
      stills?: Array<{ fromMs: number; toMs: number }>;
    };
    const sampleVideo = probeVideo(path.join(SAMPLE_DIR, log.recording));
    const loopMs = (sampleVideo.frames / log.fps) * 1000;
    const loops = Math.ceil((seconds * 1000) / loopMs);
    const recording = path.join(tmp, 'recording.mp4');
    const wanted = Math.round(seconds * log.fps);
    makeRecording(path.join(SAMPLE_DIR, log.recording), recording, wanted, loops);
    const video = probeVideo(recording);
    if (video.frames !== wanted) throw new Error(`synthetic capture: ${recording} has ${video.frames} frames, expected ${wanted}`);
    const durationMs = Math.round(video.durationMs);
    const { events, copies } = repeatEvents(log.events, loopMs, durationMs);
    const stills = (log.stills ?? []).flatMap((s) =>
      Array.from({ length: copies }, (_, k) => ({ fromMs: round1(s.fromMs + k * loopMs), toMs: round1(Math.min(s.toMs + k * loopMs, durationMs)) })).filter(
        (s2) => s2.fromMs < durationMs,
      ),
    );
    stills.sort((a, b) => a.fromMs - b.fromMs);
    const capture = { ...log, durationMs, events, ...(log.stills ? { stills } : {}) };
    fs.writeFileSync(path.join(tmp, 'capture.json'), JSON.stringify(capture));
    const header = log as unknown as Json & { version: number; recording: string; screen: unknown; fps: number; title?: string; formats?: string[] };
    fs.writeFileSync(
      path.join(tmp, 'events.jsonl'),
      [
        JSON.stringify({
          type: 'header',
          version: header.version,
          recording: header.recording,
          screen: header.screen,
          fps: header.fps,
          title: header.title,
          formats: header.formats,
        }),
        ...events.map((e) => JSON.stringify(e)),
        JSON.stringify({ type: 'end', durationMs }),
        '',
      ].join('\n'),
    );
    // Narration: every line once per copy, its clip linked in.
    const narration = JSON.parse(fs.readFileSync(path.join(SAMPLE_DIR, 'narration', 'narration.json'), 'utf8')) as Json & {
      lines: Array<Json & { id: string; audio: string }>;
    };
    for (const line of narration.lines) {
      try {
        fs.linkSync(path.join(SAMPLE_DIR, 'narration', line.audio), path.join(tmp, 'narration', line.audio));
      } catch {
        fs.copyFileSync(path.join(SAMPLE_DIR, 'narration', line.audio), path.join(tmp, 'narration', line.audio));
      }
    }
    const lines = Array.from({ length: copies }, (_, k) => narration.lines.map((l) => (k === 0 ? l : { ...l, id: `${l.id}-${k + 1}` }))).flat();
    fs.writeFileSync(path.join(tmp, 'narration', 'narration.json'), `${JSON.stringify({ ...narration, lines }, null, 1)}\n`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.renameSync(tmp, dir);
    return dir;
  } catch (err) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw err;
  }
};

/** What a synthetic capture holds, for the bench's table: seconds, frames, events by kind. */
export const describeCapture = (dir: string): { seconds: number; frames: number; cursor: number; clicks: number; says: number; events: number } => {
  const log = JSON.parse(fs.readFileSync(path.join(dir, 'capture.json'), 'utf8')) as { durationMs: number; fps: number; events: Event[] };
  const count = (t: string) => log.events.filter((e) => e.type === t).length;
  return {
    seconds: log.durationMs / 1000,
    frames: Math.round((log.durationMs / 1000) * log.fps),
    cursor: count('cursor'),
    clicks: count('click'),
    says: count('say'),
    events: log.events.length,
  };
};

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const arg of process.argv.slice(2).length ? process.argv.slice(2) : ['10', '60', '600']) {
    const dir = syntheticCaptureDir(Number(arg));
    console.log(`${dir}  ${JSON.stringify(describeCapture(dir))}`);
  }
}
