/**
 * The terminal session as asciicast v2 (pure): a header line, then [seconds, "o", text] per
 * chunk the shell printed, timed from the start of the session.
 */
export type AsciicastHeader = {
  version: 2;
  width: number;
  height: number;
  timestamp?: number;
  title?: string;
  env?: Record<string, string>;
  /** Colours players should use: foreground, background, and the 16 ANSI colours joined by ":". */
  theme?: { fg: string; bg: string; palette: string };
};
export type AsciicastEvent = [number, 'o', string];

export const asciicastText = (header: AsciicastHeader, events: readonly AsciicastEvent[]): string =>
  `${[header, ...events].map((x) => JSON.stringify(x)).join('\n')}\n`;

/** Reads an asciicast v2 file back (for tests and tools). */
export const parseAsciicast = (text: string): { header: AsciicastHeader; events: AsciicastEvent[] } => {
  const [first, ...rest] = text.split('\n').filter((l) => l.trim() !== '');
  const header = JSON.parse(first ?? '{}') as AsciicastHeader;
  if (header.version !== 2) throw new Error(`expected an asciicast v2 header, but got ${first}`);
  return { header, events: rest.map((l) => JSON.parse(l) as AsciicastEvent) };
};

/** An asciicast v2 event as read: [seconds from the start, code ("o", "i", "m", "r"…), text]. */
export type AsciicastLine = [number, string, string];

/** The largest grid (columns or rows) a cast's header may name. */
export const MAX_CAST_GRID = 2000;
/** One event's text longer than this (characters) is refused. */
export const MAX_EVENT_CHARS = 1024 * 1024;

const shownValue = (v: unknown): string => {
  const s = JSON.stringify(v) ?? String(v);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
};

/**
 * Reads an asciicast v2 file's text (untrusted): the header, the events whose code is in `keep`,
 * and the last event of any code (a marker a writer ends with). The one reader of terminal.cast
 * (render's sharp text) and of sessions/NAME.cast (replay); callers bound the file's size before.
 * @param file the name errors give ("sessions/x.cast")
 * @param opts.keep the event codes returned; others are checked and skipped
 * @param opts.maxEvents the most events kept
 * @param opts.fail makes the error thrown from its one-line message (default: Error)
 * @throws (opts.fail) "FILE:LINE: expected …, but got …" on a line that is not JSON, a header that
 *   is not asciicast v2 with a grid of 1 to MAX_CAST_GRID cells each way, an event that is not
 *   [seconds ≥ 0, code, text], an event's text over MAX_EVENT_CHARS, times that go back, or more
 *   than `maxEvents` kept events; "FILE: expected an asciicast v2 header line…" on an empty file
 */
export const readAsciicast = (
  text: string,
  file: string,
  opts: { keep: readonly string[]; maxEvents: number; fail?: (message: string) => Error },
): { header: Record<string, unknown> & { version: 2; width: number; height: number }; events: AsciicastLine[]; lastEvent: AsciicastLine | null } => {
  const fail = opts.fail ?? ((message: string) => new Error(message));
  const lines = text.split('\n');
  let header: (Record<string, unknown> & { version: 2; width: number; height: number }) | null = null;
  const events: AsciicastLine[] = [];
  let lastEvent: AsciicastLine | null = null;
  let last = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === '') continue;
    const at = `${file}:${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      throw fail(`${at}: expected a JSON line, but got ${shownValue(line)}`);
    }
    if (!header) {
      const h = value as Record<string, unknown> | null;
      if (!h || typeof h !== 'object' || Array.isArray(h) || h.version !== 2)
        throw fail(`${at}: expected an asciicast v2 header like {"version": 2, "width": 80, "height": 24}, but got ${shownValue(value)}`);
      for (const k of ['width', 'height'] as const) {
        const n = h[k];
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 1 || n > MAX_CAST_GRID)
          throw fail(`${at}: expected an asciicast v2 header whose ${k} is a whole number from 1 to ${MAX_CAST_GRID}, but got ${shownValue(n)}`);
      }
      header = h as Record<string, unknown> & { version: 2; width: number; height: number };
      continue;
    }
    if (!Array.isArray(value) || value.length !== 3 || typeof value[0] !== 'number' || typeof value[1] !== 'string' || typeof value[2] !== 'string')
      throw fail(`${at}: expected an event like [1.25, "o", "text"], but got ${shownValue(value)}`);
    const [t, code, data] = value as AsciicastLine;
    if (!Number.isFinite(t) || t < 0) throw fail(`${at}: expected the event's time in seconds (0 or more), but got ${t}`);
    if (t < last) throw fail(`${at}: expected times in order, but ${t} s comes after ${last} s`);
    if (data.length > MAX_EVENT_CHARS) throw fail(`${at}: expected an event of at most ${MAX_EVENT_CHARS} characters, but it has ${data.length}`);
    last = t;
    lastEvent = [t, code, data];
    if (!opts.keep.includes(code)) continue;
    if (events.length >= opts.maxEvents) throw fail(`${at}: expected at most ${opts.maxEvents} events, but the file has more`);
    events.push([t, code, data]);
  }
  if (!header) throw fail(`${file}: expected an asciicast v2 header line, but the file is empty`);
  return { header, events, lastEvent };
};
