/**
 * record_session and replay_session in the real terminal (Xvfb + openbox + xterm, the shell under
 * our pty, keys typed with xdotool), the plan's steps performed by the capture's own executors:
 * a small interactive stand-in (asks, reads a line, thinks for 3 s, streams an answer, asks for a
 * token typed as a secret) is recorded: the cast has "o" and "i" events in order, the pause, and
 * no secret. Replayed with speed and maxPause in a new terminal: the same final screen, the long
 * pause shortened (measured). `session` records the first time and replays after. Typed input
 * that differs from the recording fails the step with both texts.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileScript } from '../../src/dsl';
import { executeStep, type CaptureContext } from '../../src/capture/executors';
import { createX11Keyboard } from '../../src/capture/desktop/keyboard-x11';
import { readSessionCast } from '../../src/capture/session-cast';
import { stripAnsi } from '../../src/capture/terminal';
import { startVirtualDesktop, type VirtualDesktop } from '../../src/stage/virtual-desktop';
import { TERMINAL, skipWithout } from '../helpers/requires';

const skip = skipWithout('record and replay a session, on Xvfb', TERMINAL);

const SECRET = 'Zq7xK9pW';
const ASKER = `// asks, reads a line, thinks, streams an answer, asks for a token, exits
const rl = require('node:readline');
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ask = (q) => new Promise((res) => { const i = rl.createInterface({ input: process.stdin, output: process.stdout, terminal: true }); i.question(q, (a) => { i.close(); res(a); }); });
(async () => {
  process.stdout.write('\\x1b[1mAsker v1\\x1b[0m\\n');
  const q = await ask('ask> ');
  process.stdout.write('thinking…');
  await sleep(3000);
  process.stdout.write('\\r\\x1b[K');
  for (const w of ('You asked: ' + q + '. Here is a streamed answer.').split(' ')) { process.stdout.write(w + ' '); await sleep(40); }
  process.stdout.write('\\n');
  const tok = await ask('token> ');
  process.stdout.write('token has ' + tok.length + ' chars\\nbye\\n');
})();
`;

/** The script: `start` opens the program; the rest is the same for recording and replaying. */
const script = (start: string, question = 'What is up?') =>
  [
    'steps:',
    '  - open_terminal: { title: session-test, cwd: ".", cols: 60, rows: 14 }',
    `  - ${start}`,
    '  - wait_for_text: "ask>"',
    `  - type: { text: "${question}", wpm: 200 }`,
    '  - press: Enter',
    '  - wait_for_text: { text: "token>", timeout: 15s }',
    `  - type: { text: "${SECRET}", secret: true, wpm: 200 }`,
    '  - press: Enter',
    '  - wait_for_text: bye',
    '',
  ].join('\n');

let desktop: VirtualDesktop;
let dir: string;
beforeAll(async () => {
  if (skip) return;
  desktop = await startVirtualDesktop({ width: 1024, height: 768 });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-session-'));
  fs.writeFileSync(path.join(dir, 'asker.cjs'), ASKER);
}, 30_000);
afterAll(async () => {
  await desktop?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/**
 * Performs `yaml` (as video.yaml in the test's project folder) step by step with the capture's
 * executors; answers the final screen and every chunk the terminal showed, with its time (ms).
 */
const perform = async (yaml: string): Promise<{ screen: string[]; shown: Array<[number, string]>; error: string | null; notices: string[] }> => {
  fs.writeFileSync(path.join(dir, 'video.yaml'), yaml);
  const compiled = compileScript({ entry: 'video.yaml', files: { 'video.yaml': yaml } });
  if (!compiled.plan) throw new Error(JSON.stringify(compiled.errors));
  const kb = createX11Keyboard(desktop.display);
  const origin = { x: 0, y: 0 };
  const notices: string[] = [];
  const ctx: CaptureContext = {
    driver: {
      position: async () => origin,
      moveTo: async () => undefined,
      click: async () => undefined,
      drag: async () => undefined,
      scroll: async () => undefined,
      type: (text, o) =>
        kb.type(
          text,
          [...text].map(() => 60_000 / ((o?.wpm ?? 70) * 5)),
          { secret: o?.secret ?? false },
        ),
      press: (chord) => kb.press(chord),
    },
    display: desktop.display,
    log: () => undefined,
    now: () => performance.timeOrigin + performance.now(),
    sleep: (ms) => new Promise((r) => setTimeout(r, ms)),
    resolve: async () => {
      throw new Error('no targets here');
    },
    browser: null,
    sayDurationMs: () => 0,
    terminal: null,
    folder: (p) => fs.realpathSync(path.join(dir, p)),
    file: (p) => fs.realpathSync(path.join(dir, p)),
    screen: desktop,
    formats: ['landscape'],
    outputMark: 0,
    step: compiled.plan.steps[0]!,
    notice: (l) => notices.push(l),
  };
  const shown: Array<[number, string]> = [];
  let error: string | null = null;
  try {
    for (const step of compiled.plan.steps) {
      ctx.step = step;
      await executeStep(step, ctx);
      if (step.action === 'open_terminal') ctx.terminal!.tap({ output: (d, t) => shown.push([t, d]) });
    }
  } catch (err) {
    error = (err as Error).message;
  }
  // The program's last output is shown before the next prompt.
  if (!error) await ctx.terminal?.waitForReady(5000).catch(() => undefined);
  const screen = ctx.terminal?.screenLines() ?? [];
  await ctx.terminal?.close();
  return { screen, shown, error, notices };
};

/** The gap (ms) between the chunk that shows `before` and the next chunk. */
const gapAfter = (shown: Array<[number, string]>, before: string): number => {
  const i = shown.findIndex(([, d]) => stripAnsi(d).includes(before));
  return i >= 0 && i + 1 < shown.length ? shown[i + 1]![0] - shown[i]![0] : NaN;
};

describe.skipIf(skip)('record_session, then replay_session', () => {
  let recorded: string[] = [];
  const castFile = () => path.join(dir, 'sessions', 'asker.cast');

  it('records the program: output and input with timing, no secret', { timeout: 60_000 }, async () => {
    const r = await perform(script('record_session: { name: asker, command: "node asker.cjs", wpm: 200 }'));
    expect(r.error).toBeNull();
    recorded = r.screen;
    expect(recorded.join('\n')).toContain('token has 8 chars');
    const text = fs.readFileSync(castFile(), 'utf8');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain(SECRET.slice(0, 4));
    const cast = readSessionCast(text, 'asker.cast');
    expect(cast.header).toMatchObject({ version: 2, width: 60, height: 14, command: 'node asker.cjs' });
    const input = cast.events.filter((e) => e[1] === 'i').map((e) => e[2]);
    expect(input.join('')).toBe('What is up?\r••••••••\r');
    const output = stripAnsi(
      cast.events
        .filter((e) => e[1] === 'o')
        .map((e) => e[2])
        .join(''),
    );
    expect(output).toContain('Asker v1');
    expect(output).toContain('You asked: What is up?');
    expect(output).not.toContain('133;'); // the shell's marks are not the program's
    // Times in order, from the program's start; the 3 s of thinking is there.
    const times = cast.events.map((e) => e[0]);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const think = cast.events.findIndex((e) => e[2].includes('thinking'));
    const pause = cast.events[think + 1]![0] - cast.events[think]![0];
    console.log(`recorded: ${cast.events.length} events over ${times.at(-1)!.toFixed(2)} s; the thinking pause ${pause.toFixed(2)} s`);
    expect(pause).toBeGreaterThan(2.9);
  });

  it('replays it with speed and maxPause: the same final screen, the long pause shortened', { timeout: 60_000 }, async () => {
    expect(recorded.length).toBeGreaterThan(0);
    const r = await perform(script('replay_session: { name: asker, speed: 2, maxPause: 500ms, wpm: 200 }'));
    expect(r.error).toBeNull();
    expect(r.notices).toEqual([]); // same grid: no warning
    expect(r.screen).toEqual(recorded);
    const gap = gapAfter(r.shown, 'thinking');
    console.log(`replayed: the 3 s thinking pause took ${gap.toFixed(0)} ms (maxPause 500 ms, speed 2)`);
    expect(gap).toBeGreaterThan(450);
    expect(gap).toBeLessThan(800);
  });

  it('session: records where there is no session yet, replays where there is one', { timeout: 60_000 }, async () => {
    const step = 'session: { name: asker2, command: "node asker.cjs", maxPause: 500ms, wpm: 200 }';
    const first = await perform(script(step));
    expect(first.error).toBeNull();
    expect(first.notices[0]).toBe('recording sessions/asker2.cast (none yet)');
    expect(fs.existsSync(path.join(dir, 'sessions', 'asker2.cast'))).toBe(true);
    const again = await perform(script(step));
    expect(again.error).toBeNull();
    expect(again.notices).toEqual([]);
    expect(again.screen).toEqual(first.screen);
    expect(gapAfter(again.shown, 'thinking')).toBeLessThan(800);
  });

  it('fails the step when the input typed is not the recorded one', { timeout: 60_000 }, async () => {
    const r = await perform(script('replay_session: asker', 'What is down?'));
    expect(r.error).toBe(
      'replay of asker: expected input "What is up?⏎" but got "What is d" (type and press steps after replay_session must type what was typed when it was recorded)',
    );
    // Nothing wrong on camera: the wrong character is not shown.
    expect(r.screen.join('\n')).toContain('ask> What is ');
    expect(r.screen.join('\n')).not.toContain('What is d');
  });
});
