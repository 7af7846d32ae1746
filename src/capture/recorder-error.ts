/**
 * What a recorder said when it failed, in one line. ffmpeg ends a failure with generic lines
 * ("Error initializing output stream 0:0 -- … maybe incorrect parameters", "Conversion failed!")
 * after the line that gives the reason ("[libx264 @ 0x…] width not divisible by 2 (641x361)"):
 * the reason is what a person needs to see. Pure.
 */

/** The most stderr a recorder keeps (its tail), in characters: enough for the last error burst. */
export const STDERR_TAIL_CHARS = 16_000;

/** Keeps the last `max` characters of `text + chunk` (a rolling tail of a process's stderr). */
export const appendTail = (text: string, chunk: string, max = STDERR_TAIL_CHARS): string => {
  const all = text + chunk;
  return all.length > max ? all.slice(-max) : all;
};

/** Lines that only say that something failed, not what: skipped when a reason precedes them. */
const GENERIC = [
  /^Conversion failed!?$/i,
  /^Error initializing output stream/i,
  /^Error while (opening encoder|filtering|processing)/i,
  /^Error opening output files?/i,
  /^Exiting normally/i,
  /^Error (closing|writing trailer)/i,
];

/** Lines that are progress or stream information, never a reason. */
const NOISE = [
  /^frame=/,
  /^size=/,
  /^video:/,
  /^Press \[q\]/,
  /^Stream mapping/,
  /^\s/,
  /^(Input|Output) #\d/,
  /^\[libx264 @ [^\]]+\] (frame|mb|coded|i16|i8|Weighted|kb\/s|ref|8x8|consecutive|final|using|profile)/,
];

/** Information, not a reason, when it has no error word: a component's report, the banner. */
const INFO = [/^\[[\w.-]+ @ 0x[0-9a-f]+\]/i, /^ffmpeg version /, /^\s*(built with|configuration:)/, /^(Input|Output) #\d/];

const ERRORISH =
  /error|fail|cannot|can't|could not|couldn't|not divisible|invalid|unable|denied|no such|not found|outside|unknown|unrecognized|refused|broken pipe|too (large|small|big)|not supported|unsupported|mismatch|no space|killed/i;

/** "[libx264 @ 0x55d…] width not divisible by 2" → "libx264: width not divisible by 2". */
const tidy = (line: string): string => line.replace(/^\[([\w.-]+) @ 0x[0-9a-f]+\]\s*/i, '$1: ').trim();

/**
 * The line of a recorder's stderr that says why it failed: the last error-like line that is not
 * only a generic "it failed", preferring one a component names ("[x11grab @ 0x…] …"); else the
 * last generic error line; else the last plain line of text (not a component's report or the
 * banner); null when there is none.
 * @param stderr the tail of the recorder's stderr (any length; read from the end)
 * @returns one line, with ffmpeg's "[name @ 0xADDR]" prefix written "name:", or null
 */
export const recorderErrorLine = (stderr: string): string | null => {
  const lines = stderr
    .split(/\r?\n|\r/)
    .map((l) => l.replace(/\s+$/, ''))
    .filter((l) => l.trim() !== '');
  if (lines.length === 0) return null;
  // The last burst of errors: from the last line back while lines are errors or generic.
  const errors = lines.filter((l) => ERRORISH.test(l) && !NOISE.some((re) => re.test(l)));
  const specific = errors.filter((l) => !GENERIC.some((re) => re.test(l.replace(/^\[[^\]]+\]\s*/, ''))));
  // A component's own line ("[x11grab @ …] Cannot open display") says more than the file's echo of it (":9.0: Input/output error").
  const lastSpecific = specific.at(-1);
  if (lastSpecific !== undefined) {
    const at = lines.lastIndexOf(lastSpecific);
    const tagged = specific.filter((l) => /^\[[\w.-]+ @ 0x/i.test(l) && lines.lastIndexOf(l) >= at - 3).at(-1);
    return tidy(tagged ?? lastSpecific);
  }
  const lastError = errors.at(-1);
  if (lastError !== undefined) return tidy(lastError);
  // No error word: the last plain line ("Segmentation fault"), never a component's report or the
  // banner (an ffmpeg killed by a signal says nothing more: then there is no reason to quote).
  const lastText = [...lines].reverse().find((l) => !NOISE.some((re) => re.test(l)) && !INFO.some((re) => re.test(l)));
  return lastText === undefined ? null : tidy(lastText);
};
