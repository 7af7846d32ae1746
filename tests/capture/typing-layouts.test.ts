/**
 * Typing and chords on a real X display (Xvfb + openbox), with the keyboard layouts people have:
 * - Unicode text (accents, Cyrillic, CJK, Hebrew, emoji) reaches a real terminal exactly, on us;
 * - "yz@#[]{}|~<>/" and the layout's own characters reach it exactly on de (QWERTZ) and fr
 *   (AZERTY), and Cyrillic on us,ru; spare keycodes bound meanwhile are empty again after;
 * - chords press the key that produces the character in the active layout (xev listens):
 *   Ctrl+Z on QWERTZ is the key labelled Z, Ctrl+Shift+P carries Ctrl and Shift;
 * - `screenplay capture` types "echo café" and the de symbols into its terminal's shell, whose
 *   output says them back;
 * - a keyboard failure (xdotool answering an X error) is a step error: exit 2, the recorder
 *   stopped, capture.json written ("complete": false).
 * The layout is set per desktop (each test's own Xvfb) and set back to us after each case.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { readCaptureLogText } from '../../src/capture-log';
import { parseAsciicast } from '../../src/capture/asciicast';
import { focusWindow } from '../../src/capture/desktop/focus-x11';
import { parseKeymap } from '../../src/capture/desktop/keyboard-x11';
import { startVirtualDesktop, type VirtualDesktop } from '../../src/stage/virtual-desktop';
import { TERMINAL, skipWithout } from '../helpers/requires';

const skip = skipWithout('typing with keyboard layouts on Xvfb', TERMINAL, ['setxkbmap', 'xmodmap', 'xev']);

const PROBE = path.join(__dirname, '..', 'helpers', 'driver-probe.ts');
const TSX = path.join(__dirname, '..', '..', 'node_modules', '.bin', 'tsx');
const BIN = path.join(__dirname, '..', '..', 'bin', 'screenplay.mjs');
const SYMBOLS = 'yz@#[]{}|~<>/';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(skip)('typing with keyboard layouts on Xvfb', () => {
  let desktop: VirtualDesktop;
  let dir: string;
  beforeAll(async () => {
    desktop = await startVirtualDesktop({ width: 1024, height: 768 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-typing-'));
  }, 30_000);
  afterAll(async () => {
    await desktop?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });
  const env = () => ({ ...process.env, DISPLAY: desktop.display });
  const setLayout = (layout: string) => {
    const r = spawnSync('setxkbmap', ['-display', desktop.display, '-layout', layout], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`setxkbmap ${layout}: ${r.stderr}`);
  };
  afterEach(() => setLayout('us'));
  const spareKeycodes = () => parseKeymap(spawnSync('xmodmap', ['-display', desktop.display, '-pk'], { encoding: 'utf8' }).stdout).spare;
  const probe = (...args: string[]) => {
    const r = spawnSync(TSX, [PROBE, ...args], { env: env(), encoding: 'utf8', timeout: 120_000 });
    if (r.status !== 0) throw new Error(`probe failed (${r.status}): ${r.stderr}`);
    return JSON.parse(r.stdout.trim().split('\n').at(-1) as string);
  };
  /** Opens `cmd` (a shell line) in an xterm in UTF-8 (or an xev listening), titled `cls`; waits for its window and clicks into it. */
  const window = async (cmd: string, cls: string, program = 'xterm') => {
    const args =
      program === 'xterm'
        ? ['-T', cls, '-u8', '-geometry', '100x10+0+0', '-e', 'sh', '-c', cmd]
        : ['-name', cls, '-geometry', '400x200+0+0', '-event', 'keyboard'];
    const proc = spawn(program, args, { env: { ...env(), LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' }, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    proc.stdout?.on('data', (c: Buffer) => (out += c.toString()));
    const exited = new Promise<number | null>((r) => proc.once('exit', (code) => r(code)));
    const deadline = Date.now() + 20_000;
    while (spawnSync('xdotool', ['search', '--name', cls], { env: env() }).status !== 0) {
      if (Date.now() > deadline) throw new Error(`${program} did not open`);
      await sleep(200);
    }
    await sleep(600);
    // Focus it for sure (under load a blind click at a fixed point could land before the window
    // is placed there, and a CI run once typed a whole text into nothing): activate it until the
    // window manager reports it active, then click its middle, then check it still is.
    const id = Number(spawnSync('xdotool', ['search', '--name', cls], { env: env(), encoding: 'utf8' }).stdout.trim().split('\n')[0]);
    expect(await focusWindow(desktop.display, id, 15_000), `${program} window ${id} never became active`).toBe(true);
    const geo = spawnSync('xdotool', ['search', '--name', cls, 'getwindowgeometry', '--shell'], { env: env(), encoding: 'utf8' }).stdout;
    const g = (k: string) => Number(new RegExp(`${k}=(\\d+)`).exec(geo)?.[1] ?? 0);
    probe('move', String(g('X') + Math.round(g('WIDTH') / 2)), String(g('Y') + Math.round(g('HEIGHT') / 2)));
    spawnSync('xdotool', ['click', '1'], { env: env() });
    await sleep(200);
    expect(await focusWindow(desktop.display, id, 15_000), `${program} window ${id} lost the focus after the click`).toBe(true);
    return { exited, output: () => out, proc };
  };

  it.each([
    ['us', ['echo café', 'naïve Ærø ß', 'Привет', '东京', 'שלום', '🚀✅', 'tab\there', '^`~ e\u0301 👩‍💻 €']],
    ['de', [SYMBOLS, '^`´°§ äöü ÄÖÜ ẞ € café', 'Ctrl+Z']],
    ['fr', [SYMBOLS, 'aqwzm ²&é"\'(-è_çà)= ù*µ!§ café', 'ŒÇ']],
    ['us,ru', ['Привет мир', 'abc @#~']],
  ])('on %s, text reaches a real terminal exactly', { timeout: 120_000 }, async (layout, lines) => {
    setLayout(layout);
    const spare = spareKeycodes();
    const file = path.join(dir, `typed-${layout}.txt`);
    const term = await window(`stty -echo; cat > ${file}`, `typing-${layout.replace(',', '-')}`);
    const text = (lines as string[]).join('\n');
    const r = probe('type', text); // then Enter and Ctrl+D
    expect(r.typed).toBe(text);
    // cat ends at Enter + Ctrl+D; if it does not within 20 s, show what reached it.
    const ended = await Promise.race([term.exited, sleep(20_000).then(() => 'still running' as const)]);
    if (ended === 'still running') term.proc.kill();
    expect({ ended, typed: fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null }).toEqual({ ended: 0, typed: `${text}\n` });
    // Every keycode bound for a character the layout lacks is empty again.
    expect(spareKeycodes()).toEqual(spare);
  });

  it.each([
    // layout, chord, the keysym the key produces, state (Shift 0x1, Ctrl 0x4)
    ['de', 'Ctrl+Z', 'z', 0x4],
    ['de', 'Ctrl+Shift+P', 'P', 0x5],
    ['de', 'Ctrl+ö', 'odiaeresis', 0x4],
    ['fr', 'Ctrl+A', 'a', 0x4],
    ['fr', 'Ctrl+Shift+P', 'P', 0x5],
    ['fr', 'Ctrl+W', 'w', 0x4],
    ['us', 'Ctrl+é', 'eacute', 0x4],
    // No key of ru produces "a": its spare keycode gets "a" and "A", so Shift gives the capital.
    ['ru', 'Shift+a', 'A', 0x1],
    ['ru', 'Ctrl+Shift+p', 'P', 0x5],
  ])('on %s, %s presses the key that produces it', { timeout: 90_000 }, async (layout, chord, keysym, state) => {
    setLayout(layout);
    const keymap = spawnSync('xmodmap', ['-display', desktop.display, '-pke'], { encoding: 'utf8' }).stdout;
    const listener = await window('', `xev-${layout}`, 'xev');
    probe('press', chord);
    await sleep(300);
    listener.proc.kill();
    const presses = [...listener.output().matchAll(/KeyPress event[^]*?state (0x[0-9a-f]+), keycode (\d+) \(keysym 0x[0-9a-f]+, (\w+)\)/g)]
      .map((m) => ({ state: parseInt(m[1] as string, 16), keycode: Number(m[2]), keysym: m[3] as string }))
      .filter((p) => !/^(Control|Shift|Alt|Super|ISO_Level3)_/.test(p.keysym));
    expect(presses).toHaveLength(1);
    expect(presses[0]).toMatchObject({ keysym, state });
    // The layout's own key for it where it has one (Z on QWERTZ is US Y's place; A on AZERTY is US Q's).
    const own = new RegExp(`^keycode\\s+(\\d+) = ${keysym.toLowerCase() === keysym ? keysym : keysym.toLowerCase()} `, 'mi').exec(keymap);
    if (keysym !== 'eacute' && layout !== 'ru') expect(presses[0]!.keycode).toBe(Number(own?.[1]));
    if (layout === 'de' && keysym === 'z') expect(presses[0]!.keycode).toBe(29);
    if (layout === 'fr' && keysym === 'a') expect(presses[0]!.keycode).toBe(24);
  });

  const capture = (script: string, out: string, extraEnv: Record<string, string> = {}) => {
    fs.writeFileSync(path.join(dir, 'video.yaml'), script);
    return spawnSync(process.execPath, [BIN, 'capture', path.join(dir, 'video.yaml'), '--out', out, '--countdown', '0s', '--on-my-desktop'], {
      env: { ...env(), ...extraEnv },
      encoding: 'utf8',
      timeout: 150_000,
    });
  };

  it('capture types "echo café" and the de symbols into the shell, which says them back', { timeout: 180_000 }, () => {
    setLayout('de');
    const out = path.join(dir, 'out-cafe');
    const r = capture(
      [
        'steps:',
        '  - open_terminal: { cols: 60, rows: 8, fontSize: 14 }',
        '  - run: "echo café"',
        `  - run: "echo '${SYMBOLS}'"`,
        '  - type: "echo Привет 东京 שלום 🚀"',
        '  - press: Enter',
        '  - wait_for_text: "Привет 东京 שלום 🚀"',
        '',
      ].join('\n'),
      out,
      { LANG: 'C', LC_ALL: 'C' }, // screenplay's own locale is not UTF-8: the terminal still is
    );
    expect(r.stderr).not.toMatch(/error/i);
    expect(r.status).toBe(0);
    const cast = parseAsciicast(fs.readFileSync(path.join(out, 'terminal.cast'), 'utf8'));
    // eslint-disable-next-line no-control-regex
    const shown = cast.events
      .filter((e) => e[1] === 'o')
      .map((e) => e[2])
      .join('')
      .replace(/\x1b\][^\x07]*\x07|\x1b\[[0-9;?]*[a-zA-Z]|\r/g, '');
    expect(shown).toContain('$ echo café\ncafé\n');
    expect(shown).toContain(`$ echo '${SYMBOLS}'\n${SYMBOLS}\n`);
    expect(shown).toContain('$ echo Привет 东京 שלום 🚀\nПривет 东京 שלום 🚀\n');
    const read = readCaptureLogText(fs.readFileSync(path.join(out, 'capture.json'), 'utf8'));
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    expect(read.log.events.filter((e) => e.type === 'command').map((e) => (e as { command: string; exitCode: number }).exitCode)).toEqual([0, 0]);
    expect(read.log.events.find((e) => e.type === 'type' && e.text === 'echo café')).toBeDefined();
  });

  it('a keyboard failure (an X error) is a step error: exit 2, recorder stopped, capture.json written', { timeout: 180_000 }, async () => {
    // xdotool answering an X error for keys, as libnut's XTest call did in-process (and exited).
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin, { recursive: true });
    const real = spawnSync('sh', ['-c', 'command -v xdotool'], { encoding: 'utf8' }).stdout.trim();
    fs.writeFileSync(
      path.join(bin, 'xdotool'),
      `#!/bin/sh\nif [ "$1" = "-" ]; then cat >/dev/null; echo 'X Error of failed request:  BadValue (integer parameter out of range for operation)' >&2; exit 1; fi\nexec ${real} "$@"\n`,
      { mode: 0o755 },
    );
    const out = path.join(dir, 'out-xerror');
    const r = capture(['steps:', '  - wait: 1s', '  - type: "echo ~"', '  - wait: 1s', ''].join('\n'), out, { PATH: `${bin}:${process.env.PATH}` });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/video\.yaml:3:5: step 2 \(type\) failed: xdotool could not type U\+0065 \("e"\): X Error of failed request: {2}BadValue/);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack
    const read = readCaptureLogText(fs.readFileSync(path.join(out, 'capture.json'), 'utf8'));
    if (!read.ok) throw new Error(JSON.stringify(read.problems));
    expect(read.log.complete).toBe(false);
    expect(fs.existsSync(path.join(out, 'recording.mp4'))).toBe(true);
    // No recorder left: no process anywhere still writing into this capture dir.
    const ffmpegs = fs
      .readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          return fs.readFileSync(`/proc/${d}/cmdline`, 'utf8').includes(out);
        } catch {
          return false;
        }
      });
    expect(ffmpegs).toEqual([]);
  });
});
