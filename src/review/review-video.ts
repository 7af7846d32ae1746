/**
 * `screenplay review` as a library: reviewVideo (one rendered video, or a capture alone →
 * ReviewReport) and writeReview (that, plus the contact sheet and review.json beside the video).
 * Pure checks (timeline-checks.ts, media-checks.ts) over the timeline a render uses; ffmpeg only
 * for the picture (frozen, blank), the audio and the contact sheet (media.ts, contact-sheet.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { OutputFormatName } from '../formats';
import { invalidInput } from '../errors';
import { readCaptureDir } from '../render/capture-dir';
import { OUTPUT_FORMATS } from '../formats';
import { sheetTiles, writeContactSheet } from './contact-sheet';
import { loadReviewInput } from './load-review-input';
import { audioFindings, pictureFindings } from './media-checks';
import { analyseAudio, analyseFrames, probeVideo } from './media';
import { stepSpans, type ReviewInput } from './review-input';
import { checkNarration, checkSteps, timelineChecks } from './timeline-checks';
import { safeZoneChecks, type SafeZone } from './safe-zone-checks';
import type { ReviewFinding, ReviewReport, ReviewSeverity } from './types';
import { frameAt } from '../base/time';
import { CONTACT_SHEET_PNG, REVIEW_JSON, videoReviewFileNames } from '../capture-log/capture-dir-files';

export type ReviewOptions = {
  /** The capture dir the video was rendered from (untrusted: read through readCaptureDir). */
  captureDir: string;
  /** The rendered video (an .mp4 of `format`), or null to review the capture alone (on the capture's clock). */
  video: string | null;
  format: OutputFormatName;
  /** The safe zones of the platform presets made from this video (9:16 presets): what is drawn outside one is a finding. */
  safeZones?: readonly SafeZone[];
  /** One line per stage ("review landscape: picture"). */
  onProgress?: (line: string) => void;
};

const SEVERITY_ORDER: Record<ReviewSeverity, number> = { error: 0, warning: 1, info: 2 };

/** Findings in time order (errors first at the same time), and their counts by severity. */
export const sortFindings = (findings: readonly ReviewFinding[]): { findings: ReviewFinding[]; counts: Record<ReviewSeverity, number> } => {
  const sorted = [...findings].sort((a, b) => a.fromMs - b.fromMs || SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || a.check.localeCompare(b.check));
  const counts: Record<ReviewSeverity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of sorted) counts[f.severity]++;
  return { findings: sorted, counts };
};

/** The capture alone: its steps, narration and recording, on the capture's clock. */
const reviewCapture = async (
  opts: ReviewOptions,
): Promise<{ report: ReviewReport; recording: string; size: { width: number; height: number }; fps: number; input: ReviewInput }> => {
  const checked = readCaptureDir(opts.captureDir);
  const { input: onVideo } = loadReviewInput(opts.captureDir, opts.format, undefined, checked);
  const rec = onVideo.recordedLog;
  const input: ReviewInput = { ...onVideo, log: rec, steps: stepSpans(rec), durationMs: rec.durationMs };
  opts.onProgress?.('review capture: timeline');
  const findings = [...checkSteps(input), ...checkNarration(input)];
  opts.onProgress?.('review capture: picture');
  const probe = probeVideo(checked.recording);
  const frames = await analyseFrames(checked.recording, probe, { x: 0, y: 0, width: rec.screen.width, height: rec.screen.height });
  const voice = rec.events.flatMap((e) => (e.type === 'say' ? [{ fromMs: e.tMs, toMs: e.tMs + (input.lineMs.get(e.id) ?? e.endMs - e.tMs) }] : []));
  findings.push(...pictureFindings(frames, voice, input.steps, 'the recording'));
  const { findings: sorted, counts } = sortFindings(findings);
  return {
    report: { version: 1, video: null, format: null, durationMs: rec.durationMs, contactSheet: null, findings: sorted, counts },
    recording: checked.recording,
    size: { width: probe.width, height: probe.height },
    fps: probe.fps,
    input,
  };
};

const reviewRendered = async (
  opts: ReviewOptions & { video: string },
): Promise<{ report: ReviewReport; size: { width: number; height: number }; fps: number; input: ReviewInput }> => {
  const say = (s: string) => opts.onProgress?.(`review ${opts.format}: ${s}`);
  if (!fs.existsSync(opts.video) || !fs.statSync(opts.video).isFile()) throw invalidInput(`${opts.video}: expected a rendered video, but it does not exist`);
  const probe = probeVideo(opts.video);
  // The video must be this capture's, in this format: its shape the format's, its length the timeline's.
  const size = OUTPUT_FORMATS[opts.format].size;
  if (Math.abs(probe.width / probe.height - size.width / size.height) > 0.02) {
    throw invalidInput(
      `${opts.video}: expected a ${opts.format} video (${size.width}x${size.height}, or a scale of it), but it is ${probe.width}x${probe.height}`,
    );
  }
  const first = loadReviewInput(opts.captureDir, opts.format);
  const natural = first.input.durationMs;
  if (Math.abs(probe.durationMs - natural) > Math.max(1000, natural * 0.05)) {
    throw invalidInput(
      `${opts.video}: expected the video rendered from ${opts.captureDir} (${(natural / 1000).toFixed(1)} s), but it is ${(probe.durationMs / 1000).toFixed(1)} s long: render it again from this capture`,
    );
  }
  const { input } = loadReviewInput(opts.captureDir, opts.format, probe.durationMs, first.checked);
  say('timeline');
  const findings = timelineChecks(input);
  for (const zone of opts.safeZones ?? []) findings.push(...safeZoneChecks(input, zone));
  // The screen's area of the frame, in the video's px (a render at --scale is smaller).
  const k = probe.width / input.frame.width;
  const stage = input.computed.layout.stage;
  say('picture');
  // The avatar bubble over the screen (Landscape) moves and talks: left out of the picture checks.
  const avatar = input.computed.avatar;
  const fps = input.computed.timeline.fps;
  const bubble = avatar
    ? (tMs: number) => {
        const f = Math.min(avatar.placement.x.length - 1, frameAt(tMs, fps));
        const r = avatar.placement.size / 2;
        return [{ cx: ((avatar.placement.x[f] ?? 0) + r) * k, cy: ((avatar.placement.y[f] ?? 0) + r) * k, r: r * k * 1.08 }];
      }
    : undefined;
  const frames = await analyseFrames(opts.video, probe, { x: stage.x * k, y: stage.y * k, width: stage.width * k, height: stage.height * k }, bubble);
  const clips = input.computed.narration.clips;
  findings.push(
    ...pictureFindings(
      frames,
      clips.map((c) => ({ fromMs: c.startMs, toMs: c.startMs + c.durationMs })),
      input.steps,
      `the ${opts.format} video's screen area`,
    ),
  );
  say('audio');
  findings.push(...audioFindings(await analyseAudio(opts.video, probe), clips, input.steps, probe.hasAudio));
  const { findings: sorted, counts } = sortFindings(findings);
  return {
    report: { version: 1, video: path.basename(opts.video), format: opts.format, durationMs: probe.durationMs, contactSheet: null, findings: sorted, counts },
    size: { width: probe.width, height: probe.height },
    fps: probe.fps,
    input,
  };
};

/**
 * Reviews one rendered video of `format` made from `captureDir` (or, with `video: null`, the
 * capture alone: steps, narration, frozen and blank stretches of the recording, on the capture's
 * clock). Writes nothing. `contactSheet` is null (writeReview makes it).
 * @throws invalid-input (exit 1) for a bad capture dir or a missing video; runtime (exit 2) when ffmpeg fails
 */
export const reviewVideo = async (opts: ReviewOptions): Promise<ReviewReport> =>
  opts.video === null ? (await reviewCapture(opts)).report : (await reviewRendered({ ...opts, video: opts.video })).report;

/** Where writeReview puts its files: DIR/landscape.review.json beside DIR/landscape.mp4; CAPDIR/review.json for a capture alone. */
export const reviewPaths = (opts: Pick<ReviewOptions, 'captureDir' | 'video'>): { json: string; sheet: string } => {
  if (opts.video === null) return { json: path.join(opts.captureDir, REVIEW_JSON), sheet: path.join(opts.captureDir, CONTACT_SHEET_PNG) };
  return videoReviewFileNames(opts.video.replace(/\.[^./\\]+$/, ''));
};

/**
 * Replaces `file` with what `write(tmp)` writes to a temporary file beside it: never through a
 * symbolic link at `file` (the rename replaces the link itself).
 */
export const replaceFile = (file: string, write: (tmp: string) => void): void => {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp${path.extname(file)}`);
  fs.rmSync(tmp, { force: true });
  try {
    write(tmp);
    fs.renameSync(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
};

export type WrittenReview = { report: ReviewReport; json: string; sheet: string | null };

/**
 * reviewVideo, then the contact sheet and review.json beside the video (reviewPaths). A contact
 * sheet that cannot be made leaves `contactSheet: null` and says so through onProgress.
 */
export const writeReview = async (opts: ReviewOptions): Promise<WrittenReview> => {
  const paths = reviewPaths(opts);
  const done = opts.video === null ? await reviewCapture(opts) : await reviewRendered({ ...opts, video: opts.video });
  const source = opts.video ?? ('recording' in done ? (done as { recording: string }).recording : '');
  let sheet: string | null = paths.sheet;
  try {
    opts.onProgress?.(`review ${opts.video === null ? 'capture' : opts.format}: contact sheet`);
    const tiles = sheetTiles(done.input.steps, done.report.durationMs);
    replaceFile(paths.sheet, (tmp) => writeContactSheet(source, done.size, done.fps, tiles, tmp));
  } catch (err) {
    sheet = null;
    opts.onProgress?.(`warning: no contact sheet: ${(err as Error).message}`);
  }
  const report: ReviewReport = { ...done.report, contactSheet: sheet ? path.basename(sheet) : null };
  replaceFile(paths.json, (tmp) => fs.writeFileSync(tmp, `${JSON.stringify(report, null, 2)}\n`, { flag: 'wx' }));
  return { report, json: paths.json, sheet };
};

export type ReviewSummary = { version: 1; reports: Array<ReviewReport & { review: string }>; counts: Record<ReviewSeverity, number> };

/** DIR/review.json: every report (each with `review`, its review.json relative to DIR) and the counts over all. */
export const writeReviewSummary = (dir: string, written: readonly WrittenReview[]): { file: string; summary: ReviewSummary } => {
  const counts: Record<ReviewSeverity, number> = { error: 0, warning: 0, info: 0 };
  for (const w of written) for (const k of Object.keys(counts) as ReviewSeverity[]) counts[k] += w.report.counts[k];
  const rel = (p: string) => path.relative(dir, p).split(path.sep).join('/');
  const summary: ReviewSummary = {
    version: 1,
    reports: written.map((w) => ({
      ...w.report,
      review: rel(w.json),
      video: w.report.video && rel(path.join(path.dirname(w.json), w.report.video)),
      contactSheet: w.sheet && rel(w.sheet),
    })),
    counts,
  };
  const file = path.join(dir, REVIEW_JSON);
  replaceFile(file, (tmp) => fs.writeFileSync(tmp, `${JSON.stringify(summary, null, 2)}\n`, { flag: 'wx' }));
  return { file, summary };
};
