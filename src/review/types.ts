/**
 * What `screenplay review` finds in a rendered video (or a capture): each finding with a
 * severity, the time range in the video, the step and the script line it comes from, and a fix
 * in words an agent can act on. The shapes of review.json.
 */
import type { OutputFormatName } from '../formats';

export type ReviewSeverity = 'error' | 'warning' | 'info';

/** The checks review runs; each finding names one. */
export type ReviewCheck =
  | 'frozen' // the picture does not change for longer than the limit while nothing is said
  | 'blank' // blank or near-uniform frames
  | 'focus-hidden' // the click or typed line the camera follows is under the avatar, captions or a platform's UI
  | 'text-too-small' // text in the (zoomed) view is too small to read in this format
  | 'zoom-past-resolution' // the zoom magnifies the recording past its own pixels (blurry)
  | 'narration-overlap' // a say line starts before the one before it has ended
  | 'narration-past-end' // a say line ends after the video
  | 'step-failed' // the capture stopped at a failed step, or a step was cut
  | 'outside-safe-zone' // a caption, callout or card reaches into a platform preset's UI (its safe zone)
  | 'audio-clipping' // the audio reaches full scale
  | 'audio-silent' // silence where narration was expected
  | 'card-outside-frame'; // a card's, chapter banner's or hook's text, logo or QR code is outside the frame or its safe zone

export type ReviewFinding = {
  check: ReviewCheck;
  severity: ReviewSeverity;
  /** Where in the rendered video (ms from its start; the capture's clock when there is no video). */
  fromMs: number;
  toMs: number;
  /** The plan step it belongs to ("3", "2.1") and its script line ("video.yaml:12:5"), when known. */
  step?: string;
  source?: string;
  /** What is wrong, one line. */
  message: string;
  /** What to change in the script, in words ("zoom to 1.6 or less", "move the avatar: avatar.position: top"). */
  fix: string;
  /** Measured numbers behind the finding (seconds frozen, glyph px, zoom level…). */
  measured?: Record<string, number | string>;
};

/** review.json for one rendered video (or the capture alone when `video` is null). */
export type ReviewReport = {
  version: 1;
  /** The video reviewed (path relative to the review.json's folder), or null for a capture alone. */
  video: string | null;
  format: OutputFormatName | null;
  durationMs: number;
  /** The contact sheet beside it (relative path), or null when none could be made. */
  contactSheet: string | null;
  findings: ReviewFinding[];
  counts: Record<ReviewSeverity, number>;
};
