/**
 * A capture dir → the ReviewInput of one format: the same pipeline a render runs
 * (computeMetadata, with the script's style and title as render merges them), in Node. The
 * capture dir is untrusted: it is read through readCaptureDir (every path confined to it, by
 * real path; the recording checked against capture.json; sizes bounded).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { OutputFormatName } from '../formats';
import type { CaptureLog } from '../capture-log/schema';
import type { RecordingClock } from '../timeline/recording-clock';
import { landscapeMetadata } from '../compositions/landscape/calculate-metadata';
import { squareMetadata } from '../compositions/square/calculate-metadata';
import { portraitMetadata } from '../compositions/portrait/calculate-metadata';
import { tiktokSplitMetadata } from '../compositions/tiktok-split/calculate-metadata';
import { computeMetadata, type MetadataSpec } from '../compositions/shared/metadata';
import type { ScreenLayout } from '../frame/layout';
import type { Style } from '../compositions/shared/style-schema';
import { invalidInput } from '../errors';
import { narrationSchema, type Narration } from '../narration/schema';
import { measureStills, readCaptureDir, resolveInCaptureDir, type CheckedCaptureDir } from '../render/capture-dir';
import { describeProblems, mergeStyle, withScriptTitle } from '../render/render-props';
import { fitLogToRecording } from '../timeline/recording-clock';
import { retimeCaptureLog } from '../timeline/retime';
import { stepSpans, type ReviewInput } from './review-input';
import { msAt } from '../base/time';
import { CAPTURE_JSON, NARRATION_DIR, NARRATION_JSON } from '../capture-log/capture-dir-files';

type AnySpec = MetadataSpec<{ capture: string; style: Style }, ScreenLayout>;
/** Each format's composition spec (layout, captions, avatar), the ones calculateMetadata uses. */
export const FORMAT_SPEC: Record<OutputFormatName, AnySpec> = {
  landscape: landscapeMetadata as unknown as AnySpec,
  tiktok: tiktokSplitMetadata as unknown as AnySpec,
  square: squareMetadata as unknown as AnySpec,
  portrait: portraitMetadata as unknown as AnySpec,
};

/** narration/narration.json (already checked by readCaptureDir), or null without one. */
const readNarration = (dir: string, root: string): Narration | null => {
  const rel = path.join(NARRATION_DIR, NARRATION_JSON);
  const file = path.join(dir, rel);
  if (!fs.existsSync(file)) return null;
  const real = resolveInCaptureDir(root, rel, { file, field: '' });
  const parsed = narrationSchema.safeParse(JSON.parse(fs.readFileSync(real, 'utf8')));
  return parsed.success ? parsed.data : null;
};

/**
 * The ReviewInput of one format from a capture log (pure): the script's style and title merged
 * as render merges them, then computeMetadata.
 * @param log capture.json's log; `clock` the recording's clock; `stills` where the recording stands still
 * @throws invalid-input (exit 1) when capture.json's style does not fit the composition
 */
export const buildReviewInput = (
  log: CaptureLog,
  format: OutputFormatName,
  opts: { narration?: Narration | null; stills?: CaptureLog['stills']; clock?: RecordingClock; durationMs?: number; captureJson?: string } = {},
): ReviewInput => {
  const spec = FORMAT_SPEC[format];
  const style = mergeStyle((log.style ?? {}) as Record<string, unknown>, {});
  const props = { ...withScriptTitle({ style }, log.title), capture: 'http://127.0.0.1/review' };
  const parsed = spec.schema.safeParse(props);
  if (!parsed.success) throw invalidInput(describeProblems(parsed.error.issues, props, opts.captureJson ?? CAPTURE_JSON, []).join('\n'));
  const stills = log.stills ?? opts.stills;
  const narration = opts.narration ?? null;
  const { computed } = computeMetadata(spec, {
    parsed: parsed.data,
    log,
    recordingSrc: '',
    narration,
    ...(stills ? { stills } : {}),
    ...(opts.clock ? { recordingClock: opts.clock } : {}),
  });
  const fitted = fitLogToRecording(log, opts.clock);
  const recordedLog = fitted.stills === undefined && stills ? { ...fitted, stills } : fitted;
  const onVideo = retimeCaptureLog(recordedLog, computed.timeMap);
  return {
    format,
    frame: spec.size,
    computed,
    captionsShown: parsed.data.style.captions.enabled,
    log: onVideo,
    recordedLog,
    lineMs: new Map((narration?.lines ?? []).map((l) => [l.id, l.durationMs])),
    steps: stepSpans(onVideo),
    durationMs: opts.durationMs ?? msAt(computed.timeline.durationInFrames, computed.timeline.fps),
  };
};

export type LoadedReview = { input: ReviewInput; checked: CheckedCaptureDir; narration: Narration | null };

/**
 * @param captureDir the capture dir (may be a symbolic link to one)
 * @param durationMs the rendered video's length (ms); absent: the timeline's
 * @throws invalid-input (exit 1) naming the file and JSON path of what is wrong in the capture dir
 */
export const loadReviewInput = (captureDir: string, format: OutputFormatName, durationMs?: number, checkedDir?: CheckedCaptureDir): LoadedReview => {
  const checked = checkedDir ?? readCaptureDir(captureDir);
  const { root, recording, log, clock } = checked;
  const narration = readNarration(captureDir, root);
  // The still stretches render measures for a capture.json without them (cached outside the dir).
  const stills = log.stills ?? measureStills(recording, log.durationMs);
  const input = buildReviewInput(log, format, {
    narration,
    stills,
    clock,
    ...(durationMs !== undefined ? { durationMs } : {}),
    captureJson: path.join(captureDir, CAPTURE_JSON),
  });
  return { checked, narration, input };
};
