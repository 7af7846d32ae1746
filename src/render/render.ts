/**
 * The one render path: used by the CLI, the demo, the tests and the benchmark. Bundles the
 * Remotion project once per process, serves the capture dir on 127.0.0.1, lets the
 * composition's calculateMetadata build the timeline, then renders a video or a still with the
 * system browser. Never passes a license key (it would phone home).
 */
import { bundle } from '@remotion/bundler';
import { openBrowser, renderMedia, renderStill, selectComposition, type ChromiumOptions } from '@remotion/renderer';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CaptureLog, ScriptAvatar } from '../capture-log';
import { errorLine, invalidInput, runtimeError, ScreenplayError } from '../errors';
import { findBrowser } from './browser';
import { renderComposite } from './composite/render-composite';
import { prepareAvatar } from '../avatar/prepare';
import { type CheckedCaptureDir, checkStyleAvatar, checkStyleBackground, measureStills, readCaptureDir, resolveInCaptureDir } from './capture-dir';
import { formatJsonPath } from '../capture-log/json-path';
import type { z } from 'zod';
import { landscapeSchema } from '../compositions/landscape/schema';
import { tiktokSplitSchema } from '../compositions/tiktok-split/schema';
import { squareSchema } from '../compositions/square/schema';
import { styleSchema } from '../compositions/shared/style-schema';
import type { Computed } from '../compositions/shared/metadata';
import type { ScreenLayout } from '../compositions/shared/layout';
import type { Style } from '../compositions/shared/style-schema';
import { captionsAss, overlayAss } from './captions-ass';
import { fontWarnings, outlineEmojiWarning, installedFontCoverage, uncoveredText, type DrawnText } from './font-coverage';
import type { Overlays } from '../timeline/overlays';
import type { CaptionPage } from '../timeline/captions';
import { clickSound, muxNarration, writeSubtitleFiles, type Music } from './narration-audio';
import { serveFolder, type StaticServer } from './static-server';
import { outputSize, remotionScale, type Size } from './output-size';
import { spawnSync } from 'node:child_process';
import { COMPOSITION_SIZE, COMPOSITIONS, type CompositionName } from '../formats';
import { guardRemotionServer, guardWarnings, holdRemotionPort, pickRemotionPort, remotionOrigin } from './remotion-server';
import { CAPTURE_JSON, NARRATION_DIR, NARRATION_JSON } from '../capture-log/capture-dir-files';

// The formats and compositions live in ../formats.ts; re-exported for the modules and tests that import them from here.
export { COMPOSITION_SIZE, COMPOSITIONS, FORMAT_COMPOSITION, type CompositionName } from '../formats';

export const PROJECT_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

let bundled: Promise<string> | null = null;
/** Bundles src/index.ts once per process (webpack: ~15 s on 2 cores). */
export const getBundle = (onProgress?: (percent: number) => void): Promise<string> => {
  bundled ??= bundle({
    entryPoint: path.join(PROJECT_ROOT, 'src', 'index.ts'),
    rootDir: PROJECT_ROOT,
    publicDir: path.join(PROJECT_ROOT, 'public'),
    symlinkPublicDir: true,
    enableCaching: true,
    onProgress: (p) => onProgress?.(p),
  }).catch((err: unknown) => {
    bundled = null;
    throw runtimeError(`Bundling the Remotion project failed: ${(err as Error).message}`, err);
  });
  return bundled;
};

/**
 * The script's title (recorded in the capture) names the video unless the props name it; the
 * default subtitle belongs to the bundled sample, so it is dropped along with the default title.
 */
export const withScriptTitle = (props: Record<string, unknown> | undefined, title: string | undefined): Record<string, unknown> =>
  // A script's own video: its title, and none of the sample's subtitle or brand line (which are
  // the compositions' defaults, for Studio's preview of the bundled sample).
  title !== undefined && props?.title === undefined ? { ...props, title, subtitle: props?.subtitle ?? '', brand: props?.brand ?? '' } : { ...props };

/** `over` on top of `base`, maps merged key by key (the props' style over the script's). */
export const mergeStyle = (base: Record<string, unknown>, over: Record<string, unknown>): Record<string, unknown> => {
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) {
    const b = out[k];
    out[k] = v && typeof v === 'object' && !Array.isArray(v) && b && typeof b === 'object' && !Array.isArray(b) ? mergeStyle(b as Record<string, unknown>, v as Record<string, unknown>) : v;
  }
  return out;
};

/**
 * Reads and checks a capture dir before anything renders (./capture-dir.ts: every path it
 * names stays inside it, the recording agrees with capture.json): exit 1 naming the file and
 * JSON path if bad. `recording` is the recording's real path; `root` the dir's.
 */
export const checkCaptureDir = (
  dir: string,
): Pick<CheckedCaptureDir, 'root' | 'recording' | 'log' | 'narrationClips' | 'clock' | 'warnings'> & { title?: string; style?: Record<string, unknown>; avatar?: ScriptAvatar; formats?: CaptureLog['formats'] } => {
  const { root, recording, log, narrationClips, clock, warnings } = readCaptureDir(dir);
  return { root, recording, log, narrationClips, clock, warnings, ...(log.title ? { title: log.title } : {}), ...(log.style ? { style: log.style } : {}), ...(log.avatar ? { avatar: log.avatar } : {}), ...(log.formats ? { formats: log.formats } : {}) };
};

/** Each composition's props schema: props are checked here, in Node, before a browser opens. */
const PROPS_SCHEMAS: Record<CompositionName, z.ZodType> = { Landscape: landscapeSchema, TikTokSplit: tiktokSplitSchema, Square: squareSchema };

const shownValue = (v: unknown): string => {
  if (v === undefined) return 'nothing';
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  return String(v);
};

const valueAt = (root: unknown, at: ReadonlyArray<PropertyKey>): unknown =>
  at.reduce<unknown>((cur, key) => (cur !== null && typeof cur === 'object' ? (cur as Record<PropertyKey, unknown>)[key] : undefined), root);

/**
 * One line per zod problem: `<where>: <JSON path> must <what was expected>, but got <value>`.
 * @param where the file (or "props") the value came from; `prefix` is prepended to each path
 */
export const describeProblems = (issues: ReadonlyArray<z.core.$ZodIssue>, value: unknown, where: string, prefix: ReadonlyArray<PropertyKey> = []): string[] =>
  issues.map((issue) => {
    const found = shownValue(valueAt(value, issue.path));
    const bound = (b: unknown) => String(b);
    const expected =
      issue.code === 'too_big'
        ? `must be at most ${bound(issue.maximum)}${issue.inclusive === false ? ' (exclusive)' : ''}`
        : issue.code === 'too_small'
          ? `must be at least ${bound(issue.minimum)}${issue.inclusive === false ? ' (exclusive)' : ''}`
          : issue.code === 'invalid_type'
            ? `must be ${issue.expected}`
            : issue.code === 'invalid_value'
              ? `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`
              : issue.code === 'invalid_union'
                ? 'must be one of the allowed kinds'
                : `is not allowed (${issue.message})`;
    return `${where}: ${formatJsonPath([...prefix, ...issue.path])} ${expected}, but got ${found}`;
  });

/**
 * Checks, in Node and before any browser opens, the capture dir's `style` (capture.json) against
 * the style schema and then the props the composition will get (the caller's props, the script's
 * title and the merged style) against the composition's schema.
 * @throws invalid-input (exit 1): one line per problem, naming capture.json and `style.…`, or `props` and the prop's path
 */
export const checkRenderProps = (composition: CompositionName, captureJson: string, scriptStyle: Record<string, unknown> | undefined, props: Record<string, unknown>): void => {
  if (scriptStyle !== undefined) {
    const parsed = styleSchema.safeParse(scriptStyle);
    if (!parsed.success) throw invalidInput(describeProblems(parsed.error.issues, scriptStyle, captureJson, ['style']).join('\n'));
  }
  const parsed = PROPS_SCHEMAS[composition].safeParse(props);
  if (!parsed.success) throw invalidInput(describeProblems(parsed.error.issues, props, 'props').join('\n'));
  // What calculateMetadata would refuse in the browser: an avatar clip without the clip.
  const avatar = (props.style as { avatar?: { provider?: unknown; video?: unknown } } | undefined)?.avatar;
  if (avatar?.provider === 'video' && avatar.video === undefined) {
    const ours = (scriptStyle?.avatar as { provider?: unknown } | undefined)?.provider === 'video';
    throw invalidInput(`${ours ? `${captureJson}: style.avatar.video` : 'props: style.avatar.video'} must name the avatar clip (a file in the capture dir) when style.avatar.provider is "video", but got nothing`);
  }
};

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
  x264Preset?: 'ultrafast' | 'superfast' | 'veryfast' | 'faster' | 'fast' | 'medium';
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

const clock = (ms: number) => `${Math.floor(ms / 60000)}:${((ms % 60000) / 1000).toFixed(1).padStart(4, '0')}`;

/**
 * Every text the video draws, named for a warning: the title, subtitle and brand (Chromium
 * draws them), caption pages, callouts, badges and keycaps (libass draws them in the composite
 * path, `libass`).
 */
export const drawnTexts = (props: Record<string, unknown>, computed: { narration?: { pages: CaptionPage[] }; overlays?: Overlays } | undefined, libass: boolean): DrawnText[] => {
  const texts: DrawnText[] = [];
  for (const key of ['title', 'subtitle', 'brand'] as const) {
    const v = props[key];
    if (typeof v === 'string' && v) texts.push({ where: `the ${key}`, text: v });
  }
  for (const p of computed?.narration?.pages ?? []) texts.push({ where: `the caption at ${clock(p.startMs)}`, text: p.words.map((w) => w.text).join(' '), libass });
  for (const c of computed?.overlays?.callouts ?? []) texts.push({ where: `the callout at ${clock(c.startMs)}`, text: c.text, libass });
  for (const b of computed?.overlays?.badges ?? []) texts.push({ where: `the badge at ${clock(b.startMs)}`, text: b.text, libass });
  for (const k of computed?.overlays?.keycaps ?? []) texts.push({ where: `the keycaps at ${clock(k.startMs)}`, text: k.keys.join(' '), libass });
  return texts;
};

export const CHROMIUM_OPTIONS: ChromiumOptions = { enableMultiProcessOnLinux: true };

/**
 * Resizes what Remotion drew (`from`, a video or a PNG) to `size` with ffmpeg into `to`, then
 * removes `from`. `codec`: the output options (encoder, or -frames:v 1 for a still).
 * @throws runtime (exit 2) with ffmpeg's last error line
 */
const resizeInto = (from: string, to: string, size: Size, codec: string[]): void => {
  const r = spawnSync('ffmpeg', ['-hide_banner', '-v', 'error', '-nostdin', '-y', '-i', from, '-vf', `scale=${size.width}:${size.height}:flags=bicubic`, ...codec, to], { encoding: 'utf8' });
  fs.rmSync(from, { force: true });
  if (r.error || r.status !== 0) throw runtimeError(`ffmpeg resizing the render to ${size.width}x${size.height} failed: ${r.error?.message ?? (r.stderr ?? '').trim().split('\n').pop() ?? `exit ${r.status}`}`);
};

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

export const render = async (opts: RenderOptions): Promise<RenderResult> => {
  if (!COMPOSITIONS.includes(opts.composition)) {
    throw invalidInput(`--composition: expected one of ${COMPOSITIONS.join(', ')}, but got "${opts.composition}"`);
  }
  // The one size rule (output-size.ts), checked before anything starts.
  const size = outputSize(COMPOSITION_SIZE[opts.composition], opts.scale ?? 1);
  /** A warning for the user: the render goes on (the CLI prints each on a line of its own). */
  const warn = (line: string) => opts.onProgress?.({ renderedFrames: 0, totalFrames: 0, fps: 0, stage: line, warning: true });
  const dir = opts.captureDir ?? (opts.publicCapture ? path.join(PROJECT_ROOT, 'public', opts.publicCapture) : null);
  if (!dir) throw invalidInput('render: expected a capture dir, but none was given');
  const { root, recording, log, narrationClips, clock, warnings, title, avatar, style: scriptStyle } = checkCaptureDir(dir);
  checkStyleAvatar(root, opts.props?.style, { file: 'props', field: 'style.avatar.video', media: 'video' });
  // The script's style (recorded in the capture) under the props' own, checked before a browser opens.
  const style = mergeStyle(scriptStyle ?? {}, (opts.props?.style ?? {}) as Record<string, unknown>);
  checkRenderProps(opts.composition, path.join(dir, CAPTURE_JSON), scriptStyle, { ...withScriptTitle(opts.props, title), style, capture: 'capture' });
  // The script's background picture is in the capture dir: the browser loads it from there.
  const background = checkStyleBackground(root, scriptStyle, { file: path.join(dir, CAPTURE_JSON), field: 'style.background.src' });
  // Capture dirs made before the recording was analysed: measured now, cached outside the dir.
  const stills = log.stills ? null : measureStills(recording, log.durationMs);
  const browserExecutable = findBrowser(PROJECT_ROOT)?.executable ?? null;
  const started = Date.now();
  let server: StaticServer | null = null;
  let browser: Awaited<ReturnType<typeof openBrowser>> | null = null;
  let releasePort = () => {};
  const restoreConsole = quietPageCloseRace();
  try {
    // Remotion's server (one per call below, all on this port) listens on loopback only; the
    // capture dir is readable by its page's origin alone. See remotion-server.ts.
    for (const line of [...warnings, ...guardWarnings(guardRemotionServer())]) warn(line);
    const port = await pickRemotionPort();
    releasePort = holdRemotionPort(port);
    // A capture dir on disk is served to the browser; a public/ one is already in the bundle.
    if (opts.captureDir) server = await serveFolder(opts.captureDir, { allowOrigin: remotionOrigin(port) });
    // The script's avatar unless either style chooses one.
    const prepared = style.avatar === undefined ? await prepareAvatar(root, avatar, (line) => opts.onProgress?.({ renderedFrames: 0, totalFrames: 0, fps: 0, stage: line })) : null;
    const withAvatar = prepared ? { ...style, avatar: prepared } : style;
    // A background picture named by the capture dir (not overridden by the props) is served from it.
    const bg = withAvatar.background as { src?: unknown } | undefined;
    const merged =
      background !== null && bg?.src === background
        ? { ...withAvatar, background: { ...bg, src: server ? `${server.url.replace(/\/+$/, '')}/${background}` : `${opts.publicCapture ?? ''}/${background}` } }
        : withAvatar;
    const props = Object.keys(merged).length ? { ...opts.props, style: merged } : opts.props;
    const inputProps = { ...withScriptTitle(props, title), capture: server?.url ?? opts.publicCapture, ...(stills ? { stills } : {}), recordingClock: clock };
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
    fs.mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
    // Characters no installed font has would show as empty boxes: named before rendering.
    {
      const computed = (composition.props as { computed?: Computed<ScreenLayout> }).computed;
      const libass = opts.still === undefined && (opts.renderer ?? (computed?.avatar?.provider === 'video' ? 'browser' : 'composite')) === 'composite';
      const coverage = installedFontCoverage();
      const texts = drawnTexts(composition.props, computed, libass);
      const lines = coverage ? fontWarnings(uncoveredText(texts, coverage)) : ['warning: fontconfig (fc-list) is not installed: characters no font has are not reported'];
      const emoji = outlineEmojiWarning(texts);
      if (emoji) lines.push(emoji);
      for (const line of lines) warn(line);
      // A line the video ends before (a hand-made or old capture shorter than its narration).
      for (const l of computed?.narration.shortened ?? []) {
        const said = l.heardMs > 0 ? `only its first ${(l.heardMs / 1000).toFixed(2)} s are heard` : 'it is not heard at all';
        warn(`say "${l.id}" (${(l.durationMs / 1000).toFixed(2)} s) runs past the end of the video: ${said}, and its captions stop there (capture records until the last line ends; this capture is shorter)`);
      }
    }
    const renderStarted = Date.now();
    if (opts.still !== undefined) {
      const frame = opts.still;
      if (!Number.isInteger(frame) || frame < 0 || frame >= composition.durationInFrames) {
        throw invalidInput(`--still: expected a frame from 0 to ${composition.durationInFrames - 1}, but got ${frame}`);
      }
      const via = remotionScale({ width: composition.width, height: composition.height }, size);
      const drawn = via.resize ? `${opts.out}.remotion.png` : opts.out;
      await renderStill({
        composition,
        serveUrl,
        output: drawn,
        frame,
        inputProps: composition.props,
        imageFormat: 'png',
        scale: via.scale,
        puppeteerInstance: browser,
        browserExecutable,
        chromiumOptions: CHROMIUM_OPTIONS,
        overwrite: true,
        port,
        logLevel: 'error',
      });
      if (via.resize) resizeInto(drawn, opts.out, size, ['-frames:v', '1']);
    } else {
      const frameRange: [number, number] = opts.frameRange ?? [0, composition.durationInFrames - 1];
      const total = frameRange[1] - frameRange[0] + 1;
      const progress = (renderedFrames: number, stage = 'rendering') => {
        const seconds = (Date.now() - renderStarted) / 1000;
        opts.onProgress?.({ renderedFrames, totalFrames: total, fps: seconds > 0 ? renderedFrames / seconds : 0, stage });
      };
      const props = composition.props as { computed?: Computed<ScreenLayout>; style: Style };
      const narration = props.computed?.narration ?? { clips: [], pages: [] };
      const offsetMs = (frameRange[0] * 1000) / composition.fps;
      const frame = { width: composition.width, height: composition.height };
      const box = props.computed?.captionBox;
      const showCaptions = box !== undefined && props.style.captions.enabled && narration.pages.length > 0;
      const overlays = props.computed?.overlays;
      const extra =
        overlays && props.computed && (overlays.badges.length || overlays.keycaps.length || overlays.callouts.length)
          ? overlayAss({ overlays, timeline: props.computed.timeline, stage: props.computed.layout.stage, viewAspect: props.computed.layout.viewAspect, frame, frameRange, offsetMs })
          : undefined;
      // The fast path composites the built-in avatar from sprites; an avatar clip of your own
      // plays in the browser path.
      const videoAvatar = props.computed?.avatar?.provider === 'video';
      if (videoAvatar && opts.renderer === undefined) progress(0, 'the avatar is a video clip: rendering in the browser');
      if ((opts.renderer ?? (videoAvatar ? 'browser' : 'composite')) === 'composite') {
        await renderComposite({
          ...((showCaptions || extra) && box
            ? { subtitlesAss: captionsAss({ pages: showCaptions ? narration.pages : [], frame, box, style: props.style.captions, offsetMs, extra }) }
            : {}),
          serveUrl,
          composition,
          browser,
          browserExecutable,
          chromiumOptions: CHROMIUM_OPTIONS,
          port,
          recording,
          out: opts.out,
          frameRange,
          crf: opts.crf ?? 20,
          preset: opts.x264Preset ?? 'veryfast',
          outputSize: size,
          onFrames: (n) => progress(n),
          onStage: (stage) => progress(0, stage),
        });
      } else {
        const via = remotionScale({ width: composition.width, height: composition.height }, size);
        const drawn = via.resize ? `${opts.out}.remotion.mp4` : opts.out;
        await renderMedia({
          composition,
          serveUrl,
          codec: 'h264',
          outputLocation: drawn,
          inputProps: composition.props,
          imageFormat: 'jpeg',
          jpegQuality: 90,
          crf: opts.crf ?? 20,
          x264Preset: opts.x264Preset ?? 'veryfast',
          pixelFormat: 'yuv420p',
          scale: via.scale,
          frameRange,
          concurrency: opts.concurrency ?? 1,
          puppeteerInstance: browser,
          browserExecutable,
          chromiumOptions: CHROMIUM_OPTIONS,
          overwrite: true,
          muted: true,
          port,
          logLevel: 'error',
          onProgress: ({ renderedFrames }) => progress(renderedFrames),
        });
        // No single factor gives the size (240x136 from 1920x1080): drawn a little larger, resized.
        if (via.resize) resizeInto(drawn, opts.out, size, ['-c:v', 'libx264', '-preset', opts.x264Preset ?? 'veryfast', '-crf', String(opts.crf ?? 20), '-pix_fmt', 'yuv420p', '-movflags', '+faststart']);
      }
      // The voice: every clip at its say event, mixed under the picture; subtitle files beside it.
      const durationMs = (total * 1000) / composition.fps;
      // Click sounds (style.overlays.clickSound) are mixed like narration clips, one per click.
      const clickFile = props.style.overlays.clickSound && (props.computed?.timeline.clickEffects.clicks.length ?? 0) > 0 ? clickSound(`${opts.out}.click.wav`) : null;
      const clicks = clickFile ? (props.computed?.timeline.clickEffects.clicks ?? []).map((c) => ({ file: clickFile, startMs: c.tMs - offsetMs })) : [];
      if (narration.clips.length > 0 || opts.music || clicks.length > 0) {
        progress(total, 'mixing the narration');
        muxNarration({
          video: opts.out,
          clips: [
            // Each clip as checked up front (a clip named otherwise is checked the same way).
            ...narration.clips.map((c) => ({
              file: narrationClips.get(c.audio) ?? resolveInCaptureDir(root, c.audio, { file: path.join(dir, NARRATION_DIR, NARRATION_JSON), field: 'lines[].audio', media: 'audio' }, NARRATION_DIR),
              startMs: c.startMs - offsetMs,
            })),
            ...clicks,
          ],
          durationMs,
          ...(opts.music ? { music: opts.music } : {}),
        });
      }
      if (clickFile) fs.rmSync(clickFile, { force: true });
      if (narration.pages.length > 0) writeSubtitleFiles(opts.out, narration.pages, offsetMs, durationMs);
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
