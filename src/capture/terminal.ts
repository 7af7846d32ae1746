/**
 * A terminal made for video, on Linux: a themed xterm whose shell runs under `script`, so
 * everything it prints is also written to a log we read (wait_for_text reads the real output,
 * no OCR), and whose prompt command appends "<exit code>" to a side file (run knows when the
 * command finished and how), so nothing extra shows on screen.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { toAsciicast } from './asciicast';
import { endOnExit, endTree } from './end-on-exit';

export const TERMINAL_THEMES = {
  dark: { background: '#11131c', foreground: '#d8dee9', cursor: '#f0f0f0', prompt: '38;5;111' },
  light: { background: '#fbfbf8', foreground: '#1f2328', cursor: '#1f2328', prompt: '38;5;25' },
} as const;

export type TerminalOptions = {
  display: string;
  theme?: keyof typeof TERMINAL_THEMES;
  fontFamily?: string;
  fontSize?: number;
  cols?: number;
  rows?: number;
  cwd?: string;
  env?: Record<string, string>;
  shell?: string;
  prompt?: string;
  title?: string;
  x?: number;
  y?: number;
};

export type Terminal = {
  title: string;
  /** Everything the terminal has printed so far, escape sequences removed. */
  output: () => string;
  /** How many prompts have been shown (one more after each command). */
  prompts: () => number;
  /** Waits for prompt number `n` and returns the exit code of the command before it. */
  waitForPrompt: (n: number, timeoutMs: number) => Promise<number>;
  /** Writes the session so far as asciicast v2. */
  saveAsciicast: (file: string) => void;
  close: () => Promise<void>;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>]|\r/g;
export const stripAnsi = (s: string): string => s.replace(ANSI, '');

export const openTerminal = async (opts: TerminalOptions): Promise<Terminal> => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-term-'));
  const log = path.join(dir, 'output.log');
  const timing = path.join(dir, 'timing');
  const prompts = path.join(dir, 'prompts');
  fs.writeFileSync(prompts, '');
  const theme = TERMINAL_THEMES[opts.theme ?? 'dark'];
  const title = opts.title ?? `screenplay-${path.basename(dir)}`;
  const rc = path.join(dir, 'rc');
  const promptText = (opts.prompt ?? '$ ').replace(/'/g, "'\\''");
  fs.writeFileSync(
    rc,
    [
      'unset HISTFILE',
      `export PS1='\\[\\e[${theme.prompt}m\\]${promptText}\\[\\e[0m\\]'`,
      `PROMPT_COMMAND='echo $? >> ${prompts}'`,
      ...Object.entries(opts.env ?? {}).map(([k, v]) => `export ${k}='${v.replace(/'/g, "'\\''")}'`),
      opts.cwd ? `cd '${opts.cwd.replace(/^~(?=\/|$)/, os.homedir()).replace(/'/g, "'\\''")}'` : '',
      'clear',
      '',
    ].join('\n'),
  );
  const shell = opts.shell ?? 'bash';
  const env = { ...process.env, DISPLAY: opts.display, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };
  const proc: ChildProcess = spawn(
    'xterm',
    [
      '-T', title,
      '-fa', opts.fontFamily ?? 'DejaVu Sans Mono',
      '-fs', String(opts.fontSize ?? 16),
      '-geometry', `${opts.cols ?? 100}x${opts.rows ?? 30}+${opts.x ?? 40}+${opts.y ?? 40}`,
      '-bg', theme.background, '-fg', theme.foreground, '-cr', theme.cursor,
      '-b', '16',
      '-e', 'script', '-qf', '--log-timing', timing, log, '-c', `${shell} --rcfile ${rc} -i`,
    ],
    { env, stdio: 'ignore' },
  );
  endOnExit(proc);
  const startedWallMs = Date.now();
  const count = () => fs.readFileSync(prompts, 'utf8').split('\n').filter((l) => l !== '').length;
  const terminal: Terminal = {
    title,
    // Without the "Script started on …" line `script` writes before the session.
    output: () => (fs.existsSync(log) ? stripAnsi(fs.readFileSync(log, 'utf8').replace(/^Script started on [^\n]*\n/, '')) : ''),
    prompts: count,
    waitForPrompt: async (n, timeoutMs) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const lines = fs.readFileSync(prompts, 'utf8').split('\n').filter((l) => l !== '');
        if (lines.length >= n) return Number(lines[n - 1]);
        if (proc.exitCode !== null) throw new Error('the terminal closed');
        if (Date.now() > deadline) throw new Error(`no prompt within ${(timeoutMs / 1000).toFixed(1)} s`);
        await sleep(50);
      }
    },
    saveAsciicast: (file) => {
      if (!fs.existsSync(log) || !fs.existsSync(timing)) return;
      fs.writeFileSync(
        file,
        toAsciicast({ typescript: fs.readFileSync(log), timing: fs.readFileSync(timing, 'utf8'), width: opts.cols ?? 100, height: opts.rows ?? 30, title, startWallMs: startedWallMs }),
      );
    },
    close: async () => {
      // The shell and whatever it runs go too, not only the window.
      await endTree(proc);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  // Ready when the window exists and the first prompt was shown.
  await terminal.waitForPrompt(1, 20_000);
  const deadline = Date.now() + 10_000;
  while (spawnSync('xdotool', ['search', '--name', title], { env }).status !== 0) {
    if (Date.now() > deadline) throw new Error('the terminal window did not appear');
    await sleep(100);
  }
  spawnSync('xdotool', ['search', '--name', title, 'windowactivate', '--sync'], { env, timeout: 5000 });
  return terminal;
};

/** The terminal window's rectangle (for clicking into it and for the camera). */
export const terminalWindow = (display: string, title: string): { x: number; y: number; width: number; height: number } | null => {
  const r = spawnSync('xdotool', ['search', '--name', title, 'getwindowgeometry', '--shell'], { env: { ...process.env, DISPLAY: display }, encoding: 'utf8' });
  const get = (k: string) => Number(new RegExp(`${k}=(\\d+)`).exec(r.stdout)?.[1]);
  return r.status === 0 ? { x: get('X'), y: get('Y'), width: get('WIDTH'), height: get('HEIGHT') } : null;
};
