/**
 * `screenplay finalise DIR`: recovers a capture dir that a killed screenplay left behind
 * (events.jsonl and a recording, no capture.json) into one that renders, marked
 * "complete": false and ending at its last event.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { finaliseCaptureDir } from '../capture/finalise-capture-dir';
import { invalidInput } from '../errors';
import { frameMs } from '../base/time';
import { CAPTURE_JSON, EVENTS_JSONL } from '../capture-log/capture-dir-files';

/** Runs the command on its arguments (after "finalise"); returns the exit code. Throws ScreenplayErrors for bad input (1) and failures (2). */
export const finaliseCommand = async (args: string[]): Promise<number> => {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const [input, ...extra] = positionals;
  if (!input) throw invalidInput('finalise: expected a capture dir, but got none');
  if (extra.length) throw invalidInput(`finalise: expected one capture dir, but got also ${extra.join(' ')}`);
  const dir = path.resolve(input);
  if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory())
    throw invalidInput(`${input}: expected a capture dir (a folder with events.jsonl), but it is not a folder`);
  if (fs.existsSync(path.join(dir, CAPTURE_JSON))) {
    process.stderr.write(`${input} is already finalised (it has capture.json): nothing to do\n`);
    return 0;
  }
  if (!fs.existsSync(path.join(dir, EVENTS_JSONL)))
    throw invalidInput(`${input}: expected events.jsonl in the capture dir, but found none (is it a capture dir?)`);
  const { log, droppedLines, recordingDurationMs } = finaliseCaptureDir(dir, { trimToEvents: true });
  const s = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const notes = [
    log.complete === false ? 'the capture did not finish: "complete": false' : 'complete',
    ...(recordingDurationMs !== null && recordingDurationMs > log.durationMs + frameMs(log.fps)
      ? [`ends at its last event (the recording runs ${s(recordingDurationMs)})`]
      : []),
    ...(droppedLines.length ? [`dropped the half-written line ${droppedLines.join(', ')} of events.jsonl`] : []),
  ];
  process.stderr.write(`finalised ${input}: ${s(log.durationMs)}, ${log.events.length} events; ${notes.join('; ')}\n`);
  return 0;
};
