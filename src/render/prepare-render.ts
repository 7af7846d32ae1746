/**
 * A render's first stage, before any server or browser starts: reads and checks the capture dir
 * (./capture-dir.ts: its paths, the recording probed against capture.json), the composition and
 * its output size, the style and props; then, once the capture is served, the input props the
 * composition's calculateMetadata gets.
 */
import path from 'node:path';
import type { CaptureLog, ScriptAvatar } from '../capture-log';
import { CAPTURE_JSON } from '../capture-log/capture-dir-files';
import { invalidInput } from '../errors';
import { COMPOSITION_SIZE, COMPOSITIONS, type CompositionName } from '../formats';
import { type CheckedCaptureDir, checkStyleAvatar, checkStyleBackground, measureStills, readCaptureDir } from './capture-dir';
import { outputSize, type Size } from './output-size';
import { checkRenderProps, mergeStyle, withScriptTitle } from './render-props';

/**
 * Reads and checks a capture dir before anything renders (./capture-dir.ts: every path it
 * names stays inside it, the recording agrees with capture.json): exit 1 naming the file and
 * JSON path if bad. `recording` is the recording's real path; `root` the dir's.
 */
export const checkCaptureDir = (
  dir: string,
): Pick<CheckedCaptureDir, 'root' | 'recording' | 'log' | 'narrationClips' | 'clock' | 'warnings'> & {
  title?: string;
  style?: Record<string, unknown>;
  avatar?: ScriptAvatar;
  formats?: CaptureLog['formats'];
  presets?: CaptureLog['presets'];
} => {
  const { root, recording, log, narrationClips, clock, warnings } = readCaptureDir(dir);
  return {
    root,
    recording,
    log,
    narrationClips,
    clock,
    warnings,
    ...(log.title ? { title: log.title } : {}),
    ...(log.style ? { style: log.style } : {}),
    ...(log.avatar ? { avatar: log.avatar } : {}),
    ...(log.formats ? { formats: log.formats } : {}),
    ...(log.presets ? { presets: log.presets } : {}),
  };
};

/** What a render asks for, as far as preparation reads it (render.ts RenderOptions). */
export type RenderRequest = {
  composition: CompositionName;
  /** A capture dir on disk, or one under public/ (`publicCapture`, e.g. "samples/ink-deploy"). */
  captureDir?: string;
  publicCapture?: string;
  /** The caller's props (title, style…). */
  props?: Record<string, unknown>;
  /** Output scale (0.25 renders a 1920x1080 composition at 480x270). */
  scale?: number;
};

/** A checked capture dir and request: everything the render needs from them before a browser opens. */
export type PreparedRender = ReturnType<typeof checkCaptureDir> & {
  /** The capture dir as given (on disk, or under public/). */
  dir: string;
  /** The output size (px), from the composition's frame and the scale. */
  size: Size;
  /** The capture dir's style (capture.json) under the props' own. */
  style: Record<string, unknown>;
  /** The script's style as capture.json records it (the rest of the fields as checkCaptureDir). */
  scriptStyle: Record<string, unknown> | undefined;
  /** The background picture capture.json's style names (a path in the capture dir), or null. */
  background: string | null;
  /** Still stretches measured now, for a capture dir made before capture recorded them; else null. */
  stills: ReturnType<typeof measureStills> | null;
};

/**
 * Checks the request and the capture dir, in this order: the composition, the output size
 * (output-size.ts), the capture dir, the props' avatar clip, the merged style and props, the
 * script's background picture; then measures still stretches a capture dir made before they were
 * recorded lacks (cached outside the dir). `checkedDir`: the capture dir as checkCaptureDir read
 * it already (the same dir), so it is not read again.
 * @throws invalid-input (exit 1), one line per problem, naming the file (or `props`, `--composition`, `--scale`) and the JSON path
 */
export const prepareRender = (req: RenderRequest, projectRoot: string, checkedDir?: ReturnType<typeof checkCaptureDir>): PreparedRender => {
  if (!COMPOSITIONS.includes(req.composition)) {
    throw invalidInput(`--composition: expected one of ${COMPOSITIONS.join(', ')}, but got "${req.composition}"`);
  }
  // The one size rule (output-size.ts), checked before anything starts.
  const size = outputSize(COMPOSITION_SIZE[req.composition], req.scale ?? 1);
  const dir = req.captureDir ?? (req.publicCapture ? path.join(projectRoot, 'public', req.publicCapture) : null);
  if (!dir) throw invalidInput('render: expected a capture dir, but none was given');
  // Several compositions of one capture dir (renderMany) read and check it once.
  const checked = checkedDir ?? checkCaptureDir(dir);
  const { root, title, style: scriptStyle } = checked;
  checkStyleAvatar(root, req.props?.style, { file: 'props', field: 'style.avatar.video', media: 'video' });
  // The script's style (recorded in the capture) under the props' own, checked before a browser opens.
  const style = mergeStyle(scriptStyle ?? {}, (req.props?.style ?? {}) as Record<string, unknown>);
  checkRenderProps(req.composition, path.join(dir, CAPTURE_JSON), scriptStyle, { ...withScriptTitle(req.props, title), style, capture: 'capture' });
  // The script's background picture is in the capture dir: the browser loads it from there.
  const background = checkStyleBackground(root, scriptStyle, { file: path.join(dir, CAPTURE_JSON), field: 'style.background.src' });
  // Capture dirs made before the recording was analysed: measured now, cached outside the dir.
  const stills = checked.log.stills ? null : measureStills(checked.recording, checked.log.durationMs);
  return { ...checked, dir, size, style, scriptStyle, background, stills };
};

/**
 * The input props the composition's calculateMetadata gets: the caller's props with the merged
 * style (the prepared avatar in it when `avatar` is given; the capture dir's background picture
 * as a URL on the capture's server, or under public/), the script's title, where the capture is
 * served (`captureUrl`, or the public/ folder), the measured stills and the recording's clock.
 */
export const renderInputProps = (
  prepared: Pick<PreparedRender, 'style' | 'background' | 'title' | 'stills' | 'clock'>,
  req: Pick<RenderRequest, 'props' | 'publicCapture'>,
  avatar: Record<string, unknown> | null,
  captureUrl: string | null,
): Record<string, unknown> => {
  const { style, background, title, stills, clock } = prepared;
  const withAvatar = avatar ? { ...style, avatar } : style;
  // A background picture named by the capture dir (not overridden by the props) is served from it.
  const bg = withAvatar.background as { src?: unknown } | undefined;
  const merged =
    background !== null && bg?.src === background
      ? {
          ...withAvatar,
          background: { ...bg, src: captureUrl ? `${captureUrl.replace(/\/+$/, '')}/${background}` : `${req.publicCapture ?? ''}/${background}` },
        }
      : withAvatar;
  const props = Object.keys(merged).length ? { ...req.props, style: merged } : req.props;
  return { ...withScriptTitle(props, title), capture: captureUrl ?? req.publicCapture, ...(stills ? { stills } : {}), recordingClock: clock };
};
