/**
 * `screenplay make`: script → narration → capture → a video per format → review, in one call.
 * Each stage re-uses what is still valid (keys.ts): an unchanged script keeps its capture dir
 * (its narration makes no TTS call either: the clips are cached by what changes their sound),
 * a style change re-renders without capturing, an unchanged capture keeps its videos.
 *
 * The out folder:
 *   OUT/capture/               the capture dir (recording, capture.json, events, narration)
 *   OUT/capture.failed/        the last failed take, kept for its miss pictures and partial log
 *   OUT/<format>.mp4           one video per format the script names (output.formats), with
 *                              its captions OUT/<format>.srt and .vtt
 *   OUT/<preset file>          one file per platform preset (output.presets: tiktok.mp4,
 *                              github.gif…, docs/presets.md), made from its layout's render
 *                              (OUT/<format>.mp4, or OUT/.presets/<format>.mp4 when only presets
 *                              need that layout), with its captions beside it
 *   OUT/<format>.review.json   what review found in it; OUT/<format>.contact-sheet.png
 *   OUT/review.json            every report together
 *   OUT/make.json              the keys the next make compares against
 * A failed stage keeps what earlier stages made: a failed take leaves OUT/capture (the last good
 * one) as it was, a failed render leaves the capture and the videos before it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Plan } from '../dsl';
import { invalidInput, runtimeError, ScreenplayError } from '../errors';
import { narrate, sayLines, type VoiceProvider } from '../narration';
import { readCaptureLogText } from '../capture-log';
import type { ObsConnection } from '../capture/obs-recorder';
import type { RecorderName } from '../capture/recorder';
import { describeProblems, renderMany, type RenderProgress } from '../render/render';
import { styleSchema } from '../compositions/shared/style-schema';
import { DEFAULT_FORMATS, FORMAT_COMPOSITION, type OutputFormatName } from '../formats';
import { namedFormats, resolvePresets, type OutputPreset, type PresetEntry, type PresetName } from '../output-presets';
import { layoutRenders, presetLine, presetWorkFiles, writePreset, type WrittenPreset } from '../render/preset-output';
import crypto from 'node:crypto';
import { captureOnStage } from '../stage/capture-on-stage';
import type { StageChoice } from '../stage/types';
import { writeReview, writeReviewSummary, type WrittenReview } from '../review';
import { captureKey, pictureKey, renderKey } from './keys';
import { checkMusicFile, type Music } from '../render/narration-audio';
import { restyleCapture } from './restyle';
import { shown } from '../util/shown-path';
import { packageVersion } from '../util/package-version';
import {
  CAPTURE_JSON,
  EVENTS_JSONL,
  MAKE_CAPTURE_DIR,
  MAKE_FAILED_CAPTURE_DIR,
  MAKE_MANIFEST,
  MAKE_NEXT_CAPTURE_DIR,
  NARRATION_CACHE_DIR,
  NARRATION_DIR,
  RECORDING,
  formatFileName,
  partialFormatFileName,
} from '../capture-log/capture-dir-files';

export type MakeStage = 'narrate' | 'capture' | 'render' | 'review';

/** One progress report: the stage, a line saying what is happening, and counts where there are some. */
export type MakeProgress = {
  stage: MakeStage;
  /** The stage's own line ("step 3/12 4 click (video.yaml:14:5)", "landscape", "line 2/5 intro: cached"). */
  line: string;
  /** Steps done of all (capture), frames rendered of all and the render's frames per second. */
  steps?: { done: number; total: number };
  frames?: { done: number; total: number; fps: number };
  /** A warning to show on a line of its own. */
  warning?: boolean;
};

export type MakeOptions = {
  plan: Plan;
  /** The script's project folder (plan paths are relative to it). */
  rootDir: string;
  outDir: string;
  /** Where the take is performed (default: a fresh virtual stage). */
  stage?: StageChoice;
  /** Capture again even when the script and capture dir are unchanged. */
  recapture?: boolean;
  /** Render again even when a video's inputs are unchanged. */
  rerender?: boolean;
  voice: VoiceProvider;
  recorder?: RecorderName;
  obs?: ObsConnection;
  fps?: number;
  recordPointer?: boolean;
  countdownMs?: number;
  renderer?: 'composite' | 'browser';
  /** Output scale of every render (0.25: a quarter of each side), for quick drafts. */
  scale?: number;
  /** Review every video (default true): OUT/<format>.review.json and contact sheet, OUT/review.json. */
  review?: boolean;
  /**
   * The music bed as the command line gives it (--music FILE, absolute; --music-volume): what it
   * gives wins over the script's output.music (its file relative to rootDir), the rest is the
   * script's.
   */
  music?: Partial<Music>;
  onProgress?: (p: MakeProgress) => void;
};

export type MadeVideo = { format: OutputFormatName; file: string; reused: boolean; review: WrittenReview | null };
/** A preset's file: re-used (written null) or written now (its size, length and what was done to fit). */
export type MadePreset = { preset: PresetName; file: string; reused: boolean; written: WrittenPreset | null };

export type MakeResult = {
  outDir: string;
  capture: { dir: string; reused: boolean; durationMs: number; restyled: boolean };
  narration: { synthesized: number; cached: number };
  videos: MadeVideo[];
  /** One file per platform preset (output.presets), in the script's order. */
  presets: MadePreset[];
  /** OUT/review.json, or null when no review ran. */
  review: string | null;
};

/**
 * OUT/make.json: what the last successful stages were made from (`pictures`: each video's
 * render key less its music, so a music change mixes the sound again and keeps the picture;
 * `presets`: each preset file's key, its layout's render and the preset with its overrides).
 */
type Manifest = {
  version: 1;
  captureKey?: string;
  renders?: Partial<Record<OutputFormatName, string>>;
  pictures?: Partial<Record<OutputFormatName, string>>;
  presets?: Partial<Record<PresetName, string>>;
};

/**
 * The music bed a make mixes in: the script's output.music (its file made absolute against
 * `rootDir`) with what `flag` (the command line's) gives in its place; undefined when neither
 * names a file.
 */
export const makeMusic = (plan: Plan, rootDir: string, flag?: Partial<Music>): Music | undefined => {
  const m = (plan.settings.output as { music?: Music } | undefined)?.music;
  const merged = { ...(m ? { ...m, file: path.resolve(rootDir, m.file) } : {}), ...flag };
  return merged.file ? (merged as Music) : undefined;
};

/** A preset's file is still good when its layout's render and the preset (with its overrides) are the same. */
const presetKey = (renderKey: string, preset: OutputPreset): string => crypto.createHash('sha256').update(JSON.stringify({ renderKey, preset })).digest('hex');

const MANIFEST = MAKE_MANIFEST;

const readManifest = (outDir: string): Manifest => {
  try {
    const m = JSON.parse(fs.readFileSync(path.join(outDir, MANIFEST), 'utf8')) as Manifest;
    return m && m.version === 1 ? m : { version: 1 };
  } catch {
    return { version: 1 };
  }
};

const writeManifest = (outDir: string, m: Manifest) => fs.writeFileSync(path.join(outDir, MANIFEST), `${JSON.stringify(m, null, 2)}\n`);

/** The capture dir's log when it is there, readable and complete; else null. */
const completeCapture = (dir: string): { durationMs: number } | null => {
  try {
    const read = readCaptureLogText(fs.readFileSync(path.join(dir, CAPTURE_JSON), 'utf8'));
    if (!read.ok || read.log.complete === false || !fs.existsSync(path.join(dir, RECORDING))) return null;
    return { durationMs: read.log.durationMs };
  } catch {
    return null;
  }
};

/**
 * Makes every video `opts.plan` names into `opts.outDir` (layout above).
 * @throws ScreenplayError invalid-input (exit 1) for a script or flag fault found before the
 *   take; runtime (exit 2) for a failed take, render or review — what earlier stages made is kept
 */
export const make = async (opts: MakeOptions): Promise<MakeResult> => {
  const { plan, outDir } = opts;
  const report = (p: MakeProgress) => opts.onProgress?.(p);
  if (fs.existsSync(outDir) && !fs.statSync(outDir).isDirectory()) throw invalidInput(`--out: expected a folder for the videos, but ${outDir} is a file`);
  try {
    fs.mkdirSync(outDir, { recursive: true });
    fs.accessSync(outDir, fs.constants.W_OK);
  } catch (err) {
    throw invalidInput(
      `--out: expected a folder screenplay can write, but ${outDir} cannot be made or written (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
    );
  }
  const release = lockOut(outDir);
  try {
    return await makeLocked(opts, report);
  } finally {
    release();
  }
};

const LOCK = '.make.lock';

/**
 * Writes one preset's file (writePreset) with make's Ctrl-C handling, as in the render step: on
 * SIGINT/SIGTERM the half-made file's hidden work files and make's lock go, the preset's file made
 * before stays, "make: interrupted (SIG) while encoding the NAME preset; …" is printed, and the
 * process exits 2 (as the render step does).
 * @throws what writePreset throws, when no signal came
 */
export const encodePresetInterruptibly = async (preset: OutputPreset, input: string, outDir: string): Promise<WrittenPreset> => {
  const onSignal = (sig: string) => {
    dropPresetWork(outDir, preset);
    fs.rmSync(path.join(outDir, LOCK), { force: true });
    process.stderr.write(
      `\nmake: interrupted (${sig}) while encoding the ${preset.name} preset; the capture, the videos and the presets made before are kept in ${outDir}\n`,
    );
    process.exit(2);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await writePreset({ preset, input, outDir });
  } catch (err) {
    // ffmpeg got the same Ctrl-C and failed first: let the handler (queued behind this) say it and
    // exit. A signal that came while a blocking ffmpeg ran (spawnSync) may not reach the handler:
    // ffmpeg's own "interrupted" then stands for it.
    await new Promise((r) => setImmediate(r));
    const m = err instanceof Error ? /: interrupted \(ffmpeg ended by (SIG[A-Z]+|a signal)\)$/.exec(err.message) : null;
    if (m) onSignal(m[1]!);
    throw err;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
};

/** Removes a preset's hidden work files (presetWorkFiles: the fitted copy, encodeContainer's .tmp files); its finished file stays. */
const dropPresetWork = (outDir: string, preset: OutputPreset): void => {
  const [fitted, tmpPrefix] = presetWorkFiles(outDir, preset);
  fs.rmSync(fitted, { force: true });
  const dir = path.dirname(tmpPrefix);
  const prefix = path.basename(tmpPrefix);
  let names: string[] = [];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return;
  }
  for (const f of names) if (f.startsWith(prefix) && /\.tmp(\.palette\.png)?$/.test(f)) fs.rmSync(path.join(dir, f), { force: true });
};

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * One make at a time into a folder (two would share capture.next and ruin both takes): takes
 * OUT/.make.lock (this process's pid), or throws naming the pid that holds it. A lock left by a
 * process that is gone is taken over. Returns the release.
 */
const lockOut = (outDir: string): (() => void) => {
  const file = path.join(outDir, LOCK);
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(file, `${process.pid}\n`, { flag: 'wx' });
      return () => fs.rmSync(file, { force: true });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(fs.readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw runtimeError(`another make (pid ${pid}) is writing into ${outDir}; wait for it to finish, or stop it, then make again`);
      }
      fs.rmSync(file, { force: true }); // stale: its make is gone
    }
  }
  throw runtimeError(`could not take ${file}`);
};

const makeLocked = async (opts: MakeOptions, report: (p: MakeProgress) => void): Promise<MakeResult> => {
  const { plan, outDir } = opts;
  const manifest = readManifest(outDir);
  const capDir = path.join(outDir, MAKE_CAPTURE_DIR);
  const key = captureKey(plan, opts.rootDir);
  const output = plan.settings.output as { formats?: OutputFormatName[]; presets?: PresetEntry[] } | undefined;
  const formats = namedFormats(output, DEFAULT_FORMATS);
  const presets = resolvePresets(output?.presets);
  // Every layout to render: the named formats (OUT/<format>.mp4), then the presets' (OUT/.presets/<format>.mp4), each once.
  const layouts = layoutRenders(formats, presets, outDir);
  // A music file that holds no sound fails now, not after the take.
  const music = makeMusic(plan, opts.rootDir, opts.music);
  if (music) checkMusicFile(music.file, opts.music?.file ? '--music' : 'output.music.file');
  // A style the compositions refuse (style.captions.preset: karoke) fails now, not after the take.
  const scriptStyle = plan.settings.style as Record<string, unknown> | undefined;
  if (scriptStyle !== undefined) {
    const parsed = styleSchema.safeParse(scriptStyle);
    if (!parsed.success) throw invalidInput(describeProblems(parsed.error.issues, scriptStyle, plan.entry, ['style']).join('\n'));
  }

  // 1-2. Narration and the take, unless the capture dir still matches the script.
  const kept = !opts.recapture && manifest.captureKey === key ? completeCapture(capDir) : null;
  let capture: MakeResult['capture'];
  let narrated = { synthesized: 0, cached: 0 };
  if (kept) {
    const restyled = restyleCapture(capDir, plan, opts.rootDir);
    report({
      stage: 'capture',
      line: `re-used ${shown(capDir)} (the script's steps are unchanged${restyled ? '; its new style, avatar or title applied' : ''}; --recapture to record again)`,
    });
    capture = { dir: capDir, reused: true, durationMs: kept.durationMs, restyled };
  } else {
    // A fresh take goes to capture.next and replaces capture/ only when it succeeds; it starts
    // with the narration cache of the one before, so unchanged lines cost no TTS call.
    const next = path.join(outDir, MAKE_NEXT_CAPTURE_DIR);
    fs.rmSync(next, { recursive: true, force: true });
    const cache = path.join(capDir, NARRATION_DIR, NARRATION_CACHE_DIR);
    if (fs.existsSync(cache)) fs.cpSync(cache, path.join(next, NARRATION_DIR, NARRATION_CACHE_DIR), { recursive: true });
    fs.mkdirSync(next, { recursive: true });
    /** Clips made for this take stay cached (in capture/) when it goes no further: they may have cost a TTS call. */
    const keepCache = () => {
      const made = path.join(next, NARRATION_DIR, NARRATION_CACHE_DIR);
      if (fs.existsSync(made)) fs.cpSync(made, path.join(capDir, NARRATION_DIR, NARRATION_CACHE_DIR), { recursive: true, force: false });
    };
    const lines = sayLines(plan);
    if (lines.length) {
      try {
        const r = await narrate(lines, {
          provider: opts.voice,
          outDir: path.join(next, NARRATION_DIR),
          onProgress: (line) => report({ stage: 'narrate', line }),
        });
        narrated = { synthesized: r.synthesized, cached: r.cached };
        for (const w of r.warnings) report({ stage: 'narrate', line: w, warning: true });
      } catch (err) {
        keepCache(); // the lines before the one that failed
        fs.rmSync(next, { recursive: true, force: true });
        throw err;
      }
    }
    let durationMs: number;
    try {
      const r = await captureOnStage({
        plan,
        choice: opts.stage ?? { kind: 'virtual' },
        rootDir: opts.rootDir,
        outDir: next,
        recorder: opts.recorder,
        ...(opts.obs ? { obs: opts.obs } : {}),
        fps: opts.fps,
        recordPointer: opts.recordPointer,
        voice: opts.voice,
        countdownMs: opts.countdownMs ?? 0,
        onProgress: (line) => {
          const m = /^step (\d+)\/(\d+)/.exec(line);
          // A warning, or the notice that no virtual stage exists here, stays on screen.
          const lasting = /(^|: )warning: |no virtual desktop/.test(line);
          report({ stage: 'capture', line, ...(m ? { steps: { done: Number(m[1]) - 1, total: Number(m[2]) } } : {}), ...(lasting ? { warning: true } : {}) });
        },
      });
      durationMs = r.durationMs;
    } catch (err) {
      const failed = path.join(outDir, MAKE_FAILED_CAPTURE_DIR);
      const keptNote = fs.existsSync(path.join(capDir, CAPTURE_JSON)) ? `; ${shown(capDir)} still holds the last good take` : '';
      // Nothing recorded (the stage's setup failed, or it was interrupted first): no take to keep,
      // but the narration just made stays cached for the next make.
      if (!fs.existsSync(path.join(next, EVENTS_JSONL))) {
        keepCache();
        fs.rmSync(next, { recursive: true, force: true });
        const message = `${(err as Error).message}\n(nothing was recorded${keptNote})`;
        throw err instanceof ScreenplayError ? new ScreenplayError(err.code, message, { cause: err }) : runtimeError(message, err);
      }
      keepCache();
      fs.rmSync(failed, { recursive: true, force: true });
      fs.renameSync(next, failed);
      const rel = shown(failed);
      // Review the failed take: the failing step is a finding, and its contact sheet shows how far it got.
      let reviewed = '';
      if (opts.review !== false && fs.existsSync(path.join(failed, CAPTURE_JSON))) {
        try {
          const w = await writeReview({ captureDir: failed, video: null, format: layouts[0]?.format ?? DEFAULT_FORMATS[0]! });
          reviewed = `; its review: ${shown(w.json)}${w.sheet ? `, ${shown(w.sheet)}` : ''}`;
        } catch {
          // the take's own error says what went wrong
        }
      }
      const message = `${(err as Error).message}\n(the failed take is kept in ${rel}${keptNote}${reviewed})`;
      throw err instanceof ScreenplayError ? new ScreenplayError(err.code, message, { cause: err }) : runtimeError(message, err);
    }
    fs.rmSync(capDir, { recursive: true, force: true });
    fs.renameSync(next, capDir);
    fs.rmSync(path.join(outDir, MAKE_FAILED_CAPTURE_DIR), { recursive: true, force: true });
    manifest.captureKey = key;
    manifest.renders = {};
    manifest.pictures = {};
    writeManifest(outDir, manifest);
    capture = { dir: capDir, reused: false, durationMs, restyled: false };
  }

  // 3. A video per format, unless its inputs are unchanged.
  const renderer = opts.renderer ?? 'composite';
  const videos: MadeVideo[] = [];
  const toRender: Array<{ format: OutputFormatName; file: string; rk: string; pk: string; partial: string; picture?: string }> = [];
  for (const { format, file } of layouts) {
    const what = { format, renderer, version: packageVersion(), scale: opts.scale ?? 1 };
    const rk = renderKey(capDir, { ...what, music: music ?? null });
    const pk = pictureKey(capDir, what);
    const made = !opts.rerender && fs.existsSync(file);
    if (made && manifest.renders?.[format] === rk) {
      report({ stage: 'render', line: `${format}: re-used ${shown(file)} (its capture and style are unchanged)` });
      videos.push({ format, file, reused: true, review: null });
      continue;
    }
    // Only the music changed: the picture is kept, the sound mixed again.
    const picture = made && manifest.pictures?.[format] === pk ? file : undefined;
    if (picture) report({ stage: 'render', line: `${format}: only the music changed; the picture of ${shown(file)} is kept, its sound mixed again` });
    toRender.push({ format, file, rk, pk, partial: path.join(path.dirname(file), partialFormatFileName(format)), ...(picture ? { picture } : {}) });
  }
  if (toRender.length) {
    // Every format still to make, in one render: one browser, one ffmpeg decoding the recording once.
    const dropPartials = () => {
      for (const { format, partial } of toRender)
        for (const ext of ['mp4', 'srt', 'vtt', 'chapters.txt', 'chapters.vtt'])
          fs.rmSync(path.join(path.dirname(partial), partialFormatFileName(format, ext)), { force: true });
    };
    const names = toRender.map((r) => r.format).join(', ');
    // Ctrl-C (or an MCP cancel) while rendering: the half-made videos go; the capture and the
    // videos made before stay. The render has no way to stop cleanly, so the process ends here.
    const onSignal = (sig: NodeJS.Signals) => {
      dropPartials();
      fs.rmSync(path.join(outDir, LOCK), { force: true });
      process.stderr.write(`\nmake: interrupted (${sig}) while rendering ${names}; the capture and the videos made before are kept in ${outDir}\n`);
      process.exit(2);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const onRender = (p: RenderProgress) =>
      report({
        stage: 'render',
        line: p.warning ? p.stage : names,
        ...(p.warning ? { warning: true } : {}),
        ...(p.stage === 'rendering' ? { frames: { done: p.renderedFrames, total: p.totalFrames, fps: p.fps } } : {}),
      });
    try {
      await renderMany({
        jobs: toRender.map((r) => ({ composition: FORMAT_COMPOSITION[r.format], out: r.partial, ...(r.picture ? { picture: r.picture } : {}) })),
        captureDir: capDir,
        renderer,
        ...(music ? { music } : {}),
        ...(opts.scale ? { scale: opts.scale } : {}),
        onProgress: onRender,
      });
    } catch (err) {
      dropPartials(); // the videos made before, if any, stay as they were
      throw err;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    }
    for (const { format, file, rk, pk, partial } of toRender) {
      fs.renameSync(partial, file);
      // Its captions (render writes them beside the video, named after it).
      for (const ext of ['srt', 'vtt', 'chapters.txt', 'chapters.vtt']) {
        const side = path.join(path.dirname(partial), partialFormatFileName(format, ext));
        if (fs.existsSync(side)) fs.renameSync(side, path.join(path.dirname(file), formatFileName(format, ext)));
        else fs.rmSync(path.join(path.dirname(file), formatFileName(format, ext)), { force: true });
      }
      manifest.renders = { ...manifest.renders, [format]: rk };
      manifest.pictures = { ...manifest.pictures, [format]: pk };
      writeManifest(outDir, manifest);
    }
    // In the layouts' order.
    for (const { format, file } of toRender) videos.push({ format, file, reused: false, review: null });
    const order = layouts.map((l) => l.format);
    videos.sort((x, y) => order.indexOf(x.format) - order.indexOf(y.format));
  }

  // 3b. A file per platform preset, from its layout's render (one render per layout, however many
  // presets share it): fitted to the preset's limits and encoded into its container.
  const made: MadePreset[] = [];
  for (const preset of presets) {
    const input = layouts.find((l) => l.format === preset.format)!.file;
    const key = presetKey(manifest.renders?.[preset.format] ?? '', preset);
    const file = path.join(outDir, preset.file);
    if (!opts.rerender && manifest.presets?.[preset.name] === key && fs.existsSync(file)) {
      report({ stage: 'render', line: `${preset.name}: re-used ${shown(file)} (its render and preset are unchanged)` });
      made.push({ preset: preset.name, file, reused: true, written: null });
      continue;
    }
    report({ stage: 'render', line: `${preset.name}: ${preset.container} from the ${preset.format} render` });
    const written = await encodePresetInterruptibly(preset, input, outDir);
    report({ stage: 'render', line: presetLine(written, shown), ...(written.notes.length ? { warning: true } : {}) });
    manifest.presets = { ...manifest.presets, [preset.name]: key };
    writeManifest(outDir, manifest);
    made.push({ preset: preset.name, file: written.file, reused: false, written });
  }

  // 4. Review every video (also the re-used ones: the review's checks may have changed).
  let reviewFile: string | null = null;
  if (opts.review !== false) {
    for (const v of videos) {
      report({ stage: 'review', line: v.format });
      // The 9:16 presets drawn from this render: what their platforms' UI covers is checked too.
      const safeZones = presets.flatMap((p) => (p.format === v.format && p.safeZone ? [{ name: p.name, insets: p.safeZone }] : []));
      v.review = await writeReview({
        captureDir: capDir,
        video: v.file,
        format: v.format,
        ...(safeZones.length ? { safeZones } : {}),
        onProgress: (line) => report({ stage: 'review', line: line.replace(/^review /, ''), ...(/^warning: /.test(line) ? { warning: true } : {}) }),
      });
    }
    reviewFile = writeReviewSummary(
      outDir,
      videos.map((v) => v.review as WrittenReview),
    ).file;
  }
  return { outDir, capture, narration: narrated, videos, presets: made, review: reviewFile };
};
