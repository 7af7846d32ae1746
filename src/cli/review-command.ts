/**
 * `screenplay review DIR [--capture CAPTURE_DIR] [--json]`: review.json and a contact sheet
 * beside each rendered video, DIR/review.json over all of them, and a table of the findings.
 * DIR is a make output folder (DIR/capture/ and DIR/<format>.mp4), a folder of rendered videos
 * with --capture, or a capture dir alone. Findings are not a failure: exit 0 when it ran.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_FORMATS, FORMAT_NAMES, type OutputFormatName } from '../formats';
import { invalidInput } from '../errors';
import { writeReview, writeReviewSummary, type WrittenReview } from '../review/review-video';
import type { ReviewFinding } from '../review/types';
import { printErr, printOut } from './print';
import { shown } from '../util/shown-path';
import { CAPTURE_JSON, MAKE_CAPTURE_DIR, formatFileName } from '../capture-log/capture-dir-files';

const FORMATS = FORMAT_NAMES;

const isFile = (p: string) => fs.existsSync(p) && fs.statSync(p).isFile();
const isDir = (p: string) => fs.existsSync(p) && fs.statSync(p).isDirectory();

export type ReviewTarget = { captureDir: string; videos: Array<{ format: OutputFormatName; video: string }>; summaryDir: string | null };

/**
 * Which capture dir and videos DIR means (see the file's docstring).
 * @throws invalid-input (exit 1) naming what DIR holds and what was expected
 */
export const reviewTarget = (dir: string, capture?: string): ReviewTarget => {
  if (!isDir(dir))
    throw invalidInput(
      `${dir}: expected a folder (a make output folder, a folder of rendered videos with --capture, or a capture dir), but it does not exist or is a file`,
    );
  const videos = FORMATS.flatMap((format) =>
    isFile(path.join(dir, formatFileName(format))) ? [{ format, video: path.join(dir, formatFileName(format)) }] : [],
  );
  // A video is the folder's own: a symbolic link to one elsewhere (another capture's) is refused.
  const real = fs.realpathSync(dir);
  for (const v of videos) {
    const at = fs.realpathSync(v.video);
    if (!at.startsWith(real + path.sep)) throw invalidInput(`${v.video}: expected a video in ${dir}, but it is a symbolic link to ${at}, outside it`);
  }
  if (capture !== undefined) {
    if (!isDir(capture)) throw invalidInput(`--capture: expected a capture dir, but ${capture} does not exist or is a file`);
    if (videos.length === 0)
      throw invalidInput(`${dir}: expected rendered videos (${FORMATS.map((f) => formatFileName(f)).join(', ')}) beside --capture, but found none`);
    return { captureDir: capture, videos, summaryDir: dir };
  }
  if (isDir(path.join(dir, MAKE_CAPTURE_DIR)) && fs.existsSync(path.join(dir, MAKE_CAPTURE_DIR, CAPTURE_JSON)))
    return { captureDir: path.join(dir, MAKE_CAPTURE_DIR), videos, summaryDir: dir };
  if (fs.existsSync(path.join(dir, CAPTURE_JSON))) return { captureDir: dir, videos: [], summaryDir: null };
  throw invalidInput(
    `${dir}: expected a make output folder (capture/ and ${FORMATS.map((f) => formatFileName(f)).join(', ')}), a capture dir (capture.json), or rendered videos with --capture CAPTURE_DIR, but found ${videos.length ? videos.map((v) => path.basename(v.video)).join(', ') + ' and no capture' : 'none of them'}`,
  );
};

const clock = (ms: number) => `${Math.floor(ms / 60000)}:${((ms % 60000) / 1000).toFixed(1).padStart(4, '0')}`;

/** The findings as a compact table: one line each, its fix on the line below. */
export const findingsTable = (format: string, findings: readonly ReviewFinding[]): string => {
  if (findings.length === 0) return `${format}: nothing found\n`;
  const rows = findings.map((f) => [f.severity, `${clock(f.fromMs)}-${clock(f.toMs)}`, f.step ? `step ${f.step}` : '', f.source ?? '', f.check, f.message]);
  const widths = [0, 1, 2, 3, 4].map((i) => Math.max(...rows.map((r) => (r[i] as string).length)));
  return (
    `${format}:\n` +
    rows
      .map(
        (r, i) =>
          `  ${r
            .slice(0, 5)
            .map((c, j) => c.padEnd(widths[j] as number))
            .join('  ')}  ${r[5]}\n  ${' '.repeat((widths[0] as number) + 2)}fix: ${(findings[i] as ReviewFinding).fix}\n`,
      )
      .join('')
  );
};

export const reviewCommand = async (args: string[]): Promise<number> => {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { capture: { type: 'string' }, json: { type: 'boolean' } } });
  const [input, ...extra] = positionals;
  if (!input) throw invalidInput('review: expected a folder (make output, rendered videos with --capture, or a capture dir), but got none');
  if (extra.length) throw invalidInput(`review: expected one folder, but got also ${extra.join(' ')}`);
  const dir = path.resolve(input);
  const target = reviewTarget(dir, values.capture === undefined ? undefined : path.resolve(values.capture));
  const onProgress = values.json ? undefined : (line: string) => printErr(`${line}\n`);
  const written: WrittenReview[] = [];
  if (target.videos.length === 0) {
    written.push(await writeReview({ captureDir: target.captureDir, video: null, format: DEFAULT_FORMATS[0]!, onProgress }));
  } else {
    for (const v of target.videos) written.push(await writeReview({ captureDir: target.captureDir, video: v.video, format: v.format, onProgress }));
  }
  const summary = target.summaryDir ? writeReviewSummary(target.summaryDir, written) : null;
  if (values.json) {
    printOut(`${JSON.stringify(summary?.summary ?? written[0]?.report, null, 2)}\n`);
    return 0;
  }
  let out = '';
  for (const w of written) out += findingsTable(w.report.format ?? 'capture', w.report.findings);
  const counts = summary?.summary.counts ?? written[0]?.report.counts;
  out += `\n${counts ? `${counts.error} error(s), ${counts.warning} warning(s), ${counts.info} info\n` : ''}`;
  for (const w of written) out += `wrote ${shown(w.json)}${w.sheet ? ` and ${shown(w.sheet)}` : ''}\n`;
  if (summary) out += `wrote ${shown(summary.file)}\n`;
  printOut(out);
  return 0;
};
