// Parity of the rasterised terminal with the real one: the terminal opens on its own Xvfb (xterm,
// DejaVu Sans Mono, the dark theme), prints colours (16, 256, truecolor), bold, inverse,
// underline, italic, accents, box drawing, CJK, an emoji and a prompt with the cursor; the screen
// is grabbed, and the same state, replayed from the terminal's asciicast, is rasterised at scale 1
// onto the screen's grid. The grid's region must match within a small bound, and a state with
// different text must not. Sprites at scale 2 and 2.5 are drawn too (kept in the temp dir).
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureEvent, CaptureLog } from '../../src/capture-log';
import { openTerminal, type Terminal } from '../../src/capture/terminal';
import { findBrowser } from '../../src/render/browser';
import { rasteriseTerminal, readTerminalSession, snapshotsAt, type GridSnapshot, type TerminalLook } from '../../src/render/terminal-text';
import { startVirtualDesktop, type VirtualDesktop } from '../../src/stage/virtual-desktop';
import { readPixels, type Pixels } from '../helpers/synthetic';
import { TERMINAL, skipWithout } from '../helpers/requires';

const noBrowser = findBrowser(process.cwd()) === null;
if (noBrowser) console.warn('[skipped] terminal text parity: needs Chromium (apt-get install chromium, or set REMOTION_BROWSER_EXECUTABLE)');
const skip = skipWithout('terminal text parity (the terminal on Xvfb)', TERMINAL) || noBrowser;

const run = promisify(execFile);

/** What the shell prints: every kind of cell the rasteriser draws. */
const DEMO = [
  'clear',
  "printf '\\033[31mred\\033[0m \\033[32mgreen\\033[0m \\033[33myellow\\033[0m \\033[34mblue\\033[0m \\033[35mmagenta\\033[0m \\033[36mcyan\\033[0m \\033[90mgrey\\033[0m \\033[97mwhite\\033[0m\\n'",
  "printf '\\033[38;5;208m256-orange\\033[0m \\033[38;5;39m256-blue\\033[0m \\033[48;5;236m bg236 \\033[0m \\033[38;2;255;105;180mtruecolor\\033[0m \\033[48;2;30;90;60m rgb-bg \\033[0m\\n'",
  "printf '\\033[1mbold\\033[0m \\033[1;32mbold green\\033[0m \\033[7minverse\\033[0m \\033[4munderline\\033[0m \\033[3mitalic\\033[0m\\n'",
  "printf 'café señor naïve ÀÉÎ ñ é\\n'",
  "printf '╭──────╮ ┌─┬─┐\\n│ box  │ │ │ │\\n╰──────╯ └─┴─┘\\n'",
  "printf '东京 日本語 mixed 中文 ok\\n'",
  "printf 'emoji 🚀|x ✻ ⏺ done\\n'",
].join('\n');

/**
 * The bound parity must meet (decided from measurements, see the report in the commit): per
 * channel mean absolute difference over the grid's rows with text, the worst single row's, and
 * the share of pixels whose channels differ by more than 48.
 */
const BOUND = { mad: 1.5, worstRowMad: 3, share: 0.003 };

type Parity = { mad: number[]; worstRowMad: number; share: number };

/** Compares `a` and `b` (same size) over `rows` rows of the grid of `look`. */
const parity = (a: Pixels, b: Pixels, look: TerminalLook, rows: number): Parity => {
  const sum = [0, 0, 0];
  let n = 0;
  let differ = 0;
  let worstRowMad = 0;
  const x0 = Math.round(look.x);
  const x1 = Math.round(look.x + look.cols * look.cellWidth);
  for (let r = 0; r < rows; r++) {
    let rowSum = 0;
    let rowN = 0;
    for (let y = Math.round(look.y + r * look.cellHeight); y < Math.round(look.y + (r + 1) * look.cellHeight); y++) {
      for (let x = x0; x < x1; x++) {
        const i = (y * a.width + x) * 3;
        let most = 0;
        for (let c = 0; c < 3; c++) {
          const d = Math.abs(a.data[i + c]! - b.data[i + c]!);
          sum[c]! += d;
          rowSum += d;
          most = Math.max(most, d);
        }
        rowN += 3;
        n++;
        if (most > 48) differ++;
      }
    }
    worstRowMad = Math.max(worstRowMad, rowSum / rowN);
  }
  return { mad: sum.map((s) => s / n), worstRowMad, share: differ / n };
};
const within = (p: Parity) => p.mad.every((m) => m < BOUND.mad) && p.worstRowMad < BOUND.worstRowMad && p.share < BOUND.share;
const show = (p: Parity) =>
  `MAD r,g,b ${p.mad.map((m) => m.toFixed(2)).join(' ')}, worst row ${p.worstRowMad.toFixed(2)}, differing ${(p.share * 100).toFixed(2)}%`;

let desktop: VirtualDesktop;
let dir: string;
beforeAll(async () => {
  if (skip) return;
  desktop = await startVirtualDesktop({ width: 1280, height: 720 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-term-parity-'));
}, 30_000);
afterAll(async () => {
  await desktop?.stop();
  if (dir && !process.env.KEEP_PARITY) fs.rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(skip)('terminal text: the rasterised grid matches the real terminal', () => {
  let term: Terminal | null = null;
  afterAll(async () => term?.close());

  it('at scale 1 within the bound; a state with other text is outside it', { timeout: 120_000 }, async () => {
    const events: CaptureEvent[] = [];
    term = await openTerminal({
      display: desktop.display,
      theme: 'dark',
      title: 'parity',
      cols: 60,
      rows: 12,
      fontSize: 18,
      screen: desktop,
      log: (e) => events.push(e),
    });
    fs.writeFileSync(path.join(dir, 'demo.sh'), `${DEMO}\n`);
    const env = { ...process.env, DISPLAY: desktop.display };
    await run('xdotool', ['type', '--delay', '20', `. ${path.join(dir, 'demo.sh')}`], { env });
    await run('xdotool', ['key', 'Return'], { env });
    await term.waitForPrompt(2, 15_000);
    await new Promise((r) => setTimeout(r, 500)); // the window has drawn
    const at = Date.now();
    const screen = path.join(dir, 'screen.png');
    execFileSync('ffmpeg', [
      '-v',
      'error',
      '-y',
      '-f',
      'x11grab',
      '-video_size',
      `${desktop.width}x${desktop.height}`,
      '-i',
      desktop.display,
      '-frames:v',
      '1',
      screen,
    ]);
    term.saveAsciicast(path.join(dir, 'terminal.cast'));
    await term.close();
    term = null;

    const session = readTerminalSession(dir, { events } as unknown as CaptureLog);
    expect(session).not.toBeNull();
    const { look } = session!;
    expect(look).toMatchObject({ cols: 60, rows: 12, cellWidth: 15, cellHeight: 30, fontFamily: 'DejaVu Sans Mono', fontPx: 25, baseline: 24 });
    const { snapshots, indexAt } = await snapshotsAt(session!, [at]);
    const right = snapshots[indexAt[0]!]!;
    expect(right.rows[3]!.map((r) => r.chars.join('')).join('')).toBe('café señor naïve ÀÉÎ ñ é');
    // Wrong states: row 3 says something else in the same colours; every cell one column to the right.
    const wrong: GridSnapshot = structuredClone(right);
    wrong.rows[3] = [{ ...right.rows[3]![0]!, chars: [...'other words in this row'] }];
    const shifted: GridSnapshot = { ...right, rows: right.rows.map((row) => row.map((run) => ({ ...run, col: run.col + 1 }))) };
    const files = await rasteriseTerminal(
      look,
      [right, wrong, shifted],
      [
        { snapshot: 0, scale: 1, dx: 0, dy: 0, width: desktop.width, height: desktop.height, file: path.join(dir, 'right.png') },
        { snapshot: 1, scale: 1, dx: 0, dy: 0, width: desktop.width, height: desktop.height, file: path.join(dir, 'wrong.png') },
        { snapshot: 2, scale: 1, dx: 0, dy: 0, width: desktop.width, height: desktop.height, file: path.join(dir, 'shifted.png') },
        // The grid alone at 2 and 2.5 sprite px per screen px, for people to look at.
        ...[2, 2.5].map((scale) => ({
          snapshot: 0,
          scale,
          dx: -look.x * scale,
          dy: -look.y * scale,
          width: Math.ceil(look.cols * look.cellWidth * scale),
          height: Math.ceil(look.rows * look.cellHeight * scale),
          file: path.join(dir, `grid@${scale}.png`),
        })),
      ],
    );
    const shot = readPixels(screen);
    const ok = parity(shot, readPixels(files[0]!), look, 10);
    const bad = parity(shot, readPixels(files[1]!), look, 10);
    const off = parity(shot, readPixels(files[2]!), look, 10);
    console.log(
      `terminal text parity at scale 1 (rows 0–9 of the grid): ${show(ok)}; other text in one row: ${show(bad)}; one column off: ${show(off)} (bound: MAD < ${BOUND.mad}, worst row < ${BOUND.worstRowMad}, differing < ${BOUND.share * 100}%)`,
    );
    expect(within(ok), show(ok)).toBe(true);
    expect(within(bad), show(bad)).toBe(false);
    expect(within(off), show(off)).toBe(false);
    // The scaled sprites: the grid's size.
    const big = readPixels(files[4]!);
    expect([big.width, big.height]).toEqual([Math.ceil(60 * 15 * 2.5), Math.ceil(12 * 30 * 2.5)]);
  });
});
