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
