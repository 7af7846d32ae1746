// The terminal's look and session read from a capture dir (untrusted input): font size inferred
// for logs without one, the theme from the event or the cast header, terminal.cast confined to
// the dir, bounded, and every fault one line naming the file (and line).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CaptureLog } from '../../src/capture-log';
import { TERMINAL_THEMES } from '../../src/capture/terminal-themes';
import { inferFontPx, lookFromEvent, MAX_CAST_BYTES, readTerminalSession, xtermCell, type TerminalEvent } from '../../src/render/terminal-text';

describe('xterm cell and font size (measured on Xvfb at 100 dpi)', () => {
  it.each([
    [13, 11, 22, 17],
    [18, 15, 30, 24],
    [20, 17, 33, 26],
    [26, 22, 43, 34],
  ])('%i pt: cell %ix%i, baseline %i', (pt, width, height, ascent) => {
    expect(xtermCell((pt * 100) / 72)).toEqual({ width, height, ascent });
    expect(inferFontPx(width, height, pt)).toBeCloseTo((pt * 100) / 72, 6);
  });
  it('takes 96 dpi where 100 does not fit the cell', () => {
    const px = (18 * 96) / 72;
    const cell = xtermCell(px);
    expect(inferFontPx(cell.width, cell.height, 18)).toBeCloseTo(px, 6);
  });
  it.each([
    [15, 30],
    [11, 22],
  ])('without a font size, a size whose cell is %ix%i', (w, h) => {
    const px = inferFontPx(w, h);
    expect(xtermCell(px)).toMatchObject({ width: w, height: h });
  });
  it('falls back to the advance when no size gives the cell', () => expect(inferFontPx(10, 50)).toBeCloseTo(10 / (1233 / 2048), 6));
});

const event = (extra: Partial<TerminalEvent> = {}): TerminalEvent => ({
  type: 'terminal',
  tMs: 2500,
  x: 100,
  y: 65,
  cols: 20,
  rows: 4,
  cellWidth: 15,
  cellHeight: 30,
  ...extra,
});
const lightHeader = {
  version: 2 as const,
  width: 20,
  height: 4,
  theme: { fg: '#010203', bg: '#fefefe', palette: Array.from({ length: 16 }, (_, i) => `#0000${i.toString(16).padStart(2, '0')}`).join(':') },
};

describe('lookFromEvent', () => {
  it('a log before issue 23: DejaVu Sans Mono, size from the cell, colours from the cast header', () => {
    const look = lookFromEvent(event(), lightHeader);
    expect(look).toMatchObject({ x: 100, y: 65, cols: 20, rows: 4, fontFamily: 'DejaVu Sans Mono', baseline: 24 });
    expect(xtermCell(look.fontPx)).toMatchObject({ width: 15, height: 30 });
    expect(look.theme).toMatchObject({ background: '#fefefe', foreground: '#010203', cursor: '#010203' });
    expect(look.theme.ansi[15]).toBe('#00000f');
  });
  it('the named theme and font when logged', () => {
    const look = lookFromEvent(event({ theme: 'light', fontFamily: 'Mono X', fontSize: 18 }), lightHeader);
    expect(look.theme).toEqual({ ...TERMINAL_THEMES.light, prompt: undefined, ansi: [...TERMINAL_THEMES.light.ansi] } as unknown as typeof look.theme);
    expect(look).toMatchObject({ fontFamily: 'Mono X', fontPx: 25 });
  });
  it.each([
    ['an unknown theme name and no header theme', event({ theme: 'neon' }), { version: 2 as const, width: 20, height: 4 }],
    ['a header theme with a bad colour', event(), { ...lightHeader, theme: { ...lightHeader.theme, fg: 'red;}' } }],
    ['a header palette of 3 colours', event(), { ...lightHeader, theme: { ...lightHeader.theme, palette: '#000000:#111111:#222222' } }],
  ])('the dark theme for %s', (_, e, header) => expect(lookFromEvent(e, header).theme.background).toBe(TERMINAL_THEMES.dark.background));
});

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
/** A capture dir holding terminal.cast with `cast` (a string; null for none). */
const captureDir = (cast: string | null): string => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-term-session-'));
  dirs.push(dir);
  if (cast !== null) fs.writeFileSync(path.join(dir, 'terminal.cast'), cast);
  return dir;
};
const log = (...events: unknown[]) => ({ events }) as unknown as CaptureLog;
const header = JSON.stringify({ version: 2, width: 20, height: 4 });

describe('readTerminalSession', () => {
  it('reads the look, cast time 0 (the event tMs) and the output events, skipping input', () => {
    const dir = captureDir(`${header}\n[0.5, "o", "$ "]\n[0.7, "i", "l"]\n[0.9, "o", "ls\\r\\n"]\n`);
    const s = readTerminalSession(dir, log({ type: 'cursor', tMs: 0, x: 1, y: 1 }, event({ theme: 'dark', fontSize: 18 })));
    expect(s).toMatchObject({
      castStartMs: 2500,
      events: [
        [0.5, 'o', '$ '],
        [0.9, 'o', 'ls\r\n'],
      ],
      look: { fontPx: 25, cols: 20 },
    });
  });
  it('is null without a terminal event', () => expect(readTerminalSession(captureDir(`${header}\n`), log({ type: 'cursor', tMs: 0, x: 1, y: 1 }))).toBeNull());
  it('is null without terminal.cast', () => expect(readTerminalSession(captureDir(null), log(event()))).toBeNull());

  const refusals: { name: string; cast: string | ((dir: string) => void); message: RegExp }[] = [
    { name: 'an empty file', cast: '', message: /terminal\.cast: expected an asciicast v2 header line, but the file is empty/ },
    { name: 'not JSON', cast: 'hello\n', message: /terminal\.cast:1: expected a JSON line, but got "hello"/ },
    { name: 'a v1 header', cast: '{"version": 1}\n', message: /terminal\.cast:1: expected an asciicast v2 header/ },
    {
      name: 'a header without a width',
      cast: '{"version": 2, "height": 4}\n',
      message: /terminal\.cast:1: expected an asciicast v2 header whose width is a whole number from 1 to 2000, but got undefined/,
    },
    {
      name: 'a bad event',
      cast: `${header}\n[0.1, "o", "a"]\n{"t": 1}\n`,
      message: /terminal\.cast:3: expected an event like \[1\.25, "o", "text"\], but got \{"t":1\}/,
    },
    {
      name: 'a negative time',
      cast: `${header}\n[-1, "o", "a"]\n`,
      message: /terminal\.cast:2: expected the event's time in seconds \(0 or more\), but got -1/,
    },
    {
      name: 'time going back',
      cast: `${header}\n[2, "o", "a"]\n[1, "o", "b"]\n`,
      message: /terminal\.cast:3: expected times in order, but 1 s comes after 2 s/,
    },
    {
      name: 'a grid other than the event’s',
      cast: `${JSON.stringify({ version: 2, width: 80, height: 24 })}\n`,
      message: /terminal\.cast:1: expected the grid of capture\.json's terminal event \(20x4\), but the header says 80x24/,
    },
    {
      name: 'a symbolic link out of the dir',
      cast: (dir) => fs.symlinkSync(path.join(os.tmpdir()), path.join(dir, 'terminal.cast')),
      message: /terminal\.cast must stay inside the capture dir, but "terminal\.cast" is a symbolic link to/,
    },
    {
      name: 'a directory',
      cast: (dir) => fs.mkdirSync(path.join(dir, 'terminal.cast')),
      message: /terminal\.cast must name a file, but "terminal\.cast" is a directory/,
    },
    {
      name: 'a file over the size bound',
      cast: (dir) => {
        fs.writeFileSync(path.join(dir, 'terminal.cast'), header);
        fs.truncateSync(path.join(dir, 'terminal.cast'), MAX_CAST_BYTES + 1); // sparse
      },
      message: /terminal\.cast: expected at most 256 MiB, but it is 256\.0 MiB/,
    },
  ];
  it.each(refusals)('refuses $name, naming the file', ({ cast, message }) => {
    const dir = captureDir(typeof cast === 'string' ? cast : null);
    if (typeof cast === 'function') cast(dir);
    const read = () => readTerminalSession(dir, log(event()));
    expect(read).toThrow(message);
    try {
      read();
    } catch (err) {
      expect((err as Error).message).not.toContain('\n');
      expect((err as { code?: string }).code).toBe('invalid-input');
    }
  });
  it('without a log, reads capture.json, and says so when it is missing', () => {
    const dir = captureDir(`${header}\n`);
    expect(() => readTerminalSession(dir)).toThrow(/capture\.json must name a file in the capture dir, but "capture\.json" does not exist/);
  });
});
