/**
 * The terminal session of a take, read from its capture dir (untrusted input): the `terminal`
 * event of capture.json (where the grid was, its font and theme) and terminal.cast (what the
 * shell printed, timed from that event). Paths are confined to the dir (realpath), the cast's
 * size and event count are bounded, and every fault is one line naming the file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { formatProblems, readCaptureLogText, type CaptureLog } from '../../capture-log';
import { CAPTURE_JSON, TERMINAL_CAST } from '../../capture-log/capture-dir-files';
import { readAsciicast, type AsciicastEvent, type AsciicastHeader } from '../../capture/asciicast';
import { invalidInput } from '../../errors';
import { resolveInCaptureDir } from '../capture-dir';
import { lookFromEvent, type TerminalEvent, type TerminalLook } from './look';

/** The largest terminal.cast read (bytes): a 6-hour session of a busy TUI fits. */
export const MAX_CAST_BYTES = 256 * 1024 * 1024;
/** The most output events a terminal.cast may hold. */
export const MAX_CAST_EVENTS = 2_000_000;
/** The widest and tallest grid accepted (cells). */
export const MAX_GRID = { cols: 1000, rows: 500 } as const;

/**
 * A take's terminal session: its look, the recording-clock time (ms) of the cast's time 0 (the
 * `terminal` event's tMs), and the cast's output events ([seconds from time 0, "o", text],
 * times non-decreasing).
 */
export type TerminalSession = {
  look: TerminalLook;
  castStartMs: number;
  events: AsciicastEvent[];
};

/**
 * Parses terminal.cast's text (asciicast v2, read by capture/asciicast.ts's readAsciicast). Only
 * output ("o") events are kept; input, marker and resize events are checked and skipped.
 * @param file the name errors give (e.g. "capture/terminal.cast")
 * @throws ScreenplayError invalid-input (exit 1) "FILE:LINE: expected …, but got …" for a bad
 *   header or event, a time going backwards, or more than MAX_CAST_EVENTS events
 */
export const parseCast = (text: string, file: string): { header: AsciicastHeader; events: AsciicastEvent[] } => {
  const cast = readAsciicast(text, file, { keep: ['o'], maxEvents: MAX_CAST_EVENTS, fail: invalidInput });
  return { header: cast.header as AsciicastHeader, events: cast.events as AsciicastEvent[] };
};

/**
 * Reads the terminal session of the take in `captureDir`.
 * @param log capture.json already read (render has it); read from the dir when omitted
 * @returns null when the take has no terminal (no `terminal` event, or no terminal.cast)
 * @throws ScreenplayError invalid-input (exit 1) naming the file when terminal.cast leaves the dir
 *   (a symbolic link out), is not a regular file, is larger than MAX_CAST_BYTES, is not asciicast
 *   v2 (see parseCast), or its size disagrees with the `terminal` event's grid; when capture.json
 *   is missing or invalid (omitted `log`)
 */
export const readTerminalSession = (captureDir: string, log?: CaptureLog): TerminalSession | null => {
  let root: string;
  try {
    root = fs.realpathSync(captureDir);
  } catch {
    throw invalidInput(`${captureDir}: expected a capture dir, but it does not exist`);
  }
  const name = path.basename(captureDir);
  if (!log) {
    const file = resolveInCaptureDir(root, CAPTURE_JSON, { file: `${name}/${CAPTURE_JSON}`, field: '' });
    const read = readCaptureLogText(fs.readFileSync(file, 'utf8'));
    if (!read.ok) throw invalidInput(formatProblems(`${name}/${CAPTURE_JSON}`, read.problems));
    log = read.log;
  }
  const event = log.events.find((e): e is TerminalEvent => e.type === 'terminal');
  if (!event) return null;
  try {
    fs.lstatSync(path.join(root, TERMINAL_CAST));
  } catch {
    return null;
  }
  const where = `${name}/${TERMINAL_CAST}`;
  const file = resolveInCaptureDir(root, TERMINAL_CAST, { file: where, field: '' });
  const size = fs.statSync(file).size;
  if (size > MAX_CAST_BYTES)
    throw invalidInput(`${where}: expected at most ${MAX_CAST_BYTES / 1024 / 1024} MiB, but it is ${(size / 1024 / 1024).toFixed(1)} MiB`);
  const { header, events } = parseCast(fs.readFileSync(file, 'utf8'), where);
  if (header.width !== event.cols || header.height !== event.rows)
    throw invalidInput(
      `${where}:1: expected the grid of capture.json's terminal event (${event.cols}x${event.rows}), but the header says ${header.width}x${header.height}`,
    );
  if (event.cols > MAX_GRID.cols || event.rows > MAX_GRID.rows)
    throw invalidInput(`${name}/${CAPTURE_JSON}: expected a terminal of at most ${MAX_GRID.cols}x${MAX_GRID.rows} cells, but got ${event.cols}x${event.rows}`);
  return { look: lookFromEvent(event, header), castStartMs: event.tMs, events };
};
