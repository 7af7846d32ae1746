/**
 * The capture log's clock against the recording's own (what ffprobe reads from the file), so
 * that both render paths read the recording on one clock:
 *   - event time t (ms, 0 = the recording's first frame) is the recording's frame with
 *     presentation time `startMs + t`: a recording whose first frame is not at 0 (a container
 *     start_time) is read from its first frame in both paths;
 *   - the video lasts as long as both the log and the recording: a mismatch of at most
 *     CLAMP_LIMIT_MS is clamped to the shorter one (with a warning when it is more than the
 *     tolerance of two frames), a larger one is refused by render (capture-dir.ts).
 * Pure: no I/O.
 */
import { frameAt, msAt } from '../base/time';

/** What the render measured of the recording (ms, on the file's presentation clock). */
export type RecordingClock = {
  /** The first frame's presentation time (the stream's start_time, ≥ 0). */
  startMs: number;
  /** The recording's own length: last frame's end less the first frame's start. */
  durationMs: number;
};

/** The largest mismatch (ms) between capture.json's durationMs and the recording that is clamped rather than refused. */
export const CLAMP_LIMIT_MS = 1000;

/** How far the recording's duration may be from `durationMs` unnoticed: two frames, and never under 100 ms. */
export const recordingToleranceMs = (fps: number): number => Math.max(100, msAt(2, fps));

export type DurationFit = { ok: true; durationMs: number; warning: string | null } | { ok: false; message: string };

/**
 * How long the video runs, given the log's and the recording's durations.
 * @param logMs capture.json's `durationMs`; `recordingMs` the recording's probed length; `fps` the log's
 * @param names how to name the two in messages (`capture.json`, `"recording.mp4"`)
 * @returns ok: the shorter of the two (ms) and a warning when they differ by more than
 *   recordingToleranceMs; not ok (a mismatch above CLAMP_LIMIT_MS): what `durationMs` must be (both numbers)
 */
export const fitDuration = (logMs: number, recordingMs: number, fps: number, names: { log: string; recording: string }): DurationFit => {
  const diff = Math.abs(logMs - recordingMs);
  if (diff > CLAMP_LIMIT_MS) {
    return {
      ok: false,
      message: `must be the length of ${names.recording} (${recordingMs} ms, clamped when within ${CLAMP_LIMIT_MS} ms), but got ${logMs} (${diff} ms ${logMs > recordingMs ? 'longer' : 'shorter'})`,
    };
  }
  const durationMs = Math.min(logMs, recordingMs);
  if (diff <= recordingToleranceMs(fps)) return { ok: true, durationMs, warning: null };
  return {
    ok: true,
    durationMs,
    warning:
      logMs > recordingMs
        ? `${names.log}: durationMs is ${logMs} but ${names.recording} lasts ${recordingMs} ms: rendering ${durationMs} ms (the log's last ${diff} ms have no picture)`
        : `${names.log}: durationMs is ${logMs} but ${names.recording} lasts ${recordingMs} ms: rendering ${durationMs} ms (the recording's last ${diff} ms are left out)`,
  };
};

/**
 * The log cut to what the recording holds: `durationMs` the shorter of the two (see
 * fitDuration; a mismatch above CLAMP_LIMIT_MS never reaches here, render refuses it). Events
 * and stills past the end are left as they are (the log's schema allows them up to 1 s past it).
 */
export const fitLogToRecording = <L extends { durationMs: number }>(log: L, clock: RecordingClock | undefined): L =>
  clock && clock.durationMs < log.durationMs && log.durationMs - clock.durationMs <= CLAMP_LIMIT_MS ? { ...log, durationMs: clock.durationMs } : log;

/**
 * The recording's frame (a `trimBefore` in frames at `fps`, for Remotion's <Video>) that event
 * time `recMs` shows: the recording's presentation time `startMs + recMs`.
 */
export const recordingFrameAt = (recMs: number, fps: number, startMs = 0): number => frameAt(recMs + startMs, fps);
