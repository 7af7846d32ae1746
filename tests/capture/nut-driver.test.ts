/**
 * The desktop driver on a real X display (Xvfb + openbox): the pointer (nut.js) goes where it is
 * sent along a smooth path, and every printable ASCII character arrives as typed in a real
 * terminal (on X11 through keyboard-x11.ts; layouts and Unicode: typing-layouts.test.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chordKeys, humanPath, keyForChar, typingDelays } from '../../src/capture/desktop/human-input';
import { startVirtualDesktop, type VirtualDesktop } from '../../src/stage/virtual-desktop';
import { TERMINAL, skipWithout } from '../helpers/requires';

const skip = skipWithout('nut.js driver on Xvfb', TERMINAL);

const PRINTABLE = Array.from({ length: 0x7f - 0x20 }, (_, i) => String.fromCharCode(0x20 + i)).join('');
const PROBE = path.join(__dirname, '..', 'helpers', 'driver-probe.ts');
const TSX = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');

describe('human input (pure)', () => {
  it('maps every printable ASCII character to a key, symbols and capitals with Shift', () => {
    for (const ch of PRINTABLE) expect(keyForChar(ch), JSON.stringify(ch)).not.toBeNull();
    expect(keyForChar('$')).toEqual({ key: 'Num4', shift: true });
    expect(keyForChar('4')).toEqual({ key: 'Num4', shift: false });
    expect(keyForChar('A')).toEqual({ key: 'A', shift: true });
    expect(keyForChar('a')).toEqual({ key: 'A', shift: false });
    expect(keyForChar('~')).toEqual({ key: 'Grave', shift: true });
    expect(keyForChar('"')).toEqual({ key: 'Quote', shift: true });
    expect(keyForChar('é')).toBeNull();
  });

  it.each([
    ['Enter', ['Enter']],
    ['Ctrl+Shift+P', ['LeftControl', 'LeftShift', 'P']],
    ['cmd+k', ['LeftCmd', 'K']],
    ['Alt+F4', ['LeftAlt', 'F4']],
    ['$', ['LeftShift', 'Num4']],
    ['Ctrl+L', ['LeftControl', 'L']],
  ])('chord %s', (chord, keys) => expect(chordKeys(chord)).toEqual(keys));

  it('a path starts and ends exactly on its points, takes longer for longer moves, and arcs a little', () => {
    const short = humanPath({ x: 0, y: 0 }, { x: 100, y: 0 });
    const long = humanPath({ x: 0, y: 0 }, { x: 1500, y: 0 });
    expect(short[0]).toMatchObject({ x: 0, y: 0, tMs: 0 });
    expect(long.at(-1)).toMatchObject({ x: 1500, y: 0 });
    expect(long.at(-1)!.tMs).toBeGreaterThan(short.at(-1)!.tMs);
    const maxOff = Math.max(...long.map((p) => Math.abs(p.y)));
    expect(maxOff).toBeGreaterThan(10);
    expect(maxOff).toBeLessThanOrEqual(60);
    expect(humanPath({ x: 0, y: 0 }, { x: 900, y: 0 }, { durationMs: 300 }).at(-1)!.tMs).toBe(300);
  });

  it('types at about the asked cadence', () => {
    const text = 'the quick brown fox jumps over the lazy dog '.repeat(5);
    const total = typingDelays(text, 60).reduce((a, b) => a + b, 0);
    const wpm = text.length / 5 / (total / 60_000);
    expect(wpm).toBeGreaterThan(45);
    expect(wpm).toBeLessThan(75);
  });
});

describe.skipIf(skip)('nut.js driver on Xvfb', () => {
  let desktop: VirtualDesktop;
  let dir: string;
  beforeAll(async () => {
    desktop = await startVirtualDesktop({ width: 1024, height: 768 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-driver-'));
  });
  afterAll(async () => {
    await desktop?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const env = () => ({ ...process.env, DISPLAY: desktop.display });
  const probe = (...args: string[]) => {
    const r = spawnSync(TSX, [PROBE, ...args], { env: env(), encoding: 'utf8', timeout: 60_000 });
    if (r.status !== 0) throw new Error(`probe failed (${r.status}): ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').at(-1) as string);
  };

  it('moves the pointer to its target along the path it reports', { timeout: 60_000 }, () => {
    const r = probe('move', '700', '500');
    expect(r.end).toEqual({ x: 700, y: 500 });
    expect(r.samples.length).toBeGreaterThan(20);
    const xdo = spawnSync('xdotool', ['getmouselocation', '--shell'], { env: env(), encoding: 'utf8' }).stdout;
    expect(xdo).toMatch(/X=700\nY=500/);
  });

  it('samples the pointer at 60 Hz while something else moves it', { timeout: 60_000 }, async () => {
    const sampler = spawn(TSX, [PROBE, 'sample', '1500'], { env: env() });
    let out = '';
    sampler.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const done = new Promise((r) => sampler.once('exit', r));
    // Let the probe start (seconds on a loaded machine): it says when it samples.
    const deadline = Date.now() + 30_000;
    while (!out.includes('sampling') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(out).toContain('sampling');
    // xdotool, not our driver, moves the pointer in steps.
    for (let i = 0; i <= 20; i++) {
      spawnSync('xdotool', ['mousemove', String(100 + i * 20), '300'], { env: env() });
      await new Promise((r) => setTimeout(r, 25));
    }
    await done;
    const { samples } = JSON.parse(out.trim().split('\n').at(-1) as string) as { samples: Array<{ x: number; y: number; t: number }> };
    const moving = samples.filter((s) => s.y === 300 && s.x >= 100);
    expect(moving.length).toBeGreaterThanOrEqual(12); // ~21 steps over ~0.6 s, sampled at 60 Hz
    expect(moving.at(-1)).toMatchObject({ x: 500, y: 300 });
    for (let i = 1; i < moving.length; i++) expect(moving[i]!.t).toBeGreaterThan(moving[i - 1]!.t);
  });

  it('types every printable ASCII character correctly into a real terminal', { timeout: 90_000 }, async () => {
    const out = path.join(dir, 'typed.txt');
    const term = spawn('xterm', ['-geometry', '100x10+0+0', '-e', 'sh', '-c', `stty -echo; cat > ${out}`], { env: env(), stdio: 'ignore' });
    const exited = new Promise<number | null>((r) => term.once('exit', (code) => r(code)));
    // Wait for the terminal's window, then give it the focus.
    const deadline = Date.now() + 20_000;
    while (spawnSync('xdotool', ['search', '--class', 'xterm'], { env: env() }).status !== 0) {
      if (Date.now() > deadline) throw new Error('xterm did not open');
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 800));
    probe('move', '200', '60');
    const r = probe('type', PRINTABLE);
    expect(r.typed).toBe(PRINTABLE);
    expect(await exited).toBe(0);
    expect(fs.readFileSync(out, 'utf8')).toBe(`${PRINTABLE}\n`);
  });
});
