/**
 * Where a composition reads its capture from: a folder under public/ (the bundled samples,
 * and what Studio opens) or an http(s) URL of a capture dir (what `screenplay render` serves
 * from 127.0.0.1 for any capture dir on disk).
 */
import { staticFile } from 'remotion';
import { formatProblems, readCaptureLog, type CaptureLog } from '../../capture-log';
import { narrationSchema, type Narration } from '../../narration/schema';

/** Where a capture dir keeps its narration (written by `screenplay capture`). */
export const NARRATION_FILE = 'narration/narration.json';

export const isUrl = (s: string): boolean => /^https?:\/\//i.test(s);

export const captureFileUrl = (capture: string, file: string): string =>
  isUrl(capture) ? `${capture.replace(/\/+$/, '')}/${file}` : staticFile(`${capture.replace(/^\/+|\/+$/g, '')}/${file}`);

export type LoadedCapture = { log: CaptureLog; recordingSrc: string };

export const loadCapture = async (capture: string, signal?: AbortSignal): Promise<LoadedCapture> => {
  const url = captureFileUrl(capture, 'capture.json');
  const res = await fetch(url, { signal });
  if (!res.ok) {
    throw new Error(`Could not read ${url} (HTTP ${res.status}): "capture" must name a capture dir under public/ or a URL of one, but got "${capture}"`);
  }
  const json: unknown = await res.json();
  const read = readCaptureLog(json);
  // One line: Remotion's CLI shows only the first line of an error.
  if (!read.ok) throw new Error(`Invalid capture log: ${formatProblems(url, read.problems).split('\n').join('; ')}`);
  return { log: read.log, recordingSrc: captureFileUrl(capture, read.log.recording) };
};

/** The capture dir's narration, or null when it has none. */
export const loadNarration = async (capture: string, signal?: AbortSignal): Promise<Narration | null> => {
  const url = captureFileUrl(capture, NARRATION_FILE);
  const res = await fetch(url, { signal }).catch(() => null);
  if (!res || res.status === 404 || !res.ok) return null;
  const parsed = narrationSchema.safeParse(await res.json());
  if (!parsed.success)
    throw new Error(`Invalid capture log: ${url} is not a narration.json: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
};
