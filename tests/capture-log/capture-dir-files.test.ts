/**
 * The capture dir's and make's file names (src/capture-log/capture-dir-files.ts): today's
 * names, pinned (capture dirs made by older versions must still read), and a scan of src/ for a
 * name spelled out again instead of imported.
 */
import path from 'node:path';
import { linesMatching } from '../helpers/source-lines';
import { describe, expect, it } from 'vitest';
import * as files from '../../src/capture-log/capture-dir-files';

describe('the names', () => {
  it('are the ones capture dirs made so far use', () => {
    expect({
      EVENTS_JSONL: files.EVENTS_JSONL,
      RAW_RECORDING: files.RAW_RECORDING,
      RECORDING: files.RECORDING,
      CAPTURE_JSON: files.CAPTURE_JSON,
      TERMINAL_CAST: files.TERMINAL_CAST,
      NARRATION_DIR: files.NARRATION_DIR,
      NARRATION_JSON: files.NARRATION_JSON,
      NARRATION_CACHE_DIR: files.NARRATION_CACHE_DIR,
      AVATAR_DIR: files.AVATAR_DIR,
      BACKGROUND_DIR: files.BACKGROUND_DIR,
      REVIEW_JSON: files.REVIEW_JSON,
      CONTACT_SHEET_PNG: files.CONTACT_SHEET_PNG,
      MAKE_MANIFEST: files.MAKE_MANIFEST,
      MAKE_CAPTURE_DIR: files.MAKE_CAPTURE_DIR,
      MAKE_NEXT_CAPTURE_DIR: files.MAKE_NEXT_CAPTURE_DIR,
      MAKE_FAILED_CAPTURE_DIR: files.MAKE_FAILED_CAPTURE_DIR,
    }).toEqual({
      EVENTS_JSONL: 'events.jsonl',
      RAW_RECORDING: 'recording.raw.mp4',
      RECORDING: 'recording.mp4',
      CAPTURE_JSON: 'capture.json',
      TERMINAL_CAST: 'terminal.cast',
      NARRATION_DIR: 'narration',
      NARRATION_JSON: 'narration.json',
      NARRATION_CACHE_DIR: '.cache',
      AVATAR_DIR: 'avatar',
      BACKGROUND_DIR: 'background',
      REVIEW_JSON: 'review.json',
      CONTACT_SHEET_PNG: 'contact-sheet.png',
      MAKE_MANIFEST: 'make.json',
      MAKE_CAPTURE_DIR: 'capture',
      MAKE_NEXT_CAPTURE_DIR: 'capture.next',
      MAKE_FAILED_CAPTURE_DIR: 'capture.failed',
    });
    expect(files.formatFileName('tiktok')).toBe('tiktok.mp4');
    expect(files.formatFileName('tiktok', 'srt')).toBe('tiktok.srt');
    expect(files.partialFormatFileName('square')).toBe('square.partial.mp4');
    expect(files.partialFormatFileName('square', 'vtt')).toBe('square.partial.vtt');
    expect(files.videoReviewFileNames('out/landscape')).toEqual({ json: 'out/landscape.review.json', sheet: 'out/landscape.contact-sheet.png' });
  });
});

/** Every .ts/.tsx file under src/, relative to it. */

/** The registry, and what the lead is rewriting (the compositions, the composite path). */
const ALLOWED = (f: string) =>
  f === path.join('capture-log', 'capture-dir-files.ts') ||
  f.startsWith(`compositions${path.sep}`) ||
  f.startsWith(path.join('render', 'composite') + path.sep);

const NAME =
  /['"`](events\.jsonl|recording\.raw\.mp4|recording\.mp4|capture\.json|terminal\.cast|narration\.json|review\.json|contact-sheet\.png|make\.json)['"`]/;
/** A folder name joined into a path: path.join(dir, 'narration'), path.join(outDir, 'capture.failed'). */
const JOINED_DIR = /path\.join\([^)]*['"](narration|\.cache|avatar|background|capture|capture\.next|capture\.failed)['"]/;
/** A format's file: `${format}.mp4`, `${f}.partial.srt`, `${base}.review.json`. */
const FORMAT_FILE = /\$\{(format|f)\}\.(mp4|partial|srt|vtt)|\.review\.json`|\.contact-sheet\.png`/;
/** A folder's name given its own constant again, or handed to a copy: NARRATION_DIR = 'narration', copyIn(…, 'avatar', …). */
const DIR_NAME = /=\s*['"](narration|\.cache|avatar|background)['"];|copyIn\([^)]*['"](avatar|background)['"]|\[['"]avatar['"], ['"]background['"]\]/;
/** A comment line: names in prose are fine. */
const COMMENT = /^\s*(\*|\/\/|\/\*)/;

describe('no file name spelled out again', () => {
  it('src/ imports every capture-dir and make file name from the registry', () => {
    const hits = linesMatching(ALLOWED, (line) => !COMMENT.test(line) && [NAME, JOINED_DIR, FORMAT_FILE, DIR_NAME].some((re) => re.test(line)));
    expect(hits).toEqual([]);
  });
});
