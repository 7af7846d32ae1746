/**
 * events.jsonl: the append-only log a capture writes as it goes, one JSON object a line.
 *   line 1      {"type":"header","version":1,"recording":"recording.mp4","screen":{…},"fps":30}
 *   then        one capture event a line (the same objects as capture.json's events)
 *   last line   {"type":"end","durationMs":41230}   (only when the capture finished)
 * A capture that crashed or was stopped leaves no end line and may leave a half-written last
 * line: that line is dropped, not fatal. A bad line anywhere else is an error.
 */
import { formatJsonPath } from './json-path';
import { readCaptureLog, type CaptureLogProblem, type ReadCaptureLogResult } from './read-capture-log';
import { captureEventSchema, durationMsSchema, screenSchema, scriptAvatarSchema, type CaptureEvent } from './schema';
import { z } from 'zod';
import { FORMAT_NAMES } from '../formats';
import { presetEntrySchema } from '../output-presets';

export const eventsHeaderSchema = z.object({
  type: z.literal('header'),
  version: z.literal(1),
  recording: z.string().min(1),
  screen: screenSchema,
  fps: z.number().positive(),
  pointer: z.enum(['drawn', 'recorded']).optional(),
  title: z.string().optional(),
  style: z.record(z.string(), z.unknown()).optional(),
  formats: z.array(z.enum(FORMAT_NAMES)).optional(),
  presets: z.array(presetEntrySchema).optional(),
  avatar: scriptAvatarSchema.optional(),
});
export type EventsHeader = z.infer<typeof eventsHeaderSchema>;

const endSchema = z.object({ type: z.literal('end'), durationMs: durationMsSchema });

export type ReadEventsResult = {
  header: EventsHeader | null;
  events: CaptureEvent[];
  /** Duration from the end line; null when the capture did not finish. */
  durationMs: number | null;
  complete: boolean;
  /** 1-based line numbers of lines that were dropped (a truncated last line). */
  droppedLines: number[];
  problems: CaptureLogProblem[];
};

export const readEventsJsonl = (text: string): ReadEventsResult => {
  const lines = text.split('\n');
  // A file that ends with a newline has an empty last element: not a line.
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const result: ReadEventsResult = {
    header: null,
    events: [],
    durationMs: null,
    complete: false,
    droppedLines: [],
    problems: [],
  };
  lines.forEach((line, i) => {
    const lineNo = i + 1;
    const isLast = i === lines.length - 1;
    if (line.trim() === '') return;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (err) {
      if (isLast) {
        result.droppedLines.push(lineNo);
        return;
      }
      result.problems.push({ path: `line ${lineNo}`, message: `is not valid JSON: ${(err as Error).message}` });
      return;
    }
    const type = json && typeof json === 'object' ? (json as { type?: unknown }).type : undefined;
    if (i === 0) {
      const header = eventsHeaderSchema.safeParse(json);
      if (header.success) result.header = header.data;
      else
        result.problems.push(
          ...header.error.issues.map((iss) => ({
            path: `line 1 (header): ${formatJsonPath(iss.path)}`,
            message: iss.message,
          })),
        );
      return;
    }
    if (type === 'end') {
      const end = endSchema.safeParse(json);
      if (end.success) {
        result.durationMs = end.data.durationMs;
        result.complete = true;
      } else result.problems.push({ path: `line ${lineNo} (end)`, message: end.error.issues[0]?.message ?? 'invalid' });
      return;
    }
    const event = captureEventSchema.safeParse(json);
    if (event.success) result.events.push(event.data);
    else
      result.problems.push(
        ...event.error.issues.map((iss) => ({
          path: `line ${lineNo}: ${formatJsonPath(iss.path)}`,
          message: iss.message,
        })),
      );
  });
  if (result.header === null && result.problems.length === 0) {
    result.problems.push({ path: 'line 1', message: 'must be the header line ({"type":"header",…}), but the file is empty' });
  }
  return result;
};

/**
 * Turns an events.jsonl read into the capture.json contract. For an interrupted capture pass
 * the recording's real duration (probed from the file) when it is known; otherwise the last
 * event's time is used.
 */
export const finaliseCaptureLog = (
  read: ReadEventsResult,
  opts: {
    recordingDurationMs?: number;
    /** The recording's frame size (probed): kept as `recordingSize` when it is not the screen's (odd sizes padded to even). */
    recordingSize?: { width: number; height: number };
  } = {},
): ReadCaptureLogResult => {
  if (read.problems.length > 0 || !read.header) {
    return { ok: false, problems: read.problems };
  }
  const lastEventMs = read.events.reduce((max, e) => Math.max(max, 'endMs' in e && e.endMs !== undefined ? e.endMs : e.tMs), 0);
  const durationMs = read.durationMs ?? opts.recordingDurationMs ?? Math.max(lastEventMs, 1);
  const { header } = read;
  return readCaptureLog({
    version: 1,
    recording: header.recording,
    screen: header.screen,
    ...(opts.recordingSize && (opts.recordingSize.width !== header.screen.width || opts.recordingSize.height !== header.screen.height)
      ? { recordingSize: opts.recordingSize }
      : {}),
    fps: header.fps,
    ...(header.pointer ? { pointer: header.pointer } : {}),
    ...(header.title ? { title: header.title } : {}),
    ...(header.style ? { style: header.style } : {}),
    ...(header.formats ? { formats: header.formats } : {}),
    ...(header.presets ? { presets: header.presets } : {}),
    ...(header.avatar ? { avatar: header.avatar } : {}),
    durationMs,
    ...(read.complete ? {} : { complete: false }),
    events: read.events,
  });
};
