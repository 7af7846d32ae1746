/**
 * What the pure checks read (plain data): the timeline and layout a render of one format used
 * (computeMetadata's Computed), the capture log on the video's clock, the script's steps on
 * that clock, and the narration as placed in the video. Built from a capture dir by
 * load-review-input.ts; built by hand in tests.
 */
import type { CaptureLog } from '../capture-log/schema';
import type { OutputFormatName } from '../formats';
import type { Computed } from '../compositions/shared/metadata';
import type { ScreenLayout } from '../frame/layout';
import type { Size } from '../timeline/view';

/** A script step on the video's clock (ms), from the capture log's `step` events. */
export type StepSpan = { id: string; action: string; source?: string; fromMs: number; toMs: number };

export type ReviewInput = {
  format: OutputFormatName;
  /** The composition's full size (px): what layout, captions and avatar are measured in. */
  frame: Size;
  /** The pipeline's result for this format (timeline, layout, caption box, narration, avatar, time map). */
  computed: Pick<Computed<ScreenLayout>, 'timeline' | 'layout' | 'captionBox' | 'narration' | 'avatar' | 'timeMap' | 'cards'>;
  /** Captions are drawn (style.captions.enabled). */
  captionsShown: boolean;
  /** The capture log on the video's clock (retimed), and as recorded (the recording's clock). */
  log: CaptureLog;
  recordedLog: CaptureLog;
  /** Each say line's full length (ms) from narration.json, by id. */
  lineMs: Map<string, number>;
  steps: StepSpan[];
  /** The video's length (ms): the rendered file's, or the timeline's. */
  durationMs: number;
};

/** The step running at `tMs` (video clock): the last one started by then, else the first. */
export const stepAt = (steps: readonly StepSpan[], tMs: number): StepSpan | undefined => {
  let found: StepSpan | undefined;
  for (const s of steps) if (s.fromMs <= tMs + 1) found = s;
  return found ?? steps[0];
};

/**
 * The step id and source fields of a finding at `tMs`. Steps that take no time (a `say` with
 * `wait: false`, a `zoom`) start at the same moment as the step after them: with `prefer`, the
 * finding goes to the latest step it prefers that started within 50 ms before `tMs`, if any.
 */
export const stepFields = (steps: readonly StepSpan[], tMs: number, prefer?: (s: StepSpan) => boolean): { step?: string; source?: string } => {
  let s = stepAt(steps, tMs);
  if (prefer && s && !prefer(s)) s = steps.filter((x) => x.fromMs <= tMs + 1 && x.fromMs >= tMs - 50 && prefer(x)).at(-1) ?? s;
  return s ? { step: s.id, ...(s.source ? { source: s.source } : {}) } : {};
};

/** Steps from a log's `step` events (that log's clock). */
export const stepSpans = (log: CaptureLog): StepSpan[] =>
  log.events
    .flatMap((e) => (e.type === 'step' ? [{ id: e.id, action: e.action, ...(e.source ? { source: e.source } : {}), fromMs: e.tMs, toMs: e.endMs }] : []))
    .sort((a, b) => a.fromMs - b.fromMs);
