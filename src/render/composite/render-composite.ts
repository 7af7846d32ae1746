/**
 * Runs the fast render path: Remotion draws the static layers once (or they come from the
 * render cache), ffmpeg does every frame. Several compositions of one capture (every format a
 * script names) are composited by one ffmpeg that decodes the recording once.
 */
import type { ChromiumOptions, HeadlessBrowser } from '@remotion/renderer';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { VideoConfig } from 'remotion';
import { LAYER_SEQUENCE } from '../../compositions/shared/layers';
import type { Computed } from '../../compositions/shared/metadata';
import type { ScreenLayout } from '../../frame/layout';
import type { Style } from '../../compositions/shared/style-schema';
import { runtimeError } from '../../errors';
import { frameModel } from '../../frame/model';
import { cardLayers, type CardLayer } from '../../frame/cards';
import { compositeArgsMany, planCardOverlays, planHeldFrames, withInstanceSuffix, type CompositeArgsOptions, type CompositeInputs } from './ffmpeg-args';
import { planComposite, slicePlan, type CompositePlan } from './plan';
import { anyTerminalSprite, terminalConcatList, type PreparedTerminalSprites } from '../terminal-text/prepare';

/** The static layers' files (PNG, the composition's size), by layer. */
export type LayerFiles = Record<(typeof LAYER_SEQUENCE)[number], string>;

/** What draws the layers: Remotion's bundle in an open browser. */
export type LayerSession = {
  serveUrl: string;
  browser: HeadlessBrowser;
  browserExecutable: string | null;
  chromiumOptions: ChromiumOptions;
  /** The port of Remotion's server (loopback): the page's origin is http://localhost:port. Null: Remotion picks. */
  port: number | null;
};

/** One composition to composite: its computed props (calculateMetadata's), the recording, where and how to encode. */
export type CompositeJob = {
  composition: VideoConfig;
  recording: string;
  out: string;
  /** Inclusive frame range. */
  frameRange: [number, number];
  crf: number;
  preset: string;
  /** The output's size (output-size.ts: even sides); the frame is resized to it at the end. */
  outputSize: { width: number; height: number };
  /** Captions to burn in, as ASS text made for the composition's size. */
  subtitlesAss?: string;
};

/** The computed props a composite needs (calculateMetadata's `computed`). @throws runtime when missing */
const computedOf = (composition: VideoConfig): Computed<ScreenLayout> => {
  const computed = (composition.props as { computed?: Computed<ScreenLayout> }).computed;
  if (!computed) throw runtimeError(`${composition.id}: calculateMetadata did not compute the timeline`);
  return computed;
};

/**
 * A job's plan (composite/plan.ts) from the same frame model the compositions draw from, and the
 * props the layers are drawn with (the sprite sheets' sizes are the plan's).
 */
export const planCompositeJob = (job: Pick<CompositeJob, 'composition' | 'frameRange'>): { plan: CompositePlan; layerProps: Record<string, unknown> } => {
  const { composition } = job;
  const style = (composition.props as { style: Style }).style;
  const frameSize = { width: composition.width, height: composition.height };
  const plan = planComposite({ model: frameModel(computedOf(composition), style, frameSize), frameSize, frameRange: job.frameRange });
  return { plan, layerProps: { ...composition.props, layer: 'sequence', sprites: plan.sprites } };
};

/**
 * Renders frames 0…count-1 of `composition` with `props` in `session`'s browser, one short
 * render in one page, handing each frame's PNG to `write` (frame index, from 0).
 */
const renderLayerFrames = async (
  session: LayerSession,
  composition: VideoConfig,
  props: Record<string, unknown>,
  count: number,
  write: (buffer: Buffer, frame: number) => void,
): Promise<void> => {
  const { renderFrames } = await import('@remotion/renderer');
  await renderFrames({
    composition: { ...composition, durationInFrames: count, props },
    serveUrl: session.serveUrl,
    inputProps: {},
    outputDir: null,
    imageFormat: 'png',
    frameRange: [0, count - 1],
    concurrency: 1,
    puppeteerInstance: session.browser,
    browserExecutable: session.browserExecutable,
    chromiumOptions: session.chromiumOptions,
    port: session.port,
    logLevel: 'error',
    onStart: () => undefined,
    onFrameUpdate: () => undefined,
    onFrameBuffer: write,
  });
};

/**
 * Draws a composition's static layers (under, stage mask, cursor, ripple and avatar sheets) as
 * the frames of one short render in `session`'s browser, into `dir` as <layer>.png.
 */
export const drawLayers = async (session: LayerSession, composition: VideoConfig, layerProps: Record<string, unknown>, dir: string): Promise<LayerFiles> => {
  const files = Object.fromEntries(LAYER_SEQUENCE.map((layer) => [layer, path.join(dir, `${layer}.png`)])) as LayerFiles;
  await renderLayerFrames(session, composition, layerProps, LAYER_SEQUENCE.length, (buffer, frame) => {
    const layer = LAYER_SEQUENCE[frame];
    if (layer) fs.writeFileSync(files[layer], buffer);
  });
  return files;
};

/** The card layers of a composition (frame/cards.ts): title and end cards, chapter banners, the hook. */
export const compositionCardLayers = (composition: VideoConfig): CardLayer[] =>
  cardLayers({ cards: computedOf(composition).cards, size: { width: composition.width, height: composition.height } });

/**
 * Draws a composition's card layers (compositionCardLayers), each whole on transparency, as the
 * frames of one short render into `dir` as card<i>.png. None: no render, [].
 */
export const drawCardLayers = async (session: LayerSession, composition: VideoConfig, layerProps: Record<string, unknown>, dir: string): Promise<string[]> => {
  const count = compositionCardLayers(composition).length;
  if (count === 0) return [];
  const files = Array.from({ length: count }, (_, i) => path.join(dir, `card${i}.png`));
  await renderLayerFrames(session, composition, { ...layerProps, layer: 'cards' }, count, (buffer, frame) => {
    const f = files[frame];
    if (f) fs.writeFileSync(f, buffer);
  });
  return files;
};

/** The ffmpeg processes running now: ended with this process, however it ends. */
const running = new Set<ReturnType<typeof spawn>>();
let hooked = false;
/**
 * Ends the running ffmpegs when this process exits, and on SIGINT or SIGTERM when nothing else
 * handles the signal (make has its own handlers, which exit): a killed render must not leave an
 * ffmpeg compositing on, orphaned.
 */
const hookExit = (): void => {
  if (hooked) return;
  hooked = true;
  const killAll = () => {
    for (const p of running) p.kill('SIGKILL');
  };
  process.on('exit', killAll);
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.on(sig, () => {
      killAll();
      // Alone, this handler would keep the process alive: end it as the signal would have.
      if (process.listenerCount(sig) === 1) process.exit(128 + (sig === 'SIGINT' ? 2 : 15));
    });
  }
};

/** Runs ffmpeg; `onLine` gets each line it writes to stdout (its -progress output). Rejects naming `what` failed, with ffmpeg's last words. */
const runFfmpeg = (args: string[], what: string, onLine?: (line: string) => void): Promise<void> =>
  new Promise((resolve, reject) => {
    hookExit();
    const proc = spawn('ffmpeg', args, { stdio: ['ignore', 'pipe', 'pipe'] });
    running.add(proc);
    proc.on('close', () => running.delete(proc));
    let stderr = '';
    let buffered = '';
    proc.stdout.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) onLine?.(line);
    });
    proc.stderr.on('data', (chunk: Buffer) => {
      stderr = (stderr + chunk.toString()).slice(-4000);
    });
    proc.on('error', (err) => reject(runtimeError(`could not start ffmpeg: ${err.message}`, err)));
    proc.on('exit', (code) => {
      if (code === 0) resolve();
      else reject(runtimeError(`${what} failed (exit ${code}): ${stderr.trim()}`));
    });
  });

/** One frame of the recording as a PNG: the first frame at or after `recMs` (less a hair for rounding). */
const extractFrame = async (recording: string, recMs: number, out: string): Promise<string> => {
  const at = (Math.max(0, recMs - 2) / 1000).toFixed(4);
  await runFfmpeg(
    ['-hide_banner', '-v', 'error', '-nostdin', '-y', '-ss', at, '-i', recording, '-frames:v', '1', out],
    `ffmpeg taking the frame at ${at} s of ${recording}`,
  );
  if (!fs.existsSync(out)) throw runtimeError(`ffmpeg took no frame at ${at} s of ${recording} (the recording is shorter)`);
  return out;
};

/**
 * A job ready for ffmpeg: its plan and layer files, its card layers' files (drawCardLayers;
 * absent: none), and the sharp terminal layer's pictures (terminal-text/prepare.ts; absent: none).
 */
export type PlannedComposite = { job: CompositeJob; plan: CompositePlan; layers: LayerFiles; cards?: string[]; terminal?: PreparedTerminalSprites };

/**
 * The ffmpeg options of one planned job: its sendcmd scripts, captions and held frames written
 * into `tmp` (a folder of its own), its layers as inputs.
 */
const argsFor = async (
  { job, plan, layers, cards: cardFiles, terminal }: PlannedComposite,
  tmp: string,
  instanceSuffix: string,
  subtitlesShiftFrames = 0,
): Promise<CompositeArgsOptions> => {
  const computed = computedOf(job.composition);
  const writeTmp = (name: string, text: string) => {
    const f = path.join(tmp, name);
    fs.writeFileSync(f, name.endsWith('.cmd') ? withInstanceSuffix(text, instanceSuffix) : text);
    return f;
  };
  // Dissolves across cuts: each side's frame at the cut, taken from the recording.
  const held = planHeldFrames(computed.blends ?? [], plan.fps, job.frameRange);
  const cards = cardFiles?.length ? planCardOverlays(compositionCardLayers(job.composition), plan.fps, job.frameRange) : [];
  const scripts = {
    cards: cards.map((c, i) => writeTmp(`card${i}.cmd`, c.opacity)),
    held: held.map((h, i) => writeTmp(`held${i}.cmd`, h.opacity)),
    main: writeTmp('main.cmd', plan.main),
    cursor: writeTmp('cursor.cmd', plan.cursor),
    ripples: plan.ripples.map((text, i) => writeTmp(`ripple${i}.cmd`, text)),
    ...(plan.avatar ? { avatarEyes: writeTmp('avatar-eyes.cmd', plan.avatar.eyes), avatarMouth: writeTmp('avatar-mouth.cmd', plan.avatar.mouth) } : {}),
  };
  const heldFiles = await Promise.all(held.map((h, i) => extractFrame(job.recording, h.recMs, path.join(tmp, `held${i}.png`))));
  const inputs: CompositeInputs = {
    recording: job.recording,
    under: layers.under,
    mask: layers['stage-mask'],
    cursorSheet: layers['cursor-sheet'],
    rippleSheet: layers['ripple-sheet'],
    ...(plan.avatar ? { avatarSheet: layers['avatar-sheet'] } : {}),
    held: heldFiles,
    ...(cardFiles?.length ? { cards: cardFiles } : {}),
    // The sharp terminal layer: each frame's picture, from an ffconcat list of this job's frames.
    ...(terminal && anyTerminalSprite(terminal, job.frameRange)
      ? { terminal: writeTmp('terminal.ffconcat', terminalConcatList(terminal, job.frameRange, plan.fps)) }
      : {}),
  };
  return {
    plan,
    inputs,
    scripts,
    startSeconds: job.frameRange[0] / plan.fps,
    timeMap: computed.timeMap,
    startFrame: job.frameRange[0],
    blurs: computed.timeline.blurs ?? [],
    held,
    cards,
    // A recording padded to even sides (odd-sized screen) is cropped back to the screen first.
    ...(computed.capture.recordingSize ? { screen: computed.capture.screen } : {}),
    out: job.out,
    crf: job.crf,
    preset: job.preset,
    filterThreads: Math.max(1, Math.min(4, os.cpus().length)),
    frameSize: { width: job.composition.width, height: job.composition.height },
    ...(job.subtitlesAss ? { subtitles: writeTmp('captions.ass', job.subtitlesAss), subtitlesShiftFrames } : {}),
    outputSize: job.outputSize,
    ...(instanceSuffix ? { instanceSuffix } : {}),
  };
};

/**
 * How many sendcmd commands one ffmpeg is given at most. ffmpeg 5.1's sendcmd holds about 25 KB
 * per command it parsed (measured: 6,000 lines of 16 commands took 2.4 GB), so a long take's
 * scripts (a 10-minute take: ~70,000 commands, 2.2 GB) are cut into chunks of at most this many,
 * each composited by its own ffmpeg and joined without re-encoding.
 */
export const MAX_COMMANDS_PER_RUN = 12_000;

/** The number of sendcmd commands in a plan's scripts. */
export const planCommands = (plan: CompositePlan): number =>
  [plan.main, plan.cursor, ...plan.ripples, plan.avatar?.eyes ?? '', plan.avatar?.mouth ?? ''].reduce((n, s) => n + (s ? s.split(/, |\n/).length : 0), 0);

/**
 * The chunks (frame ranges counted from the jobs' first frame, inclusive) a run of `frames`
 * frames with `commands` sendcmd commands is cut into: one when they fit MAX_COMMANDS_PER_RUN,
 * else equal parts (at least 30 frames each).
 */
export const compositeChunks = (frames: number, commands: number, max = MAX_COMMANDS_PER_RUN): Array<[number, number]> => {
  const parts = Math.max(1, Math.min(Math.ceil(commands / max), Math.floor(frames / 30)));
  const size = Math.ceil(frames / parts);
  const out: Array<[number, number]> = [];
  for (let a = 0; a < frames; a += size) out.push([a, Math.min(frames, a + size) - 1]);
  return out;
};

/**
 * Joins H.264 chunks (same encoder settings) into `out` without re-encoding (ffmpeg's concat
 * demuxer), each placed after the one before by its exact length (`frames[i]` / `fps`): the
 * container's own duration is rounded up, which drifted the picture later chunk by chunk.
 */
const joinChunks = async (chunks: readonly string[], frames: readonly number[], fps: number, out: string, listFile: string): Promise<void> => {
  fs.writeFileSync(listFile, chunks.map((c, i) => `file '${c.replace(/'/g, "'\\''")}'\nduration ${((frames[i] ?? 0) / fps).toFixed(9)}`).join('\n'));
  await runFfmpeg(
    ['-hide_banner', '-loglevel', 'error', '-nostdin', '-y', '-f', 'concat', '-safe', '0', '-i', listFile, '-c', 'copy', '-movflags', '+faststart', out],
    `ffmpeg joining the chunks of ${out}`,
  );
};

/**
 * Composites planned jobs: jobs of the same recording that start at the same frame and are as
 * long share one ffmpeg (compositeArgsMany: the recording decoded once); any other job runs on
 * its own, in turn. A run whose scripts pass MAX_COMMANDS_PER_RUN is cut into chunks of frames
 * (slicePlan), each its own ffmpeg, joined at the end, so memory does not grow with the length.
 * `onFrames(done, total)` counts frames over all jobs.
 * @throws runtime (exit 2) with ffmpeg's last words when it fails
 */
export const runComposites = async (jobs: readonly PlannedComposite[], onFrames?: (done: number, total: number) => void): Promise<void> => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-composite-'));
  try {
    const total = jobs.reduce((n, j) => n + j.plan.frames, 0);
    const first = jobs[0];
    const shareable =
      first !== undefined &&
      jobs.length > 1 &&
      jobs.every((j) => j.job.recording === first.job.recording && j.job.frameRange[0] === first.job.frameRange[0] && j.plan.frames === first.plan.frames);
    const groups = shareable ? [jobs] : jobs.map((j) => [j]);
    let before = 0;
    let made = 0;
    for (const group of groups) {
      const frames = group[0]!.plan.frames;
      // SCREENPLAY_COMPOSITE_MAX_COMMANDS: a smaller budget (the tests cut a short video into chunks with it).
      const budget = Number(process.env.SCREENPLAY_COMPOSITE_MAX_COMMANDS) || MAX_COMMANDS_PER_RUN;
      const chunks = compositeChunks(
        frames,
        group.reduce((n, j) => n + planCommands(j.plan), 0),
        budget,
      );
      const chunkFiles: string[][] = group.map(() => []);
      for (const [a, b] of chunks) {
        const whole = chunks.length === 1;
        const options = await Promise.all(
          group.map((j, i) => {
            const dir = path.join(tmp, `job${made++}`);
            fs.mkdirSync(dir);
            const out = whole ? j.job.out : path.join(dir, 'chunk.mp4');
            chunkFiles[i]!.push(out);
            const f0 = j.job.frameRange[0];
            const part: PlannedComposite = whole ? j : { ...j, job: { ...j.job, out, frameRange: [f0 + a, f0 + b] }, plan: slicePlan(j.plan, a, b) };
            // The first composition keeps the plain filter names; the others get their own.
            return argsFor(part, dir, i === 0 ? '' : `_${i}`, a);
          }),
        );
        const args = compositeArgsMany(options);
        if (process.env.SCREENPLAY_KEEP_LAYERS) fs.writeFileSync(path.join(tmp, `ffmpeg-args-${made}.json`), JSON.stringify(args, null, 1));
        const n = b - a + 1;
        await runFfmpeg(args, 'ffmpeg compositing', (line) => {
          const m = /^frame=(\d+)/.exec(line);
          if (m) onFrames?.(before + Math.min(n, Number(m[1])) * group.length, total);
        });
        before += n * group.length;
        onFrames?.(before, total);
      }
      if (chunks.length > 1)
        await Promise.all(
          group.map((j, i) =>
            joinChunks(
              chunkFiles[i]!,
              chunks.map(([a, b]) => b - a + 1),
              j.plan.fps,
              j.job.out,
              path.join(tmp, `join${made}-${i}.txt`),
            ),
          ),
        );
    }
  } finally {
    // SCREENPLAY_KEEP_LAYERS=1 keeps the sendcmd scripts and the command line, for debugging a render.
    if (process.env.SCREENPLAY_KEEP_LAYERS) process.stderr.write(`composite files kept in ${tmp}\n`);
    else fs.rmSync(tmp, { recursive: true, force: true });
  }
};
