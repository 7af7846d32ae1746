/**
 * The terminal session as asciicast v2 (pure): `script` writes what the shell printed (after a
 * "Script started…" line) and a timing file ("delay bytes" per chunk); this turns both into the
 * asciinema format: a header line, then [seconds, "o", text] per chunk. UTF-8 split across
 * chunks is decoded whole.
 */
export type AsciicastHeader = { version: 2; width: number; height: number; timestamp?: number; title?: string; env?: Record<string, string> };
export type AsciicastEvent = [number, 'o', string];

export const toAsciicast = (opts: { typescript: Buffer; timing: string; width: number; height: number; title?: string; startWallMs?: number }): string => {
  const ts = opts.typescript;
  // The header line `script` writes before the session's bytes.
  const start = ts.subarray(0, 15).toString('latin1') === 'Script started ' ? ts.indexOf(0x0a) + 1 : 0;
  const decoder = new TextDecoder('utf-8');
  const events: AsciicastEvent[] = [];
  let at = start;
  let t = 0;
  for (const line of opts.timing.split('\n')) {
    const m = /^(\d+(?:\.\d+)?) (\d+)$/.exec(line.trim());
    if (!m) continue;
    t += Number(m[1]);
    const n = Number(m[2]);
    if (at + n > ts.length) break; // the rest was not flushed
    const text = decoder.decode(ts.subarray(at, at + n), { stream: true });
    at += n;
    if (text) events.push([Math.round(t * 1e6) / 1e6, 'o', text]);
  }
  const header: AsciicastHeader = {
    version: 2,
    width: opts.width,
    height: opts.height,
    ...(opts.startWallMs ? { timestamp: Math.floor(opts.startWallMs / 1000) } : {}),
    ...(opts.title ? { title: opts.title } : {}),
    env: { TERM: 'xterm-256color', SHELL: '/bin/bash' },
  };
  return `${[header, ...events].map((x) => JSON.stringify(x)).join('\n')}\n`;
};

/** Reads an asciicast v2 file back (for tests and tools). */
export const parseAsciicast = (text: string): { header: AsciicastHeader; events: AsciicastEvent[] } => {
  const [first, ...rest] = text.split('\n').filter((l) => l.trim() !== '');
  const header = JSON.parse(first ?? '{}') as AsciicastHeader;
  if (header.version !== 2) throw new Error(`expected an asciicast v2 header, but got ${first}`);
  return { header, events: rest.map((l) => JSON.parse(l) as AsciicastEvent) };
};
