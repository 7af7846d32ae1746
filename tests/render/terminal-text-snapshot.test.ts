// snapshotsAt (pure, no X): the cast replayed through @xterm/headless gives the screen at each
// time, colours resolved to CSS, wide characters, the cursor's visibility, clear screen, the
// alternate screen TUIs use, and identical screens shared.
import { describe, expect, it } from 'vitest';
import { TERMINAL_THEMES } from '../../src/capture/terminal-themes';
import type { AsciicastEvent } from '../../src/capture/asciicast';
import { lookFromEvent, paletteColour, snapshotsAt, type CellRun, type GridSnapshot, type TerminalSession } from '../../src/render/terminal-text';

const theme = TERMINAL_THEMES.dark;
const look = lookFromEvent(
  { type: 'terminal', tMs: 1000, x: 10, y: 20, cols: 20, rows: 4, cellWidth: 15, cellHeight: 30, fontSize: 18, theme: 'dark' },
  { version: 2, width: 20, height: 4 },
);
/** A session whose cast starts at 1000 ms and prints `chunks` at 0.1 s, 0.2 s, …. */
const session = (...chunks: string[]): TerminalSession => ({ look, castStartMs: 1000, events: chunks.map((c, i): AsciicastEvent => [(i + 1) / 10, 'o', c]) });
/** The screen after all of `chunks`. */
const after = async (...chunks: string[]): Promise<GridSnapshot> => {
  const { snapshots, indexAt } = await snapshotsAt(session(...chunks), [10_000]);
  return snapshots[indexAt[0]!]!;
};
const text = (runs: CellRun[]) => runs.map((r) => `${r.col}:${r.chars.join('')}`).join(' ');
const first = (s: GridSnapshot) => s.rows[0]![0]!;

describe('snapshotsAt: one cell run per attribute change', () => {
  const cases: { name: string; out: string; want: Partial<CellRun> }[] = [
    { name: 'default colours', out: 'plain', want: { col: 0, chars: [...'plain'], fg: theme.foreground, bg: theme.background, width: 1 } },
    { name: 'ANSI red (the theme)', out: '\x1b[31mred', want: { fg: theme.ansi[1] } },
    { name: 'bright red', out: '\x1b[91mred', want: { fg: theme.ansi[9] } },
    { name: 'bold red shows bright red, as xterm does', out: '\x1b[1;31mred', want: { fg: theme.ansi[9], bold: true } },
    { name: 'bold bright stays bright', out: '\x1b[1;94mx', want: { fg: theme.ansi[12], bold: true } },
    { name: '256: the colour cube', out: '\x1b[38;5;208mx', want: { fg: '#ff8700' } },
    { name: '256: a grey', out: '\x1b[38;5;232mx', want: { fg: '#080808' } },
    { name: '256 background', out: '\x1b[48;5;21mx', want: { bg: '#0000ff', fg: theme.foreground } },
    { name: 'truecolor', out: '\x1b[38;2;1;2;254mx', want: { fg: '#0102fe' } },
    { name: 'truecolor background', out: '\x1b[48;2;30;90;60mx', want: { bg: '#1e5a3c' } },
    { name: 'inverse (colours swapped when drawn)', out: '\x1b[7mx', want: { inverse: true, fg: theme.foreground, bg: theme.background } },
    { name: 'italic, underline, dim', out: '\x1b[3;4;2mx', want: { italic: true, underline: true, dim: true } },
    { name: 'invisible', out: '\x1b[8mx', want: { invisible: true } },
    { name: 'strikethrough', out: '\x1b[9mx', want: { strike: true } },
    { name: 'an accent as one cell', out: 'e\u0301', want: { chars: ['e\u0301'], width: 1 } },
    { name: 'CJK: two cells each', out: '东京', want: { chars: ['东', '京'], width: 2, col: 0 } },
    { name: 'emoji: two cells (Unicode 9 and later, as xterm)', out: '🚀', want: { chars: ['🚀'], width: 2 } },
    { name: 'a variation selector joins its character', out: '✔\ufe0e', want: { chars: ['✔\ufe0e'], width: 1 } },
    { name: 'a symbol xterm draws in one cell', out: '⏺ ✻', want: { chars: ['⏺', ' ', '✻'], width: 1 } },
    { name: 'box drawing', out: '╭─╮', want: { chars: ['╭', '─', '╮'], width: 1 } },
  ];
  it.each(cases)('$name', async ({ out, want }) => {
    expect(first(await after(out))).toMatchObject(want);
  });

  it('leaves blank default cells out, keeps spaces inside one run, splits on colour', async () => {
    const s = await after('a b   \x1b[31mc\x1b[0m   \x1b[44m  \x1b[0m东x');
    expect(text(s.rows[0]!)).toBe('0:a b 6:c 10:   12:东 14:x');
    expect(s.rows[0]![2]!.bg).toBe(theme.ansi[4]);
    expect(s.rows.slice(1).every((r) => r.length === 0)).toBe(true);
  });

  it('does not flag an unset attribute at all (compact)', async () => {
    expect(Object.keys(first(await after('x'))).sort()).toEqual(['bg', 'chars', 'col', 'fg', 'width']);
  });
});

describe('snapshotsAt: cursor and screens', () => {
  const cases: { name: string; chunks: string[]; rows: string[]; cursor: GridSnapshot['cursor'] }[] = [
    { name: 'cursor after text', chunks: ['$ ls'], rows: ['0:$ ls', '', '', ''], cursor: { row: 0, col: 4, visible: true } },
    { name: 'cursor hidden (DECTCEM)', chunks: ['ab\x1b[?25l'], rows: ['0:ab', '', '', ''], cursor: { row: 0, col: 2, visible: false } },
    { name: 'cursor shown again', chunks: ['\x1b[?25l', 'x\x1b[?25h'], rows: ['0:x', '', '', ''], cursor: { row: 0, col: 1, visible: true } },
    { name: 'hidden in a combined mode set', chunks: ['\x1b[?1049;25l'], rows: ['', '', '', ''], cursor: { row: 0, col: 0, visible: false } },
    { name: 'a full reset shows it', chunks: ['\x1b[?25lq', '\x1bc'], rows: ['', '', '', ''], cursor: { row: 0, col: 0, visible: true } },
    { name: 'clear screen', chunks: ['one\r\ntwo', '\x1b[2J\x1b[H'], rows: ['', '', '', ''], cursor: { row: 0, col: 0, visible: true } },
    { name: 'scrolls like a terminal', chunks: ['1\r\n2\r\n3\r\n4\r\n5'], rows: ['0:2', '0:3', '0:4', '0:5'], cursor: { row: 3, col: 1, visible: true } },
    {
      name: 'alternate screen (a TUI)',
      chunks: ['main', '\x1b[?1049h\x1b[H\x1b[2;3HTUI'],
      rows: ['', '2:TUI', '', ''],
      cursor: { row: 1, col: 5, visible: true },
    },
    {
      name: 'back from the alternate screen',
      chunks: ['main', '\x1b[?1049h\x1b[HTUI', '\x1b[?1049l'],
      rows: ['0:main', '', '', ''],
      cursor: { row: 0, col: 4, visible: true },
    },
    {
      name: 'cursor clamped at the last column (pending wrap)',
      chunks: ['x'.repeat(20)],
      rows: [`0:${'x'.repeat(20)}`, '', '', ''],
      cursor: { row: 0, col: 19, visible: true },
    },
  ];
  it.each(cases)('$name', async ({ chunks, rows, cursor }) => {
    const s = await after(...chunks);
    expect(s.rows.map(text)).toEqual(rows);
    expect(s.cursor).toEqual(cursor);
  });
});

describe('snapshotsAt: timing and sharing', () => {
  it('shows what the cast printed up to each time (cast time 0 = castStartMs), sharing identical screens', async () => {
    // Printed at 1100 ms ("a"), 1200 ("b"), 1300 (alt screen "T"), 1400 (back: "ab" again).
    const s = session('a', 'b', '\x1b[?1049h\x1b[HT', '\x1b[?1049l');
    const times = [0, 1099, 1100, 1150, 1199.9, 1200, 1250, 1300, 1400, 9000];
    const { snapshots, indexAt } = await snapshotsAt(s, times);
    expect(snapshots.map((x) => x.rows.map(text).join('|'))).toEqual(['|||', '0:a|||', '0:ab|||', '0:T|||']);
    expect(indexAt).toEqual([0, 0, 1, 1, 1, 2, 2, 3, 2, 2]);
  });

  it('refuses times out of order', async () => {
    await expect(snapshotsAt(session('a'), [5, 4])).rejects.toThrow('expected times in ascending order, but 4 ms comes after 5 ms');
  });

  it('gives nothing for no times', async () => {
    expect(await snapshotsAt(session('a'), [])).toEqual({ snapshots: [], indexAt: [] });
  });
});

describe('paletteColour: xterm 256 colours', () => {
  it.each([
    [0, theme.ansi[0]],
    [15, theme.ansi[15]],
    [16, '#000000'],
    [21, '#0000ff'],
    [196, '#ff0000'],
    [231, '#ffffff'],
    [244, '#808080'],
    [255, '#eeeeee'],
  ])('%i → %s', (i, want) => expect(paletteColour(i, theme.ansi)).toBe(want));
});
