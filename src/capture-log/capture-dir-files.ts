/**
 * The names of the files in a capture dir and in make's output folder: the one place they are
 * spelled. Each name says what writes it and what reads it. Pure data.
 *
 *   CAPTURE_DIR/                 capture (src/capture/run-capture.ts), finalised by finalise-capture-dir.ts
 *     events.jsonl               the event log, written line by line during the take
 *     recording.raw.mp4          the recorder's fragmented output, remuxed into …
 *     recording.mp4              … the recording render composites
 *     capture.json               the finished capture log
 *     terminal.cast              the terminal's asciicast (a take with a terminal)
 *     narration/narration.json   the narrated lines; their clips lie beside it
 *     narration/.cache/          the narrator's cache of synthesised clips
 *     avatar/, background/       pictures and clips the script names, copied in; the prepared avatar
 *     review.json, contact-sheet.png   review of the capture alone
 *   OUT/                         make (src/make/make.ts)
 *     make.json, capture/ (capture.next/ during a take, capture.failed/ after a failed one),
 *     <format>.mp4 (.srt, .vtt; <format>.partial.* while rendering), <format>.review.json,
 *     <format>.contact-sheet.png, review.json
 */

/**
 * The event log: a header line, then one event a line. Written during the take by
 * EventLogWriter (src/capture/event-log.ts); read by finaliseCaptureDir, which turns it into
 * capture.json. Found without capture.json, it means the take did not finish (`screenplay finalise`).
 * make's restyle rewrites its header's title, style and avatar.
 */
export const EVENTS_JSONL = 'events.jsonl';

/**
 * The recording as the screen recorder writes it (fragmented MP4, readable up to its last
 * whole fragment). Written by the recorders (src/capture/recorder.ts, obs-recorder.ts); read and
 * removed by finaliseCaptureDir, which remuxes it into RECORDING.
 */
export const RAW_RECORDING = 'recording.raw.mp4';

/**
 * The recording render composites: the name capture gives it (events.jsonl's header
 * `recording`, then capture.json's). Written by finaliseCaptureDir; read by render
 * (src/render/capture-dir.ts, via capture.json's `recording`), review, make's keys and the MCP still.
 */
export const RECORDING = 'recording.mp4';

/**
 * The capture log (src/capture-log/schema.ts): screen, fps, duration, events, stills, and the
 * script's title, style, avatar and formats. Written by finaliseCaptureDir (and rewritten by make's
 * restyle); read by render (readCaptureDir), review, make, `screenplay finalise` and the MCP server.
 */
export const CAPTURE_JSON = 'capture.json';

/**
 * The terminal's asciicast v2 recording; its time 0 is capture.json's `terminal` event. Written by capture for a take with a
 * terminal; read by render's sharp terminal text (src/render/terminal-text/session.ts), and by people and asciinema.
 */
export const TERMINAL_CAST = 'terminal.cast';

/**
 * narration.json's folder, relative to the capture dir; its clips (`lines[].audio`) are named
 * relative to it and live in it. Written by narrate (src/narration/narrate.ts) through
 * `screenplay narrate`, capture and make; read by render, review and the avatar's preparation.
 */
export const NARRATION_DIR = 'narration';

/**
 * The narrated lines (src/narration/schema.ts): each line's id, clip, duration and words.
 * Lives in NARRATION_DIR. Written by narrate; read by render, review, the avatar's preparation
 * (src/avatar/prepare.ts) and make's render key.
 */
export const NARRATION_JSON = 'narration.json';

/**
 * The narrator's cache of synthesised clips, inside the narration folder (keyed by the line's
 * text and voice). Written and read by narrate; make copies it between takes.
 */
export const NARRATION_CACHE_DIR = '.cache';

/**
 * The avatar's folder: the clip or image the script's avatar block names, copied in by capture
 * (and make's restyle), and the HeyGen clip made from the narration, cached by render's avatar
 * preparation (src/avatar/prepare.ts). Read by render; make's render key hashes it.
 */
export const AVATAR_DIR = 'avatar';

/**
 * The background picture `style.background.src` names, copied in by capture (and make's
 * restyle). Read by render (served to the browser); make's render key hashes it.
 */
export const BACKGROUND_DIR = 'background';

/**
 * A review's findings (src/review/types.ts ReviewReport or, in make's folder, ReviewSummary).
 * In a capture dir: the review of the capture alone. In make's folder: the summary over every
 * video. Written by writeReview / writeReviewSummary (src/review/review-video.ts); read by people
 * and agents (the MCP `review` tool names it).
 */
export const REVIEW_JSON = 'review.json';

/** The review's contact sheet of the capture alone (a PNG grid of frames), beside REVIEW_JSON. Written by writeReview. */
export const CONTACT_SHEET_PNG = 'contact-sheet.png';

/**
 * make's manifest (version, the capture's key, each format's render key): what make re-uses
 * next time. Written and read by make (src/make/make.ts), in its output folder.
 */
export const MAKE_MANIFEST = 'make.json';

/** The capture dir inside make's output folder. Written by make; `screenplay review OUT` finds it there. */
export const MAKE_CAPTURE_DIR = 'capture';

/** Where make records a fresh take; renamed to MAKE_CAPTURE_DIR when the take succeeds. Written and read by make. */
export const MAKE_NEXT_CAPTURE_DIR = 'capture.next';

/** The last failed take, kept (with its review) for its miss pictures and partial log. Written by make. */
export const MAKE_FAILED_CAPTURE_DIR = 'capture.failed';

/**
 * One format's file in make's (or `screenplay render`'s) output folder: `<format>.mp4`, and its
 * captions `<format>.srt` / `.vtt` beside it (render writes them named after the video). Read by review.
 */
export const formatFileName = (format: string, ext = 'mp4'): string => `${format}.${ext}`;

/** What make renders into before the video is whole (then renamed to formatFileName): `<format>.partial.mp4`, `.srt`, `.vtt`. */
export const partialFormatFileName = (format: string, ext = 'mp4'): string => `${format}.partial.${ext}`;

/** A video's review and contact sheet, beside it: `<video without its extension>.review.json` and `.contact-sheet.png`. Written by writeReview. */
export const videoReviewFileNames = (videoBase: string): { json: string; sheet: string } => ({
  json: `${videoBase}.review.json`,
  sheet: `${videoBase}.contact-sheet.png`,
});
