/**
 * A secret in the real terminal (Xvfb + openbox + xterm, the shell under our pty): typed, then
 * echoed, quoted by `command not found`, printed in pieces with sleeps, with a colour code or a
 * cursor move in the middle, one character per write, and as the window's title. Checked where
 * a viewer would see it: the window's pixels in every frame of a lossless recording of the grid
 * (no cell ever shows one of the secret's glyphs; at the end every masked cell shows the mask's),
 * the asciicast replayed in @xterm/headless, the output, the event log and the window's title.
 */
import { execFile, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import xtermHeadless from '@xterm/headless';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CaptureEvent } from '../../src/capture-log';
import { parseAsciicast } from '../../src/capture/asciicast';
import { openTerminal, type Terminal } from '../../src/capture/terminal';
import { TERMINAL_THEMES } from '../../src/capture/terminal-themes';
import { startVirtualDesktop, type VirtualDesktop } from '../../src/stage/virtual-desktop';
import { TERMINAL, skipWithout } from '../helpers/requires';

const skip = skipWithout('a secret in the terminal, on Xvfb', TERMINAL);

const run = promisify(execFile);
const SECRET = 'Zq7xK9pW';
const MASKED = '••••••••';
/** Every 3-character piece of the secret: none may show anywhere. */
const PIECES = Array.from({ length: SECRET.length - 2 }, (_, i) => SECRET.slice(i, i + 3));

let desktop: VirtualDesktop;
let dir: string;
let term: Terminal | null = null;
beforeAll(async () => {
  if (skip) return;
  desktop = await startVirtualDesktop({ width: 1280, height: 720 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-secrets-'));
}, 30_000);
afterAll(async () => {
  await term?.close();
  await desktop?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(skip)('a secret in the terminal', () => {
  it('never shows in the window, the asciicast, the output, the log or the title', { timeout: 120_000 }, async () => {
    const events: CaptureEvent[] = [];
    const t = (term = await openTerminal({
      display: desktop.display,
      theme: 'dark',
      title: 'secret-test',
      cols: 56,
      rows: 22,
      fontSize: 14,
      screen: desktop,
      log: (e) => events.push(e),
    }));
    const g = t.geometry;
    const env = { ...process.env, DISPLAY: desktop.display };
    const keys = (text: string) => run('xdotool', ['type', '--delay', '20', text], { env });
    const enter = () => run('xdotool', ['key', 'Return'], { env });
    const command = async (text: string) => {
      const before = t.prompts();
      await keys(text);
      await enter();
      await t.waitForPrompt(before + 1, 10_000);
    };

    // The grid, recorded losslessly (grey levels) while everything happens.
    const width = g.cols * g.cellWidth;
    const height = g.rows * g.cellHeight;
    const video = path.join(dir, 'grid.mkv');
    const recorder = spawn(
      'ffmpeg',
      [
        '-v',
        'error',
        '-f',
        'x11grab',
        '-framerate',
        '12',
        '-video_size',
        `${width}x${height}`,
        '-i',
        `${desktop.display}+${g.x},${g.y}`,
        '-c:v',
        'ffv1',
        '-pix_fmt',
        'gray',
        video,
      ],
      { env, stdio: ['pipe', 'ignore', 'inherit'] },
    );
    await sleep(500);

    // Typed as the `type: { text, secret: true }` executor does: registered, its echo masked.
    await keys('export TOK=');
    await t.waitForOutput((o) => o.endsWith('export TOK='), 5000);
    t.addSecret(SECRET);
    t.setMasked(true);
    await keys(SECRET);
    await sleep(150);
    t.setMasked(false);
    let before = t.prompts();
    await enter();
    await t.waitForPrompt(before + 1, 10_000);
    await command('echo $TOK');
    await command('$TOK');
    await command('printf "${TOK:0:4}"; sleep 0.3; printf "${TOK:4}\\n"');
    await command('printf "${TOK:0:4}\\e[31m${TOK:4}\\e[0m\\n"');
    await command('printf "${TOK:0:3}\\e[1C${TOK:3}\\n"');
    await command('for c in $(echo $TOK | grep -o .); do printf $c; sleep 0.05; done; echo');
    await command('printf "\\e]2;%s\\a" "$TOK"');
    // The secret's glyphs, spaced (not the secret): the references the frames are compared with.
    await command(`echo '${[...SECRET].join(' ')}'`);
    await sleep(500);
    recorder.stdin.end('q');
    await new Promise((r) => recorder.once('exit', r));

    // The output and the screen model.
    const output = t.output();
    const lines = t.screenLines();
    for (const p of PIECES) expect(output).not.toContain(p);
    expect(lines).toEqual(expect.arrayContaining([`$ export TOK=${MASKED}`, MASKED, `bash: ${MASKED}: command not found`, '••• •••••']));
    expect(lines.filter((l) => l === MASKED)).toHaveLength(4); // echo, in halves, with a colour, one by one

    // The asciicast, as text and replayed.
    const castFile = path.join(dir, 'terminal.cast');
    t.saveAsciicast(castFile);
    const castText = fs.readFileSync(castFile, 'utf8');
    for (const p of [...PIECES, Buffer.from(SECRET).toString('base64').slice(0, 8)]) expect(castText).not.toContain(p);
    const cast = parseAsciicast(castText);
    const replay = new xtermHeadless.Terminal({ cols: g.cols, rows: g.rows, allowProposedApi: true });
    await new Promise<void>((r) => replay.write(cast.events.map((e) => e[2]).join(''), r));
    const replayed = Array.from({ length: g.rows }, (_, i) => replay.buffer.active.getLine(i)?.translateToString(true) ?? '');
    replay.dispose();
    expect(replayed).toEqual(lines);

    // The event log and the window's title.
    expect(JSON.stringify(events)).not.toContain(SECRET.slice(0, 3));
    expect(spawnSync('xdotool', ['search', '--name', SECRET.slice(0, 3)], { env }).status).not.toBe(0);
    const win = spawnSync('xdotool', ['search', '--classname', 'screenplay-terminal'], { env, encoding: 'utf8' }).stdout.trim().split('\n')[0] ?? '';
    expect(spawnSync('xdotool', ['getwindowname', win], { env, encoding: 'utf8' }).stdout.trim()).toBe(MASKED);

    // The frames: a cell's "ink" is where it differs from the background; cells are compared by ink.
    const raw = spawnSync('ffmpeg', ['-v', 'error', '-i', video, '-f', 'rawvideo', '-pix_fmt', 'gray', 'pipe:1'], { maxBuffer: 1 << 29 }).stdout;
    const frameSize = width * height;
    const frames = Math.floor(raw.length / frameSize);
    expect(frames).toBeGreaterThan(60);
    const bg = Math.round(
      TERMINAL_THEMES.dark.background
        .slice(1)
        .match(/../g)!
        .map((h) => parseInt(h, 16))
        .reduce((a, v, i) => a + v * [0.299, 0.587, 0.114][i]!, 0),
    );
    const ink = (f: number, col: number, row: number): Uint8Array => {
      const out = new Uint8Array(g.cellWidth * g.cellHeight);
      for (let y = 0; y < g.cellHeight; y++) {
        for (let x = 0; x < g.cellWidth; x++) {
          const v = raw[f * frameSize + (row * g.cellHeight + y) * width + col * g.cellWidth + x]!;
          out[y * g.cellWidth + x] = Math.abs(v - bg) > 40 ? 1 : 0;
        }
      }
      return out;
    };
    const iou = (a: Uint8Array, b: Uint8Array) => {
      let both = 0;
      let any = 0;
      for (let i = 0; i < a.length; i++) {
        both += a[i]! & b[i]!;
        any += a[i]! | b[i]!;
      }
      return any === 0 ? 0 : both / any;
    };
    const last = frames - 1;
    const refRow = lines.indexOf([...SECRET].join(' '));
    const glyphs = [...SECRET].map((_, i) => ink(last, 2 * i, refRow));
    const masked = lines.flatMap((l, row) => [...l].flatMap((c, col) => (c === '•' ? [{ row, col }] : [])));
    expect(masked.length).toBeGreaterThanOrEqual(7 * 8);
    const bullet = ink(last, masked[0]!.col, masked[0]!.row);
    // The comparison can tell: the same glyph typed on the command line matches its reference, a bullet does not.
    const cmdRow = refRow - 1;
    expect(iou(ink(last, lines[cmdRow]!.indexOf('Z'), cmdRow), glyphs[0]!)).toBeGreaterThan(0.9);
    for (const gl of glyphs) expect(iou(bullet, gl)).toBeLessThan(0.5);
    // At the end, every masked cell shows the bullet.
    for (const { row, col } of masked) expect(iou(ink(last, col, row), bullet)).toBeGreaterThan(0.9);
    // In no frame does any masked cell look like one of the secret's glyphs (even for a moment).
    let worst = 0;
    for (let f = 0; f < frames; f++) {
      for (const { row, col } of masked) {
        const cell = ink(f, col, row);
        for (const gl of glyphs) worst = Math.max(worst, iou(cell, gl));
      }
    }
    console.log(`secret glyphs vs masked cells over ${frames} frames: highest overlap ${worst.toFixed(2)}`);
    expect(worst).toBeLessThan(0.6);
  });
});
