/**
 * npm run bench (the render part): `screenplay render` as a person runs it, against the ffmpeg job
 * that does the same work, in one run; prints the tables and writes bench/results.json.
 *
 * Captures: synthetic capture dirs of the bundled sample (bench/synthetic-capture.ts: 10 s, 60 s and
 * 10 min; made once, reused). For the 10 s and the 60 s take:
 *   - first render: `node bin/screenplay.mjs render DIR --composition TikTokSplit --out X.mp4` with
 *     SCREENPLAY_CACHE_DIR a fresh empty folder (screenplay's caches empty; Remotion's webpack cache
 *     in node_modules/.cache may still be warm: the bench cannot empty it without slowing every later
 *     run, so a first render on a fresh clone can take longer than this row);
 *   - repeat render: the same command again, same cache folder;
 *   - each stage's time and the composite's own fps, read from the file the CLI writes when
 *     SCREENPLAY_TIMINGS=FILE is set ("-" while the CLI writes none);
 *   - the reference: one ffmpeg command scaling and cropping the same recording by the same camera
 *     (sendcmd, the camera of the same timeline), padded onto a 1080x1920 background decoded once,
 *     libx264 veryfast CRF 20 (screenplay's defaults), the same filter threads; timed as a whole
 *     command. Ratio = reference seconds / screenplay seconds (1 = as fast as plain ffmpeg; higher
 *     is better); composite fps ratio = composite fps / reference fps;
 *   - peak memory: the resident memory of the command's whole process tree (node, Chromium, ffmpeg),
 *     sampled with ps every 250 ms.
 * Then the long take (issue 21, item 5): the 60 s and the 10-minute take rendered at --scale
 * BENCH_LONG_SCALE (default 0.5), each take's caches cold, seconds per minute of video and peak memory
 * side by side; a render whose process tree passes BENCH_MEMORY_LIMIT_GB (default 6) or runs past
 * BENCH_LONG_TIMEOUT_S (default 900) is killed and its row says so; and the pure steps before any pixel (bench/timeline-bench.ts:
 * buildTimeline, planComposite…) on both. The demo (`screenplay demo`, three formats) as a whole command.
 *
 * Env: BENCH_TAKES=10,60 (the takes of the first table), BENCH_LONG=0 (skip the long take),
 * BENCH_LONG_SCALE=0.5, BENCH_DEMO=0 (skip the demo), BENCH_BROWSER=1 (also the browser renderer on the
 * 10 s take and stills drawn by the browser against the composite's frames), BENCH_KEEP=1 (keep the videos
 * in out/bench/).
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readCaptureLogText } from '../src/capture-log';
import { computeMetadata } from '../src/compositions/shared/metadata';
import { tiktokSplitMetadata } from '../src/compositions/tiktok-split/calculate-metadata';
import { tiktokSplitSchema, TIKTOK_SIZE } from '../src/compositions/tiktok-split/schema';
import { narrationSchema } from '../src/narration/schema';
import { viewRect } from '../src/timeline/view';
import { describeCapture, PROJECT_ROOT, syntheticCaptureDir } from './synthetic-capture';
import { BUILD_TIMELINE_GOAL_MS, markdownTable, timelineBench, timelineTable, type TimelineBenchRow } from './timeline-bench';

const CRF = 20;
const PRESET = 'veryfast';
/** The filter threads screenplay's composite uses (composite/ffmpeg-args.ts: filterThreads ?? 2). */
const FILTER_THREADS = 2;
const OUT = path.join(PROJECT_ROOT, 'out', 'bench');
const CLI = path.join(PROJECT_ROOT, 'bin', 'screenplay.mjs');
const env = (name: string, fallback: string) => process.env[name] ?? fallback;
const TAKES = env('BENCH_TAKES', '10,60').split(',').filter(Boolean).map(Number);
const LONG = env('BENCH_LONG', '1') !== '0';
const LONG_SCALE = Number(env('BENCH_LONG_SCALE', '0.5'));
const DEMO = env('BENCH_DEMO', '1') !== '0';
const BROWSER = env('BENCH_BROWSER', '0') === '1';
/** The long take's render is stopped after this long (s). */
const LONG_TIMEOUT_S = Number(env('BENCH_LONG_TIMEOUT_S', '900'));

/** The goals of issue 21 (this machine, quiet). */
const GOALS = { repeat10: 0.75, repeat60: 0.85, first10: 0.5, compositeFps: 0.9, peakBytes: 1.5 * 2 ** 30 };

/**
 * Peak resident memory (bytes) of the process `root` and all its descendants, sampled with ps every
 * 250 ms; `onSample(total, pids)` sees each sample (the bench's guard kills a tree past its limit).
 */
const memorySampler = (root: number, onSample?: (total: number, pids: number[]) => void) => {
  let peak = 0;
  const sample = () => {
    try {
      const rows = execFileSync('ps', ['-eo', 'pid=,ppid=,rss='], { encoding: 'utf8' })
        .trim()
        .split('\n')
        .map((l) => l.trim().split(/\s+/).map(Number) as [number, number, number]);
      const children = new Map<number, number[]>();
      const rss = new Map<number, number>();
      for (const [pid, ppid, kb] of rows) {
        rss.set(pid, kb);
        children.set(ppid, [...(children.get(ppid) ?? []), pid]);
      }
      let total = 0;
      const stack = [root];
      const pids: number[] = [];
      while (stack.length) {
        const pid = stack.pop() as number;
        pids.push(pid);
        total += rss.get(pid) ?? 0;
        stack.push(...(children.get(pid) ?? []));
      }
      peak = Math.max(peak, total * 1024);
      onSample?.(total * 1024, pids);
    } catch {
      /* ps can race with exiting processes */
    }
  };
  const timer = setInterval(sample, 250);
  return {
    stop: () => {
      clearInterval(timer);
      return peak;
    },
  };
};

/** What the CLI writes to SCREENPLAY_TIMINGS (the merger's writer; read here when present). */
type Timings = {
  command: string;
  totalMs: number;
  startupMs?: number;
  renders?: Array<{ composition: string; frames?: number; stages?: Record<string, number>; compositeFps?: number }>;
};

/** `killed`: the bench stopped the command (its tree past BENCH_MEMORY_LIMIT_GB, or past `timeoutS`): seconds and peak are at that moment. */
type Run = { seconds: number; peakBytes: number; timings: Timings | null; stderrTail: string; killed?: 'memory' | 'time' };

/** Past this much resident memory (the whole tree) the bench kills a command, so that the machine is not run out of memory. */
const MEMORY_LIMIT_BYTES = Number(env('BENCH_MEMORY_LIMIT_GB', '6')) * 2 ** 30;

/**
 * Runs a command as a whole (wall time from spawn to exit) with its process tree's peak memory.
 * With `guard`, a tree past MEMORY_LIMIT_BYTES or running past `guard.timeoutS` is killed (SIGKILL,
 * each of its processes) and the run comes back marked `killed`.
 * @throws when it exits non-zero (and was not killed by the guard)
 */
const runCommand = async (
  cmd: string,
  args: string[],
  extraEnv: Record<string, string> = {},
  timingsFile?: string,
  guard?: { timeoutS: number },
): Promise<Run> => {
  if (timingsFile) fs.rmSync(timingsFile, { force: true });
  const t0 = performance.now();
  const child = spawn(cmd, args, {
    cwd: PROJECT_ROOT,
    env: { ...process.env, ...extraEnv, ...(timingsFile ? { SCREENPLAY_TIMINGS: timingsFile } : {}) },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let killed: Run['killed'];
  const killTree = (why: NonNullable<Run['killed']>, pids: number[]) => {
    if (killed) return;
    killed = why;
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        /* already gone */
      }
    }
  };
  const mem = memorySampler(child.pid as number, (total, pids) => {
    if (!guard) return;
    if (total > MEMORY_LIMIT_BYTES) killTree('memory', pids);
    else if ((performance.now() - t0) / 1000 > guard.timeoutS) killTree('time', pids);
  });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
  const seconds = (performance.now() - t0) / 1000;
  const peakBytes = mem.stop();
  if (killed) return { seconds, peakBytes, timings: null, stderrTail: stderr, killed };
  if (code !== 0) throw new Error(`${path.basename(cmd)} ${args.join(' ')} exited ${code}:\n${stderr.trim().split('\n').slice(-8).join('\n')}`);
  let timings: Timings | null = null;
  if (timingsFile && fs.existsSync(timingsFile)) {
    try {
      timings = JSON.parse(fs.readFileSync(timingsFile, 'utf8')) as Timings;
    } catch {
      timings = null;
    }
  }
  return { seconds, peakBytes, timings, stderrTail: stderr };
};

const renderArgs = (dir: string, out: string, extra: string[] = []) => [CLI, 'render', dir, '--composition', 'TikTokSplit', '--out', out, ...extra];

/** The take's TikTokSplit timeline as render computes it (computeMetadata), and the log. */
const takeMetadata = (dir: string) => {
  const read = readCaptureLogText(fs.readFileSync(path.join(dir, 'capture.json'), 'utf8'));
  if (!read.ok) throw new Error(`${dir}/capture.json invalid`);
  const narration = narrationSchema.parse(JSON.parse(fs.readFileSync(path.join(dir, 'narration', 'narration.json'), 'utf8')));
  const parsed = tiktokSplitSchema.parse({ capture: 'bench' });
  const { computed, durationInFrames } = computeMetadata(tiktokSplitMetadata, { parsed, log: read.log, recordingSrc: 'recording.mp4', narration });
  return { log: read.log, computed, frames: durationInFrames, style: parsed.style };
};

/**
 * The reference ffmpeg job for a take (see the file's docstring), timed as a whole command.
 * The sendcmd script and the background are made before the clock starts.
 */
const referenceJob = async (dir: string): Promise<Run & { frames: number; fps: number }> => {
  const { log, computed, frames, style } = takeMetadata(dir);
  const { timeline, layout } = computed;
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-bench-ref-'));
  try {
    const sw = Math.round(layout.stage.width / 2) * 2;
    const sh = Math.round(layout.stage.height / 2) * 2;
    // Per frame: scale the recording by the camera's zoom, then crop the stage out of it.
    // (ffmpeg 5.1's crop hangs when its size changes twice, so the size changes in scale.)
    const even = (v: number) => Math.max(2, Math.round(v / 2) * 2);
    const cmds: string[] = [];
    for (let f = 0; f < frames; f++) {
      const r = viewRect(
        { zoom: timeline.camera.zoom[f] as number, x: timeline.camera.x[f] as number, y: timeline.camera.y[f] as number },
        log.screen,
        layout.viewAspect,
      );
      const k = sw / r.width;
      const w = Math.max(sw, even(log.screen.width * k));
      const h = Math.max(sh, even(log.screen.height * k));
      const x = Math.min(w - sw, Math.max(0, Math.round(r.x * k)));
      const y = Math.min(h - sh, Math.max(0, Math.round(r.y * k)));
      cmds.push(`${(f / log.fps).toFixed(4)} scale@s w ${w}, scale@s h ${h}, crop@c x ${x}, crop@c y ${y};`);
    }
    fs.writeFileSync(path.join(work, 'cmds.txt'), cmds.join('\n'));
    const bg = style.background.type === 'gradient' ? style.background : { from: '#1e1b4b', to: '#0e7490' };
    const bgPng = path.join(work, 'bg.png');
    execFileSync('ffmpeg', [
      '-hide_banner',
      '-loglevel',
      'error',
      '-y',
      '-f',
      'lavfi',
      '-i',
      `gradients=s=${TIKTOK_SIZE.width}x${TIKTOK_SIZE.height}:c0=${bg.from.replace('#', '0x')}:c1=${bg.to.replace('#', '0x')}:x0=0:y0=0:x1=${TIKTOK_SIZE.width}:y1=${TIKTOK_SIZE.height}:n=2`,
      '-frames:v',
      '1',
      bgPng,
    ]);
    const filter =
      `[0:v]sendcmd=f=${path.join(work, 'cmds.txt')},scale@s=w=${log.screen.width}:h=${log.screen.height}:flags=bicubic,crop@c=w=${sw}:h=${sh}:x=0:y=0,format=yuv420p[screen];` +
      // The background is decoded once and repeated (as the composite path does), on the video's time base.
      `[1:v]format=yuv420p,loop=loop=-1:size=1:start=0,settb=1/${log.fps},setpts=N[bg];` +
      `[bg][screen]overlay=x=${Math.round(layout.stage.x)}:y=${Math.round(layout.stage.y)}:shortest=1,format=yuv420p[v]`;
    const out = path.join(OUT, `reference-${path.basename(dir)}.mp4`);
    const args = [
      '-hide_banner',
      '-loglevel',
      'error',
      '-nostdin',
      '-y',
      '-filter_complex_threads',
      String(FILTER_THREADS),
      '-i',
      path.join(dir, log.recording),
      '-framerate',
      String(log.fps),
      '-i',
      bgPng,
      '-filter_complex',
      filter,
      '-map',
      '[v]',
      '-frames:v',
      String(frames),
      '-c:v',
      'libx264',
      '-preset',
      PRESET,
      '-crf',
      String(CRF),
      '-pix_fmt',
      'yuv420p',
      out,
    ];
    const run = await runCommand('ffmpeg', args);
    return { ...run, frames, fps: frames / run.seconds };
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
};

/** Mean absolute difference (0–255, per channel) between two pictures of the same size. */
const meanAbsDiff = (a: string, b: string): number => {
  const rgb = (file: string) => execFileSync('ffmpeg', ['-v', 'error', '-i', file, '-f', 'rawvideo', '-pix_fmt', 'rgb24', '-'], { maxBuffer: 1 << 28 });
  const x = rgb(a);
  const y = rgb(b);
  let sum = 0;
  for (let i = 0; i < x.length; i++) sum += Math.abs((x[i] as number) - (y[i] as number));
  return sum / x.length;
};

const fmt = {
  s: (v: number | null | undefined) => (v === null || v === undefined ? '-' : `${v.toFixed(1)} s`),
  ms: (v: number | null | undefined) => (v === null || v === undefined ? '-' : v >= 1000 ? `${(v / 1000).toFixed(2)} s` : `${Math.round(v)} ms`),
  x: (v: number | null | undefined) => (v === null || v === undefined ? '-' : `${v.toFixed(2)}x`),
  fps: (v: number | null | undefined) => (v === null || v === undefined ? '-' : v.toFixed(1)),
  gb: (v: number | null | undefined) => (v === null || v === undefined ? '-' : `${(v / 2 ** 30).toFixed(2)} GB`),
};

type TakeResult = {
  seconds: number;
  frames: number;
  capture: ReturnType<typeof describeCapture>;
  first: Run;
  repeat: Run;
  reference: Run & { frames: number; fps: number };
};

const renderFirst = (t: TakeResult) => t.first.timings?.renders?.[0];
const renderRepeat = (t: TakeResult) => t.repeat.timings?.renders?.[0];

const main = async () => {
  fs.mkdirSync(OUT, { recursive: true });
  const cpus = os.cpus();
  process.stderr.write(
    `render bench: TikTokSplit ${TIKTOK_SIZE.width}x${TIKTOK_SIZE.height}, ${cpus.length} cores (${cpus[0]?.model ?? '?'}), load ${os.loadavg()[0]?.toFixed(2)}\n`,
  );
  const dirs = new Map<number, string>();
  for (const s of [...new Set([...TAKES, ...(LONG ? [60, 600] : [])])]) dirs.set(s, syntheticCaptureDir(s));
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-bench-'));
  const timingsFile = path.join(scratch, 'timings.json');
  const takes: TakeResult[] = [];
  try {
    // 1. First and repeat render of each take, and the reference job.
    for (const seconds of TAKES) {
      const dir = dirs.get(seconds) as string;
      const cache = fs.mkdtempSync(path.join(scratch, `cache-${seconds}s-`));
      const out = path.join(OUT, `take-${seconds}s.mp4`);
      process.stderr.write(`${seconds} s: first render…\n`);
      const first = await runCommand(process.execPath, renderArgs(dir, out), { SCREENPLAY_CACHE_DIR: cache }, timingsFile);
      process.stderr.write(`${seconds} s: repeat render…\n`);
      const repeat = await runCommand(process.execPath, renderArgs(dir, out), { SCREENPLAY_CACHE_DIR: cache }, timingsFile);
      process.stderr.write(`${seconds} s: reference ffmpeg job…\n`);
      const reference = await referenceJob(dir);
      process.stderr.write(
        `${seconds} s: first ${fmt.s(first.seconds)} (${fmt.gb(first.peakBytes)}), repeat ${fmt.s(repeat.seconds)} (${fmt.gb(repeat.peakBytes)}), reference ${fmt.s(reference.seconds)} (${fmt.fps(reference.fps)} fps)\n`,
      );
      takes.push({ seconds, frames: reference.frames, capture: describeCapture(dir), first, repeat, reference });
    }

    // 2. Optional: the browser renderer and the stills.
    let browser: { seconds: number; peakBytes: number; stills: Array<{ frame: number; meanAbsDiff: number }> } | null = null;
    const short = takes[0];
    if (BROWSER && short) {
      const dir = dirs.get(short.seconds) as string;
      process.stderr.write(`${short.seconds} s: browser renderer…\n`);
      const run = await runCommand(process.execPath, renderArgs(dir, path.join(OUT, `take-${short.seconds}s-browser.mp4`), ['--renderer', 'browser']));
      const stills: Array<{ frame: number; meanAbsDiff: number }> = [];
      for (const frame of [0, 1, 2, 3, 4].map((i) => Math.round(((i + 0.5) * short.frames) / 5))) {
        const still = path.join(OUT, `still-browser-${frame}.png`);
        await runCommand(process.execPath, [CLI, 'render', dir, '--composition', 'TikTokSplit', '--still', String(frame), '--out', still]);
        const fromVideo = path.join(OUT, `still-composite-${frame}.png`);
        execFileSync('ffmpeg', [
          '-v',
          'error',
          '-y',
          '-i',
          path.join(OUT, `take-${short.seconds}s.mp4`),
          '-vf',
          `select=eq(n\\,${frame})`,
          '-frames:v',
          '1',
          fromVideo,
        ]);
        stills.push({ frame, meanAbsDiff: meanAbsDiff(still, fromVideo) });
      }
      browser = { seconds: run.seconds, peakBytes: run.peakBytes, stills };
    }

    // 3. The long take: 60 s and 10 min at the same scale, one cache folder (each take's own caches cold, the same way).
    let long: Array<{ seconds: number; frames: number; run: Run }> | null = null;
    if (LONG) {
      long = [];
      const cache = fs.mkdtempSync(path.join(scratch, 'cache-long-'));
      for (const seconds of [60, 600]) {
        const dir = dirs.get(seconds) as string;
        const out = path.join(OUT, `take-${seconds}s-scale${LONG_SCALE}.mp4`);
        process.stderr.write(`long take: ${seconds} s at scale ${LONG_SCALE}…\n`);
        const run = await runCommand(process.execPath, renderArgs(dir, out, ['--scale', String(LONG_SCALE)]), { SCREENPLAY_CACHE_DIR: cache }, timingsFile, {
          timeoutS: LONG_TIMEOUT_S,
        });
        long.push({ seconds, frames: describeCapture(dir).frames, run });
        process.stderr.write(
          `long take: ${seconds} s at scale ${LONG_SCALE}: ${run.killed ? `killed (${run.killed}) after ` : ''}${fmt.s(run.seconds)}, peak ${fmt.gb(run.peakBytes)}\n`,
        );
      }
    }
    process.stderr.write('timeline on the long takes…\n');
    const timeline: TimelineBenchRow[] = LONG ? [timelineBench(60), timelineBench(600)] : TAKES.map((s) => timelineBench(s));

    // 4. The demo: three formats of the sample, as a whole command.
    let demo: Run | null = null;
    if (DEMO) {
      process.stderr.write('demo (three formats)…\n');
      demo = await runCommand(process.execPath, [CLI, 'demo', '--out', fs.mkdtempSync(path.join(scratch, 'demo-'))], {}, timingsFile);
    }

    // The tables.
    console.log(
      `\n## Render: TikTokSplit ${TIKTOK_SIZE.width}x${TIKTOK_SIZE.height}, whole commands (${cpus.length} cores, load ${os.loadavg()[0]?.toFixed(2)})\n`,
    );
    const ratio = (ref: number, s: number) => ref / s;
    console.log(
      markdownTable([
        ['take', 'frames', 'first render', 'repeat render', 'ffmpeg reference', 'ratio first', 'ratio repeat', 'peak memory (first / repeat)'],
        ...takes.map((t) => [
          `${t.seconds} s`,
          String(t.frames),
          fmt.s(t.first.seconds),
          fmt.s(t.repeat.seconds),
          `${fmt.s(t.reference.seconds)} (${fmt.fps(t.reference.fps)} fps)`,
          fmt.x(ratio(t.reference.seconds, t.first.seconds)),
          fmt.x(ratio(t.reference.seconds, t.repeat.seconds)),
          `${fmt.gb(t.first.peakBytes)} / ${fmt.gb(t.repeat.peakBytes)}`,
        ]),
      ]),
    );
    console.log('\nratio = ffmpeg reference seconds / screenplay seconds (1.00x: as fast as the plain ffmpeg job; higher is better).');
    // Stage times (from SCREENPLAY_TIMINGS).
    const stageNames = [...new Set(takes.flatMap((t) => [t.first, t.repeat].flatMap((r) => Object.keys(r.timings?.renders?.[0]?.stages ?? {}))))];
    console.log('\n### Stages (ms; from SCREENPLAY_TIMINGS, "-" where the CLI wrote none)\n');
    console.log(
      markdownTable([
        ['run', 'start-up', ...stageNames, 'composite fps', 'reference fps', 'composite / reference fps'],
        ...takes.flatMap((t) =>
          (['first', 'repeat'] as const).map((which) => {
            const r = t[which];
            const render = r.timings?.renders?.[0];
            return [
              `${t.seconds} s ${which}`,
              fmt.ms(r.timings?.startupMs),
              ...stageNames.map((n) => fmt.ms(render?.stages?.[n])),
              fmt.fps(render?.compositeFps),
              fmt.fps(t.reference.fps),
              render?.compositeFps ? fmt.x(render.compositeFps / t.reference.fps) : '-',
            ];
          }),
        ),
      ]),
    );
    if (browser && short) {
      console.log(
        `\nbrowser renderer, ${short.seconds} s take: ${fmt.s(browser.seconds)} (ratio ${fmt.x(short.reference.seconds / browser.seconds)}), peak ${fmt.gb(browser.peakBytes)}`,
      );
      console.log(
        `stills, browser vs composite, mean abs diff (0-255): ${browser.stills.map((s) => `frame ${s.frame}: ${s.meanAbsDiff.toFixed(2)}`).join(', ')}`,
      );
    }
    if (long) {
      console.log(`\n### Long take (--scale ${LONG_SCALE}; each take's caches cold)\n`);
      console.log(
        markdownTable([
          ['take', 'recording frames', 'whole command', 's per minute of video', 'composite fps', 'peak memory'],
          ...long.map((l) => [
            `${l.seconds} s`,
            String(l.frames),
            l.run.killed
              ? `killed (${l.run.killed === 'memory' ? `past ${fmt.gb(MEMORY_LIMIT_BYTES)}` : `past ${LONG_TIMEOUT_S} s`}) at ${fmt.s(l.run.seconds)}`
              : fmt.s(l.run.seconds),
            l.run.killed ? '-' : (l.run.seconds / (l.seconds / 60)).toFixed(1),
            fmt.fps(l.run.timings?.renders?.[0]?.compositeFps),
            fmt.gb(l.run.peakBytes),
          ]),
        ]),
      );
    }
    console.log('\n### Before any pixel: the pure steps (this process, best of 3)\n');
    console.log(timelineTable(timeline));
    if (demo) console.log(`\ndemo, three formats of the sample (whole command): ${fmt.s(demo.seconds)}, peak ${fmt.gb(demo.peakBytes)}`);

    // Goals.
    const take = (s: number) => takes.find((t) => t.seconds === s);
    const t10 = take(10);
    const t60 = take(60);
    const goal = (name: string, value: number | null | undefined, target: number, show: (v: number) => string, atMost = false) => ({
      name,
      value: value ?? null,
      target,
      met: value === null || value === undefined ? null : atMost ? value <= target : value >= target,
      shown: value === null || value === undefined ? '-' : show(value),
    });
    const peaks = [...takes.flatMap((t) => [t.first.peakBytes, t.repeat.peakBytes]), ...(long ?? []).map((l) => l.run.peakBytes)];
    const compositeRatios = takes.flatMap((t) => [renderFirst(t), renderRepeat(t)].flatMap((r) => (r?.compositeFps ? [r.compositeFps / t.reference.fps] : [])));
    const longTimeline = timeline.find((r) => r.seconds === 600);
    const goals = [
      goal('repeat render ≥ 0.75x the reference, 10 s', t10 && ratio(t10.reference.seconds, t10.repeat.seconds), GOALS.repeat10, fmt.x),
      goal('repeat render ≥ 0.85x the reference, 60 s', t60 && ratio(t60.reference.seconds, t60.repeat.seconds), GOALS.repeat60, fmt.x),
      goal('first render ≥ 0.5x the reference, 10 s', t10 && ratio(t10.reference.seconds, t10.first.seconds), GOALS.first10, fmt.x),
      goal('composite alone ≥ 0.9x the reference fps (worst run)', compositeRatios.length ? Math.min(...compositeRatios) : null, GOALS.compositeFps, fmt.x),
      goal('peak memory ≤ 1.5 GB (worst run)', peaks.length ? Math.max(...peaks) : null, GOALS.peakBytes, fmt.gb, true),
      goal(`buildTimeline on the 10-minute take ≤ ${BUILD_TIMELINE_GOAL_MS} ms`, longTimeline?.buildTimelineMs, BUILD_TIMELINE_GOAL_MS, fmt.ms, true),
    ];
    console.log('\n### Goals (issue 21)\n');
    console.log(
      markdownTable([['goal', 'measured', 'met'], ...goals.map((g) => [g.name, g.shown, g.met === null ? '- (not measured)' : g.met ? 'met' : 'MISSED'])]),
    );

    const result = {
      date: new Date().toISOString(),
      machine: { cpus: cpus.length, model: cpus[0]?.model, memGB: Math.round(os.totalmem() / 2 ** 30), loadavg1: os.loadavg()[0] },
      composition: 'TikTokSplit',
      size: TIKTOK_SIZE,
      codec: { codec: 'h264', crf: CRF, preset: PRESET, filterThreads: FILTER_THREADS },
      note: 'Whole-command wall times (node bin/screenplay.mjs render …). first: SCREENPLAY_CACHE_DIR empty (Remotion webpack cache may be warm); repeat: same command again. ratio = reference seconds / screenplay seconds.',
      takes: takes.map((t) => ({
        seconds: t.seconds,
        frames: t.frames,
        capture: t.capture,
        first: { seconds: t.first.seconds, peakBytes: t.first.peakBytes, timings: t.first.timings },
        repeat: { seconds: t.repeat.seconds, peakBytes: t.repeat.peakBytes, timings: t.repeat.timings },
        reference: { seconds: t.reference.seconds, fps: t.reference.fps, peakBytes: t.reference.peakBytes },
        ratioFirst: ratio(t.reference.seconds, t.first.seconds),
        ratioRepeat: ratio(t.reference.seconds, t.repeat.seconds),
      })),
      browser,
      long: long && {
        scale: LONG_SCALE,
        runs: long.map((l) => ({
          seconds: l.seconds,
          frames: l.frames,
          wallSeconds: l.run.seconds,
          secondsPerMinute: l.run.seconds / (l.seconds / 60),
          peakBytes: l.run.peakBytes,
          timings: l.run.timings,
        })),
      },
      timeline,
      demo: demo && { seconds: demo.seconds, peakBytes: demo.peakBytes, timings: demo.timings },
      goals: goals.map(({ shown: _shown, ...g }) => g),
    };
    fs.writeFileSync(path.join(PROJECT_ROOT, 'bench', 'results.json'), `${JSON.stringify(result, null, 2)}\n`);
    console.log('\nwrote bench/results.json');
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
    if (process.env.BENCH_KEEP !== '1')
      for (const f of fs.readdirSync(OUT)) if (f.endsWith('.mp4') || f.endsWith('.png')) fs.rmSync(path.join(OUT, f), { force: true });
  }
};

main().catch((err) => {
  console.error(`render bench: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(2);
});
