/**
 * runCapture: performs a compiled plan on a real desktop while ffmpeg records it, and writes
 * the capture dir (events.jsonl as it goes, capture.json and recording.mp4 at the end). A
 * failed step or Ctrl-C still stops the recorder cleanly and finalises the dir
 * ("complete": false), so nothing recorded is lost.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { CaptureLog, ScriptAvatar } from '../capture-log';
import type { Plan, PlanMark } from '../dsl';
import { invalidInput, runtimeError, ScreenplayError } from '../errors';
import { startCursorSampler } from './cursor-sampler';
import { EventLogWriter } from './event-log';
import { executeStep, type CaptureContext } from './executors';
import { finaliseCaptureDir } from './finalise-capture-dir';
import { probeDurationMs } from '../media/probe';
import { loadOpenCv } from './image-search/opencv';
import { searchImage } from './image-search/search-image';
import { writePng } from './image-search/wait-for-image';
import type { Pixels } from './image-search/find-template';
import { resolveOnScreen, type ResolveEnv } from '../targets/resolve';
import { targetFromArgs } from '../targets/from-args';
import type { SeenText, Target, TextFinder } from '../targets/types';
import type { Pos } from '../dsl/located';
import type { ObsConnection } from './obs-recorder';
import { precheckCapture } from './precheck';
import { planBoundsProblems } from '../dsl/screen-bounds';
import { prepareRecorder, type Recorder, type RecorderName } from './recorder';
import { DEFAULT_FORMATS, type OutputFormatName } from '../formats';
import { namedFormats, outputFormats, type PresetEntry } from '../output-presets';
import { narrate, sayLines, type Narration, type VoiceProvider } from '../narration';
import { createEspeakProvider } from '../narration/espeak';
import { planSecrets, registerSecret, scrub } from '../secrets';
import type { PathKind } from '../dsl/script-paths';
import { planPath } from '../util/resolve-script-path';
import { exitGuardReady } from './end-on-exit';
import { AVATAR_DIR, BACKGROUND_DIR, EVENTS_JSONL, NARRATION_DIR, RAW_RECORDING, RECORDING, TERMINAL_CAST } from '../capture-log/capture-dir-files';

/** Where a capture dir keeps its narration (narration.json and the clips). */

export type CaptureOptions = {
  plan: Plan;
  /** Plan paths are relative to this folder. */
  rootDir: string;
  outDir: string;
  display: string;
  fps?: number;
  countdownMs?: number;
  recorder?: RecorderName;
  /** Record the system pointer into the video; the compositions then draw no cursor. */
  recordPointer?: boolean;
  /** OBS's address (default: from the environment). */
  obs?: ObsConnection;
  /** The voice for `say` lines (default: the offline one): narrated (cached) into OUT/narration before recording. */
  voice?: VoiceProvider;
  onProgress?: (line: string) => void;
  /** The stage's environment for terminals, `run` steps and the browser (Stage.env); default screenplay's own. */
  env?: NodeJS.ProcessEnv;
  /** The folder terminals start in (Stage.cwd, absolute); default screenplay's working folder. */
  cwd?: string;
  /** `session` steps record again even where their session exists (--record-sessions). */
  recordSessions?: boolean;
  /**
   * A rehearsal instead of a take: no recorder, no narration (a `say` takes no time), no capture
   * dir to finalise; the first `steps` steps are performed, then the screen is saved as a PNG at
   * `screenshot` (absolute path), and, with `words`, the lines of text OCR reads are answered.
   */
  rehearse?: { steps: number; screenshot: string; words?: boolean };
};

export type CaptureResult = {
  outDir: string;
  complete: boolean;
  steps: number;
  durationMs: number;
  /** A rehearsal's text on screen (with `rehearse.words`): each line OCR read, its box in screen px. */
  words?: SeenText[];
};

const screenSize = (display: string): { width: number; height: number } => {
  const r = spawnSync('xdpyinfo', ['-display', display], { encoding: 'utf8' });
  const m = /dimensions:\s+(\d+)x(\d+)/.exec(r.stdout);
  if (!m) throw runtimeError(`could not read the size of display ${display}`);
  return { width: Number(m[1]), height: Number(m[2]) };
};

/**
 * A path from the plan (project-relative) where capture uses it: checked again with the one
 * rule (realpath inside the project), as an absolute realpath. Throws an invalid-input
 * ScreenplayError naming `what` (e.g. "avatar.image") otherwise.
 */
export const usePlanPath = (rootDir: string, value: string, kind: PathKind, what: string): string => {
  const r = planPath(rootDir, value, kind);
  if (!r.ok) throw invalidInput(`${what}: ${r.message}`);
  return r.abs;
};

/** Copies a file the script names into the capture dir (`into`/name) and returns its capture-relative path. */
const copyIn = (rootDir: string, outDir: string, value: string, into: string, what: string): string => {
  const from = usePlanPath(rootDir, value, 'file', what);
  fs.mkdirSync(path.join(outDir, into), { recursive: true });
  fs.copyFileSync(from, path.join(outDir, into, path.basename(from)));
  return `${into}/${path.basename(from)}`;
};

/**
 * The script's avatar block for the capture dir: a clip or image it names is copied in
 * (avatar/…), so the capture dir renders on its own.
 */
export const captureAvatar = (plan: Plan, rootDir: string, outDir: string): ScriptAvatar | null => {
  const block = plan.settings.avatar as ScriptAvatar | undefined;
  if (!block) return null;
  const video = block.video ? copyIn(rootDir, outDir, block.video, AVATAR_DIR, 'avatar.video') : undefined;
  const image = block.image ? copyIn(rootDir, outDir, block.image, AVATAR_DIR, 'avatar.image') : undefined;
  return { ...block, ...(video ? { video } : {}), ...(image ? { image } : {}) };
};

/** The script's style for the capture dir: a background picture it names is copied in (background/…). */
export const captureStyle = (plan: Plan, rootDir: string, outDir: string): Record<string, unknown> | undefined => {
  const style = plan.settings.style as { background?: { src?: unknown } } | undefined;
  const src = style?.background?.src;
  if (!style || typeof src !== 'string') return style;
  return { ...style, background: { ...style.background, src: copyIn(rootDir, outDir, src, BACKGROUND_DIR, 'style.background.src') } };
};

/** How long the last frame stays on screen after the last step (and the last narration line) before the recording stops. */
export /** A message that starts with its place in a script ("video.yaml:12:5: …"). */
const LOCATED = /^[^\n]+?:\d+:\d+: /;
const SETTLE_MS = 500;

const markEventFields = (m: PlanMark, region?: { x: number; y: number; width: number; height: number }) => ({
  kind: m.kind,
  ...(typeof m.args.factor === 'number' ? { factor: m.args.factor } : {}),
  ...(region ?? (m.args.region as object | undefined) ?? {}),
});

export const runCapture = async (opts: CaptureOptions): Promise<CaptureResult> => {
  const { plan, display } = opts;
  for (const secret of planSecrets(plan)) registerSecret(secret); // masked in the terminal and in messages
  const problems = precheckCapture({ plan, rootDir: opts.rootDir, display });
  if (problems.length) throw invalidInput(`capture cannot start:\n${problems.map((p) => `${p.source}: ${p.message}`).join('\n')}`);
  // Every point and region the plan gives literally must be on this screen (the pointer cannot
  // leave it): known before recording, so invalid input, each naming its step's source.
  const screen = screenSize(display);
  const offScreen = planBoundsProblems(plan, screen);
  if (offScreen.length) throw invalidInput(`capture cannot start:\n${offScreen.map((p) => `${p.source}: ${p.message}`).join('\n')}`);
  const fps = opts.fps ?? 30;
  const output = plan.settings.output as { formats?: OutputFormatName[]; presets?: PresetEntry[] } | undefined;
  // The take is placed for every layout the video is made in: the formats and the presets' layouts.
  const formats = outputFormats(output, DEFAULT_FORMATS);
  const avatar = captureAvatar(plan, opts.rootDir, opts.outDir);
  const style = captureStyle(plan, opts.rootDir, opts.outDir);
  process.env.DISPLAY = display; // libnut opens the display named here on first use
  const { createNutDriver } = await import('./desktop/nut-driver');
  const { toPixels } = await import('./image-search/nut-finder');
  const nut = await import('@nut-tree-fork/nut-js');
  const driver = await createNutDriver();
  const cv = await loadOpenCv();

  // Narration first: each `say` step then lasts exactly as long as its line is spoken.
  let narration: Narration | null = null;
  const rehearsal = opts.rehearse ?? null;
  const lines = rehearsal ? [] : sayLines(plan);
  if (lines.length > 0) {
    const r = await narrate(lines, {
      provider: opts.voice ?? createEspeakProvider(),
      outDir: path.join(opts.outDir, NARRATION_DIR),
      onProgress: opts.onProgress,
    });
    narration = r.narration;
  }
  const recorderName = opts.recorder ?? 'ffmpeg';
  await exitGuardReady(); // started now, not while the recording's first frame is timed
  const prepared = rehearsal
    ? null
    : await prepareRecorder(recorderName, {
        display,
        width: screen.width,
        height: screen.height,
        fps,
        outDir: opts.outDir,
        connection: opts.obs,
        pointer: opts.recordPointer,
      });

  // Ctrl-C / SIGTERM: stop at once (the running step is abandoned), keep what was recorded.
  let interrupted: string | null = null;
  let onInterrupt: (signal: string) => void = () => undefined;
  const interruption = new Promise<never>((_, reject) => {
    onInterrupt = (signal) => {
      if (interrupted) return;
      interrupted = signal;
      opts.onProgress?.(`${signal}: stopping the recorder and keeping what was recorded`);
      reject(runtimeError(`capture interrupted (${signal}); what was recorded is kept, marked "complete": false`));
    };
  });
  interruption.catch(() => undefined);
  const signals = ['SIGINT', 'SIGTERM'] as const;
  const handlers = signals.map((sig) => [sig, () => onInterrupt(sig)] as const);
  for (const [sig, h] of handlers) process.on(sig, h);

  try {
    for (let s = rehearsal ? 0 : Math.ceil((opts.countdownMs ?? 0) / 1000); s > 0; s--) {
      opts.onProgress?.(`recording in ${s}…`);
      await Promise.race([new Promise((r) => setTimeout(r, 1000)), interruption]);
    }
  } catch (err) {
    for (const [sig, h] of handlers) process.off(sig, h);
    await prepared?.cancel();
    throw err;
  }
  // A rehearsal has no recorder: nothing ends the take but its steps.
  let rec: Recorder | null = null;
  try {
    fs.mkdirSync(opts.outDir, { recursive: true });
    if (prepared) rec = await prepared.start();
  } catch (err) {
    for (const [sig, h] of handlers) process.off(sig, h);
    await prepared?.cancel();
    // The recorder's own reason (ffmpeg's last error line) is in the message.
    throw err instanceof ScreenplayError ? err : runtimeError(`the recorder (${recorderName}) could not start: ${(err as Error).message}`, err);
  }
  const writer = new EventLogWriter(path.join(opts.outDir, EVENTS_JSONL), {
    recording: RECORDING,
    screen,
    fps,
    ...(opts.recordPointer ? { pointer: 'recorded' as const } : {}),
    ...(plan.title ? { title: plan.title } : {}),
    ...(style ? { style } : {}),
    formats: namedFormats(output, DEFAULT_FORMATS),
    ...(output?.presets?.length ? { presets: output.presets } : {}),
    ...(avatar ? { avatar } : {}),
  });
  const now = () => performance.timeOrigin + performance.now();
  writer.setOrigin(rec?.firstFrameWallMs ?? now());
  const sampler = startCursorSampler(driver.position, (p, t) => writer.log({ type: 'cursor', tMs: t, x: p.x, y: p.y }));
  // The recorder stopping on its own ends the take: every step races against it.
  // It is the recorder's failure, not the step's: the message blames the recorder and only says
  // which step was running (wrapping it as the step's error would blame the step).
  const recorderFailure = runtimeError('');
  const recorderGone = (rec?.ended ?? new Promise<string>(() => undefined)).then((reason: string) => {
    recorderFailure.message = `the recording stopped: ${reason}`;
    return Promise.reject(recorderFailure);
  });
  recorderGone.catch(() => undefined);

  // When the last narration line ends (wall clock): the take never stops before it, however the
  // line was started (`wait: false` on the last line has nothing after it to overlap).
  let narrationEndsAt = 0;
  // Targets: templates read once per image; OCR started the first time a text target needs it.
  const templates = new Map<string, Pixels>();
  const template = async (image: string): Promise<Pixels> => {
    const known = templates.get(image);
    if (known) return known;
    // imageResource() resolves names against the resource directory: the checked realpath's own folder.
    const file = usePlanPath(opts.rootDir, image, 'file', 'image');
    nut.screen.config.resourceDirectory = path.dirname(file);
    const px = toPixels(await nut.imageResource(path.basename(file)));
    templates.set(image, px);
    return px;
  };
  let textFinder: TextFinder | null = null;
  const needsText = (t: Target): boolean => t.kind === 'text' || (t.near !== undefined && needsText(t.near));
  /** Resolves a target for the step (or blur mark) at `source`; a miss saves the screen as miss-<missName>.png in the capture dir. */
  const resolveAt = async (target: Target, what: string, source: Pos, missName: string) => {
    if (needsText(target) && !textFinder) {
      const { createTextFinder } = await import('../targets/ocr/index');
      textFinder = await createTextFinder();
    }
    const where = `${source.file}:${source.line}:${source.column}`;
    const env: ResolveEnv = {
      grab: async () => toPixels(await nut.screen.grab()),
      screen,
      findImage: async (image, pixels, o) => searchImage(cv, pixels, await template(image), image, { ...o, source: where }),
      text: textFinder,
      browser: ctx.browser,
      now,
      sleep: ctx.sleep,
      source: where,
      debugDir: opts.outDir,
      missName,
      savePng: (file, px, o) => writePng(file, px, o),
    };
    return resolveOnScreen(target, what, env);
  };
  const ctx: CaptureContext = {
    driver,
    display,
    log: (e) => {
      if (e.type === 'say') narrationEndsAt = Math.max(narrationEndsAt, e.endMs);
      writer.log(e);
    },
    now,
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    resolve: (target, what) => resolveAt(target, what, ctx.step.source, `s${ctx.step.id}`),
    browser: null,
    sayDurationMs: (id) => {
      if (rehearsal) return 0;
      const line = narration?.lines.find((l) => l.id === id);
      if (!line) throw new Error(`no narration for the line "${id}"`);
      return line.durationMs;
    },
    terminal: null,
    folder: (dir) => usePlanPath(opts.rootDir, dir, 'dir', 'cwd'),
    file: (p) => usePlanPath(opts.rootDir, p, 'file', 'url'),
    screen,
    formats,
    outputMark: 0,
    step: plan.steps[0] as CaptureContext['step'],
    ...(opts.env ? { env: opts.env } : {}),
    ...(opts.cwd ? { cwd: opts.cwd } : {}),
    notice: (line) => opts.onProgress?.(line),
    ...(opts.recordSessions ? { recordSessions: true } : {}),
  };

  const markStart = new Map<string, number>();
  const markRegions = new Map<string, { x: number; y: number; width: number; height: number }>();
  let failure: unknown = null;
  let done = 0;
  let words: SeenText[] | undefined;
  const performed = rehearsal ? plan.steps.slice(0, rehearsal.steps) : plan.steps;
  try {
    for (const [i, step] of performed.entries()) {
      ctx.step = step;
      const where = `${step.source.file}:${step.source.line}:${step.source.column}`;
      opts.onProgress?.(`step ${i + 1}/${performed.length} ${step.id} ${step.action} (${where})`);
      const t0 = now();
      try {
        for (const m of plan.marks) {
          if (m.from !== step.id) continue;
          markStart.set(m.id, t0);
          // A blur of a target (an image, text, an element): its box on screen when the wrapped
          // steps start. Not logged as a target: nothing points at it, and it may be private.
          const blurTarget = m.kind === 'blur' ? targetFromArgs(m.args) : null;
          if (blurTarget) {
            const found = await Promise.race([resolveAt(blurTarget, 'blur target', m.source, m.id), interruption, recorderGone]);
            markRegions.set(m.id, found.box);
          }
        }
        await Promise.race([executeStep(step, ctx), interruption, recorderGone]);
      } catch (err) {
        // The step the take stopped in is logged too, saying how: review names it, not the one before.
        const outcome = interrupted ? ('interrupted' as const) : ('failed' as const);
        const said = err === recorderFailure ? recorderFailure.message : ((err as Error)?.message ?? String(err));
        writer.log({
          type: 'step',
          id: step.id,
          action: step.action,
          tMs: t0,
          endMs: now(),
          source: where,
          outcome,
          error: scrub(said.replace(LOCATED, '')).slice(0, 500),
        });
        if (err === recorderFailure)
          throw runtimeError(`${recorderFailure.message} (the take stopped during step ${step.id} (${step.action}) at ${where}; the step did not fail)`, err);
        // An error that already names its place (the step's, or a blur's that wraps it) is kept as it is.
        if (err instanceof ScreenplayError)
          throw err.code === 'runtime' && !LOCATED.test(err.message) ? runtimeError(`${where}: step ${step.id} (${step.action}): ${err.message}`, err) : err;
        throw runtimeError(`${where}: step ${step.id} (${step.action}) failed: ${(err as Error).message}`, err);
      }
      writer.log({ type: 'step', id: step.id, action: step.action, tMs: t0, endMs: now(), source: where });
      for (const m of plan.marks) {
        if (m.to === step.id) writer.log({ type: 'mark', tMs: markStart.get(m.id) ?? t0, endMs: now(), ...markEventFields(m, markRegions.get(m.id)) } as never);
      }
      done++;
    }
    // Let the last narration line finish, then the last frame settle on screen, before the
    // recording stops.
    await Promise.race([ctx.sleep(Math.max(0, narrationEndsAt - now()) + SETTLE_MS), interruption, recorderGone]);
    if (rehearsal) {
      // The screen as the steps left it (before the terminal and the browser close).
      const px = toPixels(await nut.screen.grab());
      writePng(rehearsal.screenshot, px, { opaque: true });
      if (rehearsal.words) {
        const { createTextFinder } = await import('../targets/ocr/index');
        textFinder ??= await createTextFinder();
        // Every line read: a search for text no screen shows answers what was seen.
        words = (await textFinder.find(px, '\u0000\u0000')).seen;
      }
    }
  } catch (err) {
    failure = err;
  } finally {
    await sampler.stop();
    try {
      await rec?.stop();
    } catch (err) {
      failure ??= err instanceof ScreenplayError ? err : runtimeError(`the recorder (${rec?.name}) failed: ${(err as Error).message}`, err);
    }
    for (const [sig, h] of handlers) process.off(sig, h);
    const complete = !failure;
    writer.close(complete && rec ? probeDurationMs(path.join(opts.outDir, RAW_RECORDING)) : null);
    // The terminal session, replayable (asciinema, or any asciicast v2 player).
    try {
      ctx.terminal?.saveAsciicast(path.join(opts.outDir, TERMINAL_CAST));
    } catch (err) {
      opts.onProgress?.(`could not save ${TERMINAL_CAST}: ${(err as Error).message}`);
    }
    await ctx.terminal?.close();
    // The browser and OCR end with the take, like the terminal (a failure to close loses nothing recorded).
    await ctx.browser?.close().catch((err: Error) => opts.onProgress?.(`could not close the browser: ${err.message}`));
    await (textFinder as TextFinder | null)?.close().catch(() => undefined);
  }
  if (rehearsal) {
    if (failure) throw failure;
    return { outDir: opts.outDir, complete: true, steps: done, durationMs: 0, ...(words ? { words } : {}) };
  }
  let log: CaptureLog;
  try {
    log = finaliseCaptureDir(opts.outDir).log;
  } catch (err) {
    // Nothing playable was left (the recorder died at once): the first failure says why.
    if (failure) throw runtimeError(`${(failure as Error).message}\n(and the capture dir could not be finalised: ${(err as Error).message})`, failure);
    // This take's own recording and log disagree (the recorder fell behind, or stopped early):
    // a failure of this run, not of the script (exit 2).
    throw runtimeError(
      `${(err as Error).message}\nthe recording and the take's event log disagree: the recorder fell behind or stopped early (a busy machine?); record the take again`,
      err,
    );
  }
  if (failure) throw failure;
  return { outDir: opts.outDir, complete: log.complete !== false, steps: done, durationMs: log.durationMs };
};
