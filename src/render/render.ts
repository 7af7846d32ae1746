/**
 * The one render path: used by the CLI, the demo, make, the tests and the benchmark. In order:
 * prepare (prepare-render.ts: the capture dir and props checked in Node), serve the capture dir
 * on 127.0.0.1, let the composition's calculateMetadata build the timeline, warn
 * (render-warnings.ts), choose the path (render-path.ts) and draw: a still or every frame in the
 * browser (render-browser.ts), or the composite path (render-composite-path.ts); then mix the
 * sound in and write the subtitle files. Never passes a license key (it would phone home).
 */
import { msAt } from '../base/time';
import type { openBrowser } from '@remotion/renderer';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { prepareAvatar } from '../avatar/prepare';
import { NARRATION_DIR, NARRATION_JSON } from '../capture-log/capture-dir-files';
import type { Computed } from '../compositions/shared/metadata';
import type { ScreenLayout } from '../frame/layout';
import type { Style } from '../compositions/shared/style-schema';
import { errorLine, invalidInput, runtimeError, ScreenplayError } from '../errors';
import { OUTPUT_FORMATS, type CompositionName } from '../formats';
import { findBrowser } from './browser';
import { currentBundleKey, getBundle, PROJECT_ROOT } from './bundle';
import { resolveInCaptureDir } from './capture-dir';
import { clickSound, muxNarration, writeSubtitleFiles, type Music } from './narration-audio';
import { checkCaptureDir, prepareRender, renderInputProps, type PreparedRender } from './prepare-render';
import { renderStillInBrowser, renderVideoInBrowser, type X264Preset } from './render-browser';
import { compositeJob } from './render-composite-path';
import { compositionCardLayers, drawCardLayers, drawLayers, planCompositeJob, runComposites, type PlannedComposite } from './composite/render-composite';
import { captureFingerprint, CAPTURE_URL_TOKEN, metadataKey, renderCacheEntry, withCaptureUrl, type RenderCacheEntry } from './render-cache';
import os from 'node:os';
import type { VideoConfig } from 'remotion';
import { chooseRenderPath, CHROMIUM_OPTIONS, type RemotionSession } from './render-path';
import { preRenderWarnings } from './render-warnings';
import { writeChapterFiles } from './chapter-files';
import { cardSpans } from '../timeline/cards';
import { serveFolder, type StaticServer } from './static-server';
import { prepareRenderTerminal, terminalSpritesProps } from './terminal-text/prepare';

// What other modules and the tests import from here, now in their own files.
export { COMPOSITION_SIZE, COMPOSITIONS, FORMAT_COMPOSITION, type CompositionName } from '../formats';
export { getBundle, PROJECT_ROOT } from './bundle';
export { checkCaptureDir } from './prepare-render';
export { checkRenderProps, describeProblems, mergeStyle, withScriptTitle } from './render-props';
export { CHROMIUM_OPTIONS } from './render-path';
export { drawnTexts } from './render-warnings';

/** `warning`: `stage` is a warning, to be shown on its own line and kept (never throttled or overwritten). */
export type RenderProgress = { renderedFrames: number; totalFrames: number; fps: number; stage: string; warning?: boolean };

export type RenderOptions = {
  composition: CompositionName;
  /** A capture dir on disk… */
  captureDir?: string;
  /** …or a capture dir under public/ (e.g. "samples/ink-deploy"). */
  publicCapture?: string;
  /** Extra props (title, style…); validated by the composition's schema. */
  props?: Record<string, unknown>;
  out: string;
  /** Render one frame as PNG instead of a video. */
  still?: number;
  /** Output scale (0.25 renders a 1920x1080 composition at 480x270). */
  scale?: number;
  frameRange?: [number, number];
  concurrency?: number;
  crf?: number;
  x264Preset?: X264Preset;
  /**
   * How video frames are made. `composite` (default): Remotion draws the static layers once and
   * ffmpeg composites the recording, cursor and ripples per frame from the same timeline.
   * `browser`: Chromium draws every frame (what Studio shows). Stills always use the browser.
   */
  renderer?: 'composite' | 'browser';
  /** Background music, looped and ducked under the narration. */
  music?: Music;
  onProgress?: (p: RenderProgress) => void;
};

export type RenderResult = {
  out: string;
  durationInFrames: number;
  fps: number;
  width: number;
  height: number;
  /** Wall time of the whole render (ms); for renderMany, of the whole run. */
  renderMs: number;
  /** Each stage's wall time (ms): prepare, bundle, browser (opening it and calculateMetadata), layers, composite, frames (the browser path), still, audio. For renderMany, the run's. */
  stages: Record<string, number>;
  /** Frames composited per second of the composite stage (all outputs of the run), when there was one. */
  compositeFps?: number;
  /** What came from the render cache (render-cache.ts): the metadata, the layers. */
  cached: { metadata: boolean; layers: boolean };
};

/**
 * One output of renderMany: a composition, where it goes, its own props. `picture`: a video this
 * job already made from the same capture dir, format, renderer and scale (make's picture key):
 * its picture is kept as it is and only the sound (narration, clicks, music) is mixed again.
 */
export type RenderJob = { composition: CompositionName; out: string; props?: Record<string, unknown>; picture?: string };

/** renderMany's options: RenderOptions for every job (all of the same capture dir), less what each job names. */
export type RenderManyOptions = Omit<RenderOptions, 'composition' | 'out' | 'props' | 'still'> & { jobs: readonly RenderJob[] };

/**
 * While `render` runs: Remotion logs the race in the catch below ("Was not able to close
 * puppeteer page", with a protocol error's stack) through console.error; it is not the user's
 * problem, and a stack must never reach them. Returns the function that puts console.error back.
 */
const quietPageCloseRace = (): (() => void) => {
  const original = console.error;
  console.error = (...args: unknown[]) => {
    if (args.some((a) => typeof a === 'string' && a.includes('Was not able to close puppeteer page'))) return;
    original(...args);
  };
  return () => {
    console.error = original;
  };
};

/**
 * After the picture: every narration clip at its say event, the click sounds (style.overlays.clickSound)
 * and the music mixed under it into `out`; the captions written beside it as .srt and .vtt.
 * @param offsetMs where the first rendered frame is on the video's clock (ms); `durationMs`: the rendered length
 */
const addSound = (
  prepared: PreparedRender,
  props: { computed?: Computed<ScreenLayout>; style: Style },
  opts: { out: string; music?: Music; offsetMs: number; durationMs: number; onMixing: () => void },
): void => {
  const { out, offsetMs, durationMs } = opts;
  const narration = props.computed?.narration ?? { clips: [], pages: [] };
  // Click sounds (style.overlays.clickSound) are mixed like narration clips, one per click.
  const clickFile = props.style.overlays.clickSound && (props.computed?.timeline.clickEffects.clicks.length ?? 0) > 0 ? clickSound(`${out}.click.wav`) : null;
  // The music does not duck under a click.
  const clicks = clickFile
    ? (props.computed?.timeline.clickEffects.clicks ?? []).map((c) => ({ file: clickFile, startMs: c.tMs - offsetMs, ducks: false }))
    : [];
  if (narration.clips.length > 0 || opts.music || clicks.length > 0) {
    opts.onMixing();
    muxNarration({
      video: out,
      clips: [
        // Each clip as checked up front (a clip named otherwise is checked the same way).
        ...narration.clips.map((c) => ({
          file:
            prepared.narrationClips.get(c.audio) ??
            resolveInCaptureDir(
              prepared.root,
              c.audio,
              { file: path.join(prepared.dir, NARRATION_DIR, NARRATION_JSON), field: 'lines[].audio', media: 'audio' },
              NARRATION_DIR,
            ),
          startMs: c.startMs - offsetMs,
          durationMs: c.durationMs,
        })),
        ...clicks,
      ],
      durationMs,
      ...(opts.music ? { music: opts.music } : {}),
      // The title and end cards' spans on the rendered part's clock: the music rises under them.
      cards: cardSpans(props.computed ?? {}).map((c) => ({ ...c, startMs: c.startMs - offsetMs, endMs: c.endMs - offsetMs })),
    });
  }
  if (clickFile) fs.rmSync(clickFile, { force: true });
  if (narration.pages.length > 0) writeSubtitleFiles(out, narration.pages, offsetMs, durationMs);
};

/**
 * Where a video is made before it is whole (picture, sound, subtitle files): a hidden file beside
 * it, renamed over it at the end, so a render that fails or is interrupted never leaves a
 * half-made file under the final name nor destroys the video that was there.
 */
const workPath = (out: string): string => {
  const ext = path.extname(out);
  return path.join(path.dirname(out), `.${path.basename(out, ext)}.partial-${process.pid}${ext || '.mp4'}`);
};
/** Work files of renders in progress: removed if the process exits before they are whole (Ctrl-C, a signal). */
const unfinished = new Set<string>();
let exitHooked = false;
const removeUnfinishedOnExit = (): void => {
  if (exitHooked) return;
  exitHooked = true;
  process.on('exit', () => {
    for (const f of unfinished) fs.rmSync(f, { force: true });
  });
};

/** `from`'s video stream into `to`, as it is (no sound, nothing encoded). @throws runtime when ffmpeg fails */
const copyPicture = (from: string, to: string): void => {
  const r = spawnSync('ffmpeg', ['-v', 'error', '-y', '-i', from, '-map', '0:v', '-c', 'copy', '-movflags', '+faststart', to], { encoding: 'utf8' });
  if (r.status !== 0) throw runtimeError(`could not re-use the picture of ${from}: ${r.stderr.trim().slice(-400)}`);
};

/** A video's subtitle files (writeSubtitleFiles names them after it). */
/**
 * Whether a composition's render says YouTube's chapter warnings (fewer than 3 chapters, one shorter
 * than 10 s): only Landscape, the 16:9 video YouTube plays with chapters. The 9:16, 1:1 and 4:5 videos
 * go to Shorts, TikTok, Instagram and the like, which show no chapters, so the warning would be noise
 * there; their chapter files are still written.
 */
export const warnsYouTubeChapters = (compositionId: string): boolean => compositionId === OUTPUT_FORMATS.landscape.composition;

const subtitleFiles = (video: string): string[] => ['.srt', '.vtt', '.chapters.txt', '.chapters.vtt'].map((e) => video.replace(/\.[^./]+$/, '') + e);

/** A render of one composition (a video, or a still with `still`): renderMany with one job. */
export const render = async (opts: RenderOptions): Promise<RenderResult> => {
  const { composition, out, props, still, ...rest } = opts;
  const [result] = await renderMany({ ...rest, jobs: [{ composition, out, ...(props ? { props } : {}) }] }, still);
  return result!;
};

/** Times stages: `time(name, fn)` adds fn's wall time to `stages[name]`. */
const stageTimer = () => {
  const stages: Record<string, number> = {};
  const time = async <T>(name: string, fn: () => Promise<T> | T): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      stages[name] = Math.round((stages[name] ?? 0) + performance.now() - t0);
    }
  };
  return { stages, time };
};

/** What the browser side of a render holds once opened: the port, the capture's server, the bundle, the browser. */
type OpenSession = {
  port: number;
  serveUrl: string;
  browser: Awaited<ReturnType<typeof openBrowser>>;
  captureUrl: string | null;
};

/**
 * Renders several compositions of one capture dir (every format a script names) in one run:
 * each is prepared and checked first; a composition whose metadata and layers are in the render
 * cache (render-cache.ts) needs no browser, the rest share one bundle, one browser and one
 * capture server; every composite-path video is then made by one ffmpeg that decodes the
 * recording once (composite/render-composite.ts runComposites); then each gets its sound and
 * subtitle files. `still` (one job only) renders that frame as a PNG instead. Results are in the
 * jobs' order. SCREENPLAY_RENDER_CACHE=0 turns the cache off.
 * @throws invalid-input (exit 1) for a bad capture dir, props, composition or frame; runtime (exit 2) when rendering fails
 */
export const renderMany = async (opts: RenderManyOptions, still?: number): Promise<RenderResult[]> => {
  if (opts.jobs.length === 0) throw invalidInput('render: expected at least one composition');
  if (still !== undefined && opts.jobs.length > 1) throw invalidInput('render: --still renders one composition');
  const started = Date.now();
  const { stages, time } = stageTimer();
  /** A warning for the user: the render goes on (the CLI prints each on a line of its own). */
  const warn = (line: string) => opts.onProgress?.({ renderedFrames: 0, totalFrames: 0, fps: 0, stage: line, warning: true });
  const stage = (line: string) => opts.onProgress?.({ renderedFrames: 0, totalFrames: 0, fps: 0, stage: line });
  const useCache = still === undefined && process.env.SCREENPLAY_RENDER_CACHE !== '0';

  // 1. Every job checked before anything starts; the avatar prepared; the cache looked up.
  const jobs = await time('prepare', async () => {
    const list = [];
    let checked: ReturnType<typeof checkCaptureDir> | undefined;
    for (const job of opts.jobs) {
      const prepared = prepareRender({ ...opts, ...job }, PROJECT_ROOT, checked);
      checked ??= prepared;
      // The script's avatar unless either style chooses one.
      const avatar = prepared.style.avatar === undefined ? await prepareAvatar(prepared.root, prepared.avatar, stage) : null;
      const propsFor = (captureUrl: string | null) => renderInputProps(prepared, { ...opts, ...job }, avatar, captureUrl);
      list.push({ job, prepared, propsFor });
    }
    return list;
  });
  // The capture dir's warnings once, however many compositions read it.
  for (const line of new Set(jobs.flatMap((j) => j.prepared.warnings))) warn(line);
  const servedDir = opts.captureDir ?? null;
  const entries: Array<RenderCacheEntry | null> = await time('cache', () => {
    if (!useCache) return jobs.map(() => null);
    try {
      const code = currentBundleKey();
      const capture = captureFingerprint(jobs[0]!.prepared.root);
      return jobs.map(({ job, propsFor }) =>
        renderCacheEntry(metadataKey({ code, composition: job.composition, inputProps: propsFor(servedDir ? CAPTURE_URL_TOKEN : null), capture })),
      );
    } catch {
      // A key that cannot be made (an unreadable file): the render draws everything, as without a cache.
      return jobs.map(() => null);
    }
  });

  let session: OpenSession | null = null;
  let server: StaticServer | null = null;
  let releasePort = () => {};
  const browserExecutable = findBrowser(PROJECT_ROOT)?.executable ?? null;
  const restoreConsole = quietPageCloseRace();
  /** Removes the run's temporary folders (drawn layers), after the composite. */
  const cleanup: Array<() => Promise<void>> = [];
  /** The browser side, opened on first need and shared by every job. */
  const open = async (): Promise<OpenSession> => {
    if (session) return session;
    // Remotion's server (one per call below, all on this port) listens on loopback only; the
    // capture dir is readable by its page's origin alone. See remotion-server.ts.
    // Loaded here, not at start: a render whose every part is cached never needs them (~0.4 s).
    const { guardRemotionServer, guardWarnings, holdRemotionPort, pickRemotionPort, remotionOrigin } = await import('./remotion-server');
    const { openBrowser } = await import('@remotion/renderer');
    for (const line of guardWarnings(guardRemotionServer())) warn(line);
    const port = await pickRemotionPort();
    releasePort = holdRemotionPort(port);
    // A capture dir on disk is served to the browser; a public/ one is already in the bundle.
    if (servedDir) server = await serveFolder(servedDir, { allowOrigin: remotionOrigin(port) });
    const serveUrl = await time('bundle', () => getBundle((p) => stage(`bundling ${p}%`)));
    const browser = await time('browser', () => openBrowser('chrome', { browserExecutable, chromiumOptions: CHROMIUM_OPTIONS, logLevel: 'error' }));
    session = { port, serveUrl, browser, captureUrl: server?.url ?? null };
    return session;
  };
  /** Other folders served to the page (the terminal's pictures): closed with the session. */
  const extraServers: StaticServer[] = [];
  const closeSession = async () => {
    const s = session as OpenSession | null;
    session = null;
    for (const x of extraServers.splice(0)) await x.close();
    await s?.browser.close({ silent: true }).catch(() => {});
    await (server as StaticServer | null)?.close();
    server = null;
    releasePort();
  };

  try {
    // 2. Each composition's metadata: from the cache, else calculateMetadata in the browser.
    const selected: Array<{ composition: VideoConfig; fromCache: boolean }> = [];
    for (const [i, { job, propsFor }] of jobs.entries()) {
      const entry = entries[i] ?? null;
      const cached = entry?.composition(null) ?? null;
      // A still needs the browser anyway; so do the layers of a composition whose metadata is cached but not its layers (drawn below, once the session is open).
      if (cached) {
        selected.push({ composition: cached, fromCache: true });
        continue;
      }
      const s = await open();
      const { selectComposition } = await import('@remotion/renderer');
      const composition = await time('browser', () =>
        selectComposition({
          serveUrl: s.serveUrl,
          id: job.composition,
          inputProps: propsFor(s.captureUrl),
          puppeteerInstance: s.browser,
          browserExecutable,
          chromiumOptions: CHROMIUM_OPTIONS,
          port: s.port,
          logLevel: 'error',
        }).catch((err: unknown) => {
          const msg = errorLine(err);
          // calculateMetadata's own errors (bad props, bad capture) are invalid input.
          if (/Invalid (props|capture log)/.test(msg)) throw invalidInput(msg);
          throw runtimeError(`Could not prepare ${job.composition}: ${msg}`, err);
        }),
      );
      entry?.saveComposition(composition, s.captureUrl);
      selected.push({ composition, fromCache: false });
    }

    // 3. The path each takes; warnings; the composite jobs planned and their layers found or drawn.
    const planned: Array<{ index: number; planned: PlannedComposite; layersCached: boolean }> = [];
    const results: RenderResult[] = [];
    /** Each job's frame range (inclusive), in the jobs' order. */
    const ranges: Array<[number, number]> = [];
    /** Each video's work file and final name, in the jobs' order. */
    const works: Array<{ work: string; out: string }> = [];
    // YouTube's chapter rules are the same for every format (one clock): each said once.
    const chapterWarned = new Set<string>();
    for (const [i, { job, prepared }] of jobs.entries()) {
      const { composition, fromCache } = selected[i]!;
      const props = composition.props as { computed?: Computed<ScreenLayout>; style: Style };
      const chosen = chooseRenderPath({
        still: still !== undefined,
        ...(opts.renderer ? { renderer: opts.renderer } : {}),
        ...(props.computed?.avatar?.provider ? { avatarProvider: props.computed.avatar.provider } : {}),
      });
      fs.mkdirSync(path.dirname(path.resolve(job.out)), { recursive: true });
      // Characters no installed font has would show as empty boxes: named before rendering.
      for (const line of preRenderWarnings(composition.props, chosen.path === 'composite'))
        warn(`${opts.jobs.length > 1 ? `${job.composition}: ` : ''}${line}`);
      const frameRange: [number, number] = opts.frameRange ?? [0, composition.durationInFrames - 1];
      ranges.push(frameRange);
      const total = frameRange[1] - frameRange[0] + 1;
      const offsetMs = msAt(frameRange[0], composition.fps);
      results.push({
        out: job.out,
        durationInFrames: composition.durationInFrames,
        fps: composition.fps,
        width: prepared.size.width,
        height: prepared.size.height,
        renderMs: 0,
        stages,
        cached: { metadata: fromCache, layers: false },
      });
      const work = still === undefined ? workPath(job.out) : job.out;
      if (still === undefined) {
        works.push({ work, out: job.out });
        removeUnfinishedOnExit();
        for (const f of [work, ...subtitleFiles(work)]) unfinished.add(f);
        cleanup.push(async () => {
          for (const f of [work, ...subtitleFiles(work)]) {
            fs.rmSync(f, { force: true });
            unfinished.delete(f);
          }
        });
      }
      if (job.picture && still === undefined) {
        // Its picture is made already: copied without its sound (the sound is mixed again below).
        await time('picture', () => copyPicture(job.picture!, work));
        continue;
      }
      const video = { out: work, size: prepared.size, frameRange, crf: opts.crf ?? 20, x264Preset: opts.x264Preset ?? 'veryfast' } as const;
      if (chosen.notice) stage(chosen.notice);
      // The sharp terminal layer (zoomed terminal text drawn from the session): its pictures, for
      // either path; a take without a terminal has no such stage.
      const hasTerminal = prepared.log.events.some((e) => e.type === 'terminal');
      const terminal = !hasTerminal
        ? null
        : await time('terminal', () =>
            prepareRenderTerminal({
              composition,
              captureDir: prepared.root,
              log: prepared.log,
              outputSize: prepared.size,
              frameRange: still !== undefined ? [still, still] : frameRange,
              warn: (line) => warn(`${opts.jobs.length > 1 ? `${job.composition}: ` : ''}${line}`),
              projectRoot: PROJECT_ROOT,
            }),
          );
      if (terminal) cleanup.push(async () => fs.rmSync(terminal.dir, { recursive: true, force: true }));
      if (chosen.path === 'composite') {
        const cj = compositeJob(composition, { ...video, recording: prepared.recording, offsetMs });
        const { plan, layerProps } = planCompositeJob(cj);
        const entry = entries[i] ?? null;
        // Fresh metadata holds this render's capture URL; cached metadata the cache's token.
        const urlInProps = fromCache ? null : ((session as OpenSession | null)?.captureUrl ?? null);
        let layers = entry?.layers(layerProps, urlInProps) ?? null;
        const layersCached = layers !== null;
        if (!layers) {
          const s = await open();
          // Cached metadata holds the token where the capture's URL was: the layers draw from this render's server.
          const live = fromCache ? withCaptureUrl(layerProps, s.captureUrl) : layerProps;
          const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-layers-'));
          cleanup.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
          stage('drawing layers');
          const drawn = await time('layers', () =>
            drawLayers(
              { serveUrl: s.serveUrl, browser: s.browser, browserExecutable, chromiumOptions: CHROMIUM_OPTIONS, port: s.port },
              composition,
              live,
              dir,
            ),
          );
          layers = entry ? entry.saveLayers(layerProps, fromCache ? null : s.captureUrl, drawn) : drawn;
        }
        let cards: string[] | undefined;
        if (compositionCardLayers(composition).length > 0) {
          // Cards (title, end, chapter banners, hook): drawn each render, not cached with the layers.
          const s = await open();
          const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-cards-'));
          cleanup.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
          const live = fromCache ? withCaptureUrl(layerProps, s.captureUrl) : layerProps;
          const session = { serveUrl: s.serveUrl, browser: s.browser, browserExecutable, chromiumOptions: CHROMIUM_OPTIONS, port: s.port };
          cards = await time('cards', () => drawCardLayers(session, composition, live, dir));
        }
        results[i]!.cached.layers = layersCached;
        planned.push({ index: i, planned: { job: cj, plan, layers, ...(cards ? { cards } : {}), ...(terminal ? { terminal } : {}) }, layersCached });
        continue;
      }
      // The browser draws: a still, or every frame.
      const s = await open();
      const live = fromCache ? { ...composition, props: withCaptureUrl(composition.props, s.captureUrl) } : composition;
      // The terminal's pictures are served to the page from their own folder, like the capture.
      const terminalServer = terminal ? await serveFolder(terminal.dir, { allowOrigin: (await import('./remotion-server')).remotionOrigin(s.port) }) : null;
      if (terminalServer) extraServers.push(terminalServer);
      const remotion: RemotionSession = {
        serveUrl: s.serveUrl,
        composition:
          terminal && terminalServer ? { ...live, props: { ...live.props, terminalSprites: terminalSpritesProps(terminal, terminalServer.url) } } : live,
        browser: s.browser,
        browserExecutable,
        port: s.port,
      };
      if (still !== undefined) {
        await time('still', () => renderStillInBrowser(remotion, { frame: still, out: job.out, size: prepared.size }));
        continue;
      }
      const t0 = Date.now();
      await time('frames', () =>
        renderVideoInBrowser(remotion, {
          ...video,
          concurrency: opts.concurrency ?? 1,
          onFrames: (n) => opts.onProgress?.({ renderedFrames: n, totalFrames: total, fps: n / Math.max(0.001, (Date.now() - t0) / 1000), stage: 'rendering' }),
        }),
      );
    }
    // The browser's work is done: closed before ffmpeg starts, so its memory is not held through the composite.
    await closeSession();

    // 4. Every composite video of the run, from one ffmpeg.
    if (planned.length) {
      const totalFrames = planned.reduce((n, p) => n + p.planned.plan.frames, 0);
      const t0 = Date.now();
      stage('compositing');
      await time('composite', () =>
        runComposites(
          planned.map((p) => p.planned),
          (done, all) =>
            opts.onProgress?.({ renderedFrames: done, totalFrames: all, fps: done / Math.max(0.001, (Date.now() - t0) / 1000), stage: 'rendering' }),
        ),
      );
      const fps = totalFrames / Math.max(0.001, (stages.composite ?? 0) / 1000);
      for (const p of planned) results[p.index]!.compositeFps = fps;
    }

    // 5. The sound: every narration clip at its say event, mixed under the picture; subtitle files beside it.
    if (still === undefined) {
      await time('audio', async () => {
        for (const [i, { prepared }] of jobs.entries()) {
          const { composition } = selected[i]!;
          const frameRange = ranges[i]!;
          const total = frameRange[1] - frameRange[0] + 1;
          addSound(prepared, composition.props as { computed?: Computed<ScreenLayout>; style: Style }, {
            out: works[i]!.work,
            ...(opts.music ? { music: opts.music } : {}),
            offsetMs: msAt(frameRange[0], composition.fps),
            durationMs: msAt(total, composition.fps),
            onMixing: () => opts.onProgress?.({ renderedFrames: total, totalFrames: total, fps: 0, stage: 'mixing the narration' }),
          });
          // Chapters (NAME.chapters.txt for YouTube, NAME.chapters.vtt) beside the video.
          const chapters = (composition.props as { computed?: Computed<ScreenLayout> }).computed?.cards?.chapters ?? [];
          const chapterWarnings = writeChapterFiles(works[i]!.work, chapters, msAt(frameRange[0], composition.fps), msAt(total, composition.fps));
          for (const w of warnsYouTubeChapters(composition.id) ? chapterWarnings : [])
            if (!chapterWarned.has(w)) {
              chapterWarned.add(w);
              warn(w);
            }
        }
      });
    }
    // A signal that came while ffmpeg mixed the sound (a blocking call) is handled now, before
    // anything replaces a final file: the render then ends as killed, its work files removed.
    await new Promise((r) => setImmediate(r));
    // Whole: each video (and its subtitle files) renamed over the final name.
    for (const { work, out } of works) {
      fs.renameSync(work, out);
      subtitleFiles(work).forEach((f, k) => {
        if (fs.existsSync(f)) fs.renameSync(f, subtitleFiles(out)[k]!);
      });
    }
    const renderMs = Date.now() - started;
    return results.map((r) => ({ ...r, renderMs }));
  } catch (err) {
    // When Remotion gives up on a page (calculateMetadata threw), it closes the page without
    // waiting; closing the browser at once rejects that pending close, and nobody catches it.
    // Let it finish first.
    if (session) await new Promise((r) => setTimeout(r, 300));
    if (err instanceof ScreenplayError) throw err;
    throw runtimeError(`Rendering ${opts.jobs.map((j) => j.composition).join(', ')} failed: ${errorLine(err)}`, err);
  } finally {
    await closeSession();
    for (const f of cleanup) await f();
    restoreConsole();
  }
};
