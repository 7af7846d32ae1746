/**
 * The terminal on a real X desktop (Xvfb + openbox): the shell under our pty, shown in xterm.
 * Keys are sent to the window with xdotool, as a person's would arrive. Checked: the grid is on
 * screen where the logged geometry says (pixels of a screenshot), the cursor events follow the
 * typing and the output, a wait ends as soon as its text arrives (measured), exit codes, and a
 * shell that exits.
 */
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../../src/capture-log';
import { openTerminal, type Terminal } from '../../src/capture/terminal';
import { TERMINAL_THEMES } from '../../src/capture/terminal-themes';
import { startVirtualDesktop, type VirtualDesktop } from '../../src/stage/virtual-desktop';
import { readPixels } from '../helpers/synthetic';
import { TERMINAL, skipWithout } from '../helpers/requires';

const skip = skipWithout('the terminal on Xvfb', TERMINAL);

const run = promisify(execFile);

let desktop: VirtualDesktop;
let dir: string;
beforeAll(async () => {
  if (skip) return;
  desktop = await startVirtualDesktop({ width: 1280, height: 720 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-terminal-'));
}, 30_000);
afterAll(async () => {
  await desktop?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** Types into the focused window (asynchronously: the terminal's own event loop keeps running). */
const type = async (text: string) => {
  const env = { ...process.env, DISPLAY: desktop.display };
  await run('xdotool', ['type', '--delay', '25', text], { env });
  await run('xdotool', ['key', 'Return'], { env });
};

const hex = (c: string) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
const near = (px: number[], want: number[], tol = 40) => px.every((v, i) => Math.abs(v - (want[i] as number)) <= tol);

describe.skipIf(skip)('terminal (node-pty shell shown in xterm)', () => {
  let term: Terminal | null = null;
  const events: CaptureEvent[] = [];
  afterAll(async () => term?.close());

  it('logs where its grid is, and the grid is there on screen (cell edges within 1 px)', { timeout: 60_000 }, async () => {
    term = await openTerminal({
      display: desktop.display,
      theme: 'light',
      title: 'grid-test',
      cols: 40,
      rows: 12,
      screen: desktop,
      log: (e) => events.push(e),
    });
    const g = term.geometry;
    expect(events[0]).toMatchObject({ type: 'terminal', title: 'grid-test', cols: 40, rows: 12, x: g.x, y: g.y });
    expect(Number.isInteger(g.cellWidth) && Number.isInteger(g.cellHeight)).toBe(true);
    // Four full blocks at columns 6–9 of the row after the command line.
    await type("printf '\\n      \\u2588\\u2588\\u2588\\u2588\\n'");
    await term.waitForPrompt(2, 10_000);
    const row = term.screenLines().findIndex((l) => l.includes('\u2588'));
    expect(term.screenLines()[row]!.indexOf('\u2588')).toBe(6);
    const png = path.join(dir, 'grid.png');
    await new Promise((r) => setTimeout(r, 300));
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
      png,
    ]);
    const img = readPixels(png);
    const at = (x: number, y: number) => {
      const i = (Math.round(y) * img.width + Math.round(x)) * 3;
      return [img.data[i]!, img.data[i + 1]!, img.data[i + 2]!];
    };
    const { foreground, background } = TERMINAL_THEMES.light;
    const midY = g.y + (row + 0.5) * g.cellHeight;
    const left = g.x + 6 * g.cellWidth;
    const right = g.x + 10 * g.cellWidth;
    expect(near(at(left + 1, midY), hex(foreground))).toBe(true);
    expect(near(at(left - 2, midY), hex(background))).toBe(true);
    expect(near(at(right - 2, midY), hex(foreground))).toBe(true);
    expect(near(at(right + 1, midY), hex(background))).toBe(true);
    // The rows above and below the blocks are empty.
    expect(near(at(left + g.cellWidth * 2, midY - g.cellHeight), hex(background))).toBe(true);
    expect(near(at(left + g.cellWidth * 2, midY + g.cellHeight), hex(background))).toBe(true);
  });

  it('logs the cursor as it types and as the output arrives', { timeout: 60_000 }, async () => {
    const t = term as Terminal;
    const from = events.length;
    const before = t.prompts();
    await type('seq 1 3');
    await t.waitForPrompt(before + 1, 10_000);
    await new Promise((r) => setTimeout(r, 100));
    const cursor = events.slice(from).filter((e): e is Extract<CaptureEvent, { type: 'terminal_cursor' }> => e.type === 'terminal_cursor');
    const promptRow = cursor[0]!.row;
    // While typing: the cursor walks along the prompt's row (prompt "$ " then the command).
    const typing = cursor.filter((c) => c.row === promptRow);
    expect(typing.map((c) => c.col)).toEqual([3, 4, 5, 6, 7, 8, 9].slice(0, typing.length));
    expect(typing.at(-1)).toMatchObject({ col: 9, lineStart: 0, lineEnd: 9 });
    // After Enter the output rows follow, then the next prompt two columns in.
    expect(cursor.at(-1)).toMatchObject({ row: promptRow + 4, col: 2, lineStart: 0, lineEnd: 2 });
    // In between, only downwards, and in time order.
    for (let i = 1; i < cursor.length; i++) {
      expect(cursor[i]!.row).toBeGreaterThanOrEqual(cursor[i - 1]!.row);
      expect(cursor[i]!.tMs).toBeGreaterThanOrEqual(cursor[i - 1]!.tMs);
    }
  });

  it('a wait for text ends as soon as the text arrives', { timeout: 60_000 }, async () => {
    const t = term as Terminal;
    const lags: number[] = [];
    for (let i = 0; i < 3; i++) {
      const before = t.prompts();
      const typed = type(`sleep 0.5; echo ready-$(date +%s%3N)-${i}`);
      const seen = await t.waitForOutput((out) => new RegExp(`ready-\\d+-${i}\\n`).test(out), 10_000);
      const endedAt = Date.now();
      expect(seen).toBe(true);
      const printedAt = Number(new RegExp(`ready-(\\d+)-${i}\\n`).exec(t.output())![1]);
      lags.push(endedAt - printedAt);
      await typed;
      await t.waitForPrompt(before + 1, 10_000);
    }
    console.log(`wait_for_text: the wait ended ${lags.join(', ')} ms after the shell printed the text`);
    for (const lag of lags) expect(lag).toBeLessThan(100);
    expect(await t.waitForOutput((out) => out.includes('never-printed'), 300)).toBe(false);
  });

  it('reports exit codes, and says so when the shell itself exits', { timeout: 60_000 }, async () => {
    const t = term as Terminal;
    let before = t.prompts();
    await type('(exit 7)');
    expect(await t.waitForPrompt(before + 1, 10_000)).toBe(7);
    before = t.prompts();
    await type('true');
    expect(await t.waitForPrompt(before + 1, 10_000)).toBe(0);
    before = t.prompts();
    await type('exit');
    await expect(t.waitForPrompt(before + 1, 10_000)).rejects.toThrow(/the shell exited \(code 0\)/);
  });
});
