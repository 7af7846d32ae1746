/**
 * Turns what a capture left in its dir into the capture-dir contract: recording.mp4 (H.264,
 * constant frame rate, seekable) and capture.json. Works the same for a capture that finished
 * and for one that crashed or was stopped: a killed recorder leaves a fragmented MP4 whose
 * complete fragments are kept, and events.jsonl's half-written last line is dropped; the log
 * then says "complete": false.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { finaliseCaptureLog, formatProblems, readEventsJsonl, type CaptureLog } from '../capture-log';
import { invalidInput, runtimeError } from '../errors';
import { detectStills } from '../media/stills';
import { H264_BT601_TAGS, probeColourSpace, probeDurationMs, probeVideoSize } from '../media/probe';
import { mediaRefusal } from '../util/sniff-media';
import { CAPTURE_JSON, EVENTS_JSONL, RAW_RECORDING, RECORDING } from '../capture-log/capture-dir-files';

/**
 * Runs ffmpeg with `inputArgs` into a folder made just now inside `dir` (nothing can be planted
 * there), then renames the result to `final`: never written through a link at `final`, and a
 * `final` that is also the input is replaced only once the output is whole.
 * @throws runtime error `failure`, with ffmpeg's last line, when ffmpeg fails
 */
const ffmpegIntoPlace = (dir: string, inputArgs: string[], final: string, failure: string): void => {
  const work = fs.mkdtempSync(path.join(dir, '.finalise-'));
  try {
    const out = path.join(work, RECORDING);
    const r = spawnSync('ffmpeg', ['-v', 'error', '-y', ...inputArgs, out], { encoding: 'utf8' });
    if (r.status !== 0 || !fs.existsSync(out)) throw runtimeError(`${failure}: ${r.stderr.trim().split('\n').at(-1) ?? ''}`);
    fs.renameSync(out, final);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
};

export type FinaliseOptions = {
  /**
   * For a capture whose screenplay was killed (no end line): end it at its last event's end,
   * not at the recording's end, which may hold footage a recorder took after screenplay died.
   */
  trimToEvents?: boolean;
};

/** The log, the lines of events.jsonl dropped (a half-written last line), and the recording's own length in ms (null when ffprobe cannot tell). */
export type FinaliseResult = { log: CaptureLog; droppedLines: number[]; recordingDurationMs: number | null };

/**
 * Finalises the capture dir `dir` in place (see above) and returns what it wrote to
 * capture.json. Throws a runtime error when there is no events.jsonl or no recording, or the
 * log cannot be read; an invalid-input error when the log names a recording outside `dir`.
 */
export const finaliseCaptureDir = (dir: string, opts: FinaliseOptions = {}): FinaliseResult => {
  const eventsFile = path.join(dir, EVENTS_JSONL);
  // What a capture dir holds is read and written as plain files only: a symbolic link (to a file
  // outside, or to nothing, where a write would create it) is refused, never followed.
  const plainFile = (file: string, what: string): boolean => {
    const stat = fs.lstatSync(file, { throwIfNoEntry: false });
    if (stat === undefined) return false;
    if (!stat.isFile())
      throw invalidInput(`${file}: expected ${what} to be a plain file, but it is ${stat.isSymbolicLink() ? 'a symbolic link' : 'not a file'}`);
    return true;
  };
  if (!plainFile(eventsFile, 'the event log')) throw runtimeError(`${dir}: no events.jsonl to finalise`);
  plainFile(path.join(dir, CAPTURE_JSON), CAPTURE_JSON);
  const read = readEventsJsonl(fs.readFileSync(eventsFile, 'utf8'));
  const recording = read.header?.recording ?? RECORDING;
  const raw = path.join(dir, RAW_RECORDING);
  const final = path.resolve(dir, recording);
  if (path.basename(final) === RAW_RECORDING)
    throw invalidInput(`${eventsFile}: line 1 (header): recording: expected the final recording's name, but got the raw recording's, "${RAW_RECORDING}"`);
  if (path.dirname(final) !== path.resolve(dir))
    throw invalidInput(`${eventsFile}: line 1 (header): recording: expected a file name in the capture dir, but got "${recording}"`);
  if (fs.lstatSync(final, { throwIfNoEntry: false })?.isSymbolicLink()) throw invalidInput(`${final}: expected the recording to be a file, but it is a link`);
  if (plainFile(raw, 'the raw recording')) {
    const refusal = mediaRefusal(raw, 'video');
    if (refusal) throw invalidInput(`${raw}: expected the raw recording, but it ${refusal}`);
    // Remux (no re-encode): keep every complete fragment, write an index at the front. An
    // untagged H.264 stream (a recorder that did not say) is tagged as the BT.601 ffmpeg reads it
    // as, so Chromium reads it alike (media/probe.ts RECORDING_COLOUR_TAGS).
    const colour = probeColourSpace(raw);
    const tag = colour?.codec === 'h264' && colour.colourSpace === 'unknown' ? [...H264_BT601_TAGS] : [];
    ffmpegIntoPlace(dir, ['-i', raw, '-c', 'copy', ...tag, '-movflags', '+faststart'], final, `could not finalise the recording ${raw}`);
    fs.rmSync(raw);
  }
  if (!plainFile(final, 'the recording'))
    throw invalidInput(`${dir}: expected the recording (${RAW_RECORDING} or ${recording}) in the capture dir, but found none`);
  const refusal = mediaRefusal(final, 'video');
  if (refusal) throw invalidInput(`${final}: expected the recording, but it ${refusal}`);
  const recordingDurationMs = probeDurationMs(final);
  const eventsEndMs = read.events.reduce((max, e) => Math.max(max, 'endMs' in e && e.endMs !== undefined ? e.endMs : e.tMs), 0);
  let trimmed = opts.trimToEvents && !read.complete && eventsEndMs > 0 ? Math.min(recordingDurationMs ?? Infinity, eventsEndMs) : recordingDurationMs;
  if (trimmed !== null && recordingDurationMs !== null && trimmed < recordingDurationMs - 50) {
    // The recording itself ends there too (stream copy, cut after the last frame before the
    // end), so it agrees with capture.json's durationMs as render checks.
    ffmpegIntoPlace(
      dir,
      ['-i', final, '-t', (trimmed / 1000).toFixed(3), '-c', 'copy', '-movflags', '+faststart'],
      final,
      `could not trim the recording ${final}`,
    );
    trimmed = Math.min(trimmed, probeDurationMs(final) ?? trimmed);
  }
  // An odd-sized screen is recorded padded to even sides: capture.json says so (recordingSize).
  const recordingSize = probeVideoSize(final) ?? undefined;
  const result = finaliseCaptureLog(read, { recordingDurationMs: trimmed ?? undefined, recordingSize });
  if (!result.ok) throw invalidInput(`the event log cannot be finalised:\n${formatProblems(eventsFile, result.problems)}`);
  // Events past the end of what was recorded (the recorder died first) cannot be shown.
  const log = { ...result.log, events: result.log.events.filter((e) => e.tMs <= result.log.durationMs), stills: detectStills(final, result.log.durationMs) };
  // Written to a new file (O_EXCL: never through a planted link) and renamed into place.
  const tmp = path.join(dir, `.capture.json.${process.pid}.${Date.now()}`);
  fs.writeFileSync(tmp, `${JSON.stringify(log)}\n`, { flag: 'wx' });
  fs.renameSync(tmp, path.join(dir, CAPTURE_JSON));
  return { log, droppedLines: read.droppedLines, recordingDurationMs };
};
