/**
 * The one render path: used by the CLI, the demo, make, the tests and the benchmark. In order:
 * prepare (prepare-render.ts: the capture dir and props checked in Node), serve the capture dir
 * on 127.0.0.1, let the composition's calculateMetadata build the timeline, warn
 * (render-warnings.ts), choose the path (render-path.ts) and draw: a still or every frame in the
 * browser (render-browser.ts), or the composite path (render-composite-path.ts); then mix the
 * sound in and write the subtitle files. Never passes a license key (it would phone home).
 */
import { msAt } from '../base/time';
import { openBrowser, selectComposition } from '@remotion/renderer';
import fs from 'node:fs';
import path from 'node:path';
import { prepareAvatar } from '../avatar/prepare';
import { NARRATION_DIR, NARRATION_JSON } from '../capture-log/capture-dir-files';
import type { Computed } from '../compositions/shared/metadata';
import type { ScreenLayout } from '../frame/layout';
import type { Style } from '../compositions/shared/style-schema';
import { errorLine, invalidInput, runtimeError, ScreenplayError } from '../errors';
import type { CompositionName } from '../formats';
import { findBrowser } from './browser';
import { getBundle, PROJECT_ROOT } from './bundle';
import { resolveInCaptureDir } from './capture-dir';
import { clickSound, muxNarration, writeSubtitleFiles, type Music } from './narration-audio';
import { prepareRender, renderInputProps, type PreparedRender } from './prepare-render';
import { guardRemotionServer, guardWarnings, holdRemotionPort, pickRemotionPort, remotionOrigin } from './remotion-server';
import { renderStillInBrowser, renderVideoInBrowser, type X264Preset } from './render-browser';
import { renderCompositeVideo } from './render-composite-path';
import { chooseRenderPath, CHROMIUM_OPTIONS, type RemotionSession } from './render-path';
import { preRenderWarnings } from './render-warnings';
import { serveFolder, type StaticServer } from './static-server';

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

export type RenderResult = { out: string; durationInFrames: number; fps: number; width: number; height: number; renderMs: number };

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
  const clicks = clickFile ? (props.computed?.timeline.clickEffects.clicks ?? []).map((c) => ({ file: clickFile, startMs: c.tMs - offsetMs })) : [];
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
        })),
        ...clicks,
      ],
      durationMs,
      ...(opts.music ? { music: opts.music } : {}),
    });
  }
  if (clickFile) fs.rmSync(clickFile, { force: true });
  if (narration.pages.length > 0) writeSubtitleFiles(out, narration.pages, offsetMs, durationMs);
};

export const render = async (opts: RenderOptions): Promise<RenderResult> => {
  const prepared = prepareRender(opts, PROJECT_ROOT);
  const { size } = prepared;
  /** A warning for the user: the render goes on (the CLI prints each on a line of its own). */
  const warn = (line: string) => opts.onProgress?.({ renderedFrames: 0, totalFrames: 0, fps: 0, stage: line, warning: true });
  const browserExecutable = findBrowser(PROJECT_ROOT)?.executable ?? null;
  const started = Date.now();
  let server: StaticServer | null = null;
  let browser: Awaited<ReturnType<typeof openBrowser>> | null = null;
  let releasePort = () => {};
  const restoreConsole = quietPageCloseRace();
  try {
    // Remotion's server (one per call below, all on this port) listens on loopback only; the
    // capture dir is readable by its page's origin alone. See remotion-server.ts.
    for (const line of [...prepared.warnings, ...guardWarnings(guardRemotionServer())]) warn(line);
    const port = await pickRemotionPort();
    releasePort = holdRemotionPort(port);
    // A capture dir on disk is served to the browser; a public/ one is already in the bundle.
    if (opts.captureDir) server = await serveFolder(opts.captureDir, { allowOrigin: remotionOrigin(port) });
    // The script's avatar unless either style chooses one.
    const avatar =
      prepared.style.avatar === undefined
        ? await prepareAvatar(prepared.root, prepared.avatar, (line) => opts.onProgress?.({ renderedFrames: 0, totalFrames: 0, fps: 0, stage: line }))
        : null;
    const inputProps = renderInputProps(prepared, opts, avatar, server?.url ?? null);
    const serveUrl = await getBundle((p) => opts.onProgress?.({ renderedFrames: 0, totalFrames: 0, fps: 0, stage: `bundling ${p}%` }));
    browser = await openBrowser('chrome', { browserExecutable, chromiumOptions: CHROMIUM_OPTIONS, logLevel: 'error' });
    const composition = await selectComposition({
      serveUrl,
      id: opts.composition,
      inputProps,
      puppeteerInstance: browser,
      browserExecutable,
      chromiumOptions: CHROMIUM_OPTIONS,
      port,
      logLevel: 'error',
    }).catch((err: unknown) => {
      const msg = errorLine(err);
      // calculateMetadata's own errors (bad props, bad capture) are invalid input.
      if (/Invalid (props|capture log)/.test(msg)) throw invalidInput(msg);
      throw runtimeError(`Could not prepare ${opts.composition}: ${msg}`, err);
    });
    const session: RemotionSession = { serveUrl, composition, browser, browserExecutable, port };
    const props = composition.props as { computed?: Computed<ScreenLayout>; style: Style };
    const chosen = chooseRenderPath({
      still: opts.still !== undefined,
      ...(opts.renderer ? { renderer: opts.renderer } : {}),
      ...(props.computed?.avatar?.provider ? { avatarProvider: props.computed.avatar.provider } : {}),
    });
    fs.mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
    // Characters no installed font has would show as empty boxes: named before rendering.
    for (const line of preRenderWarnings(composition.props, chosen.path === 'composite')) warn(line);
    const renderStarted = Date.now();
    if (opts.still !== undefined) {
      await renderStillInBrowser(session, { frame: opts.still, out: opts.out, size });
    } else {
      const frameRange: [number, number] = opts.frameRange ?? [0, composition.durationInFrames - 1];
      const total = frameRange[1] - frameRange[0] + 1;
      const progress = (renderedFrames: number, stage = 'rendering') => {
        const seconds = (Date.now() - renderStarted) / 1000;
        opts.onProgress?.({ renderedFrames, totalFrames: total, fps: seconds > 0 ? renderedFrames / seconds : 0, stage });
      };
      const offsetMs = msAt(frameRange[0], composition.fps);
      const video = {
        out: opts.out,
        size,
        frameRange,
        crf: opts.crf ?? 20,
        x264Preset: opts.x264Preset ?? 'veryfast',
        onFrames: (n: number) => progress(n),
      } as const;
      if (chosen.notice) progress(0, chosen.notice);
      if (chosen.path === 'composite')
        await renderCompositeVideo(session, { ...video, recording: prepared.recording, offsetMs, onStage: (stage) => progress(0, stage) });
      else await renderVideoInBrowser(session, { ...video, concurrency: opts.concurrency ?? 1 });
      // The voice: every clip at its say event, mixed under the picture; subtitle files beside it.
      const durationMs = msAt(total, composition.fps);
      addSound(prepared, props, {
        out: opts.out,
        ...(opts.music ? { music: opts.music } : {}),
        offsetMs,
        durationMs,
        onMixing: () => progress(total, 'mixing the narration'),
      });
    }
    return {
      out: opts.out,
      durationInFrames: composition.durationInFrames,
      fps: composition.fps,
      width: size.width,
      height: size.height,
      renderMs: Date.now() - started,
    };
  } catch (err) {
    // When Remotion gives up on a page (calculateMetadata threw), it closes the page without
    // waiting; closing the browser at once rejects that pending close, and nobody catches it.
    // Let it finish first.
    if (browser) await new Promise((r) => setTimeout(r, 300));
    if (err instanceof ScreenplayError) throw err;
    throw runtimeError(`Rendering ${opts.composition} failed: ${errorLine(err)}`, err);
  } finally {
    await browser?.close({ silent: true }).catch(() => {});
    restoreConsole();
    await server?.close();
    releasePort();
  }
};
