/**
 * A terminal made for video, on Linux. The shell runs under a pty screenplay owns (node-pty);
 * a themed xterm window shows it through a small relay. Owning the pty means:
 * - `run` and `wait_for_text` read the real output as it arrives (no sleeps, no OCR);
 * - the prompt carries invisible shell-integration marks (OSC 133: prompt start/end, command
 *   finished with its exit code), so a command's end and exit code are known exactly;
 * - a headless model of the screen (@xterm/headless) knows the cursor's row and column at all
 *   times, which goes into the event log so the camera can frame the line being typed and the
 *   output after Enter;
 * - the session is kept, timed, for asciicast v2.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { fileURLToPath } from 'node:url';
import nodePty, { type IPty } from '@lydell/node-pty';
import xtermHeadless from '@xterm/headless';
import type { CaptureEvent } from '../capture-log';
import { asciicastText, type AsciicastEvent } from './asciicast';
import { createSecretMasker, SECRET_HOLD_MS } from './secret-masker';
import { endOnExit, endPidOnExit, endTree } from './end-on-exit';
import { DEFAULT_FORMATS, type OutputFormatName } from '../formats';
import { estimateCell, fitGrid, terminalPlacement } from './terminal-layout';
import { TERMINAL_THEMES, xtermThemeArgs, type TerminalThemeName } from './terminal-themes';
import { TERMINAL_WINDOW_NAME } from './xvfb';
import { focusWindow } from './desktop/focus-x11';

export { TERMINAL_THEMES };

export type TerminalOptions = {
  display: string;
  theme?: TerminalThemeName;
  fontFamily?: string;
  fontSize?: number;
  cols?: number;
  rows?: number;
  /** The window's top-left corner on screen (screen px); default: placed for the formats (terminalPlacement). */
  x?: number;
  y?: number;
  cwd?: string;
  env?: Record<string, string>;
  shell?: string;
  prompt?: string;
  title?: string;
  /** The screen's size and the formats the video is made for: they decide placement and font size. */
  screen?: { width: number; height: number };
  formats?: readonly OutputFormatName[];
  /** Secrets to mask in everything the terminal shows and records, from its first byte (addSecret adds more). */
  secrets?: readonly string[];
  /** The capture's clock (wall ms) and event log: geometry and cursor events go there. */
  now?: () => number;
  log?: (event: CaptureEvent) => void;
};

/** Where the character grid is on screen: cell (col, row) spans x + col*cellWidth … and y + row*cellHeight …. */
export type TerminalGeometry = { x: number; y: number; cols: number; rows: number; cellWidth: number; cellHeight: number };

export type Terminal = {
  title: string;
  geometry: TerminalGeometry;
  /** Everything the terminal has printed so far, escape sequences removed. */
  output: () => string;
  /** The visible screen, one string per row, trailing blanks removed. */
  screenLines: () => string[];
  /** How many prompts have been shown (one more after each command). */
  prompts: () => number;
  /** Resolves true as soon as `test` holds for the output (checked on every chunk), false after the timeout. */
  waitForOutput: (test: (output: string) => boolean, timeoutMs: number) => Promise<boolean>;
  /** Waits for prompt number `n` and returns the exit code of the command before it. */
  waitForPrompt: (n: number, timeoutMs: number) => Promise<number>;
  /**
   * Call just before an Enter is sent to the terminal: the line it ends is the shell's to answer,
   * with a new prompt. Returns a token for waitForCommand (the number of marks seen so far).
   */
  noteEnter: () => number;
  /**
   * Resolves once the shell waits at a prompt for a new line: a prompt shown after the last
   * Enter (a command typed and entered before, still running, is waited out). Rejects after
   * `timeoutMs` ms or when the shell exits.
   */
  waitForReady: (timeoutMs: number) => Promise<void>;
  /**
   * Waits for the command ended by the Enter that returned `token` (noteEnter) to finish, and
   * returns its exit code: the first "command finished" mark after that Enter, once the prompt
   * after it is shown. Rejects after `timeoutMs` ms or when the shell exits.
   */
  waitForCommand: (token: number, timeoutMs: number) => Promise<number>;
  /** Writes the session so far as asciicast v2. */
  saveAsciicast: (file: string) => void;
  /**
   * While on, every printable character the terminal prints is "•" in all it goes to (the
   * window, the screen model, output(), the asciicast): the echo of a secret being typed.
   */
  setMasked: (on: boolean) => void;
  /**
   * A secret (3 characters or more): wherever it shows up in what the terminal prints from now on
   * (an echo, an error quoting it, printed in pieces or with escape codes in the middle), the
   * window and every record show dots instead (see secret-masker.ts).
   */
  addSecret: (text: string) => void;
  close: () => Promise<void>;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
// eslint-disable-next-line no-control-regex
const ANSI = /\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>]|\r/g;
export const stripAnsi = (s: string): string => s.replace(ANSI, '');

export { maskPrintable } from './secret-masker';

/** Shell-integration marks (OSC 133, as iTerm2, VS Code and Windows Terminal use them). */
// eslint-disable-next-line no-control-regex
const MARK = /\x1b\]133;([ABCD])(?:;(-?\d+))?\x07/g;

/** xterm's inner border, in pixels: the grid starts this far inside the window. */
const BORDER = 16;
/** Cursor events closer than this are merged (the last state wins, with its own time). */
const CURSOR_EVENT_GAP_MS = 20;
const RELAY = fileURLToPath(new URL('./terminal-relay.cjs', import.meta.url));

const shq = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;

/**
 * The window's rectangle on screen (its inside, without the window manager's frame). xwininfo's
 * absolute position is used: xdotool's getwindowgeometry is off by the frame under openbox.
 */
const windowGeometry = (display: string, title: string): { id: number; x: number; y: number; width: number; height: number } | null => {
  const env = { ...process.env, DISPLAY: display };
  const name = `^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
  const id = spawnSync('xdotool', ['search', '--name', name], { env, encoding: 'utf8' }).stdout.trim().split('\n')[0];
  if (!id) return null;
  const r = spawnSync('xwininfo', ['-id', id], { env, encoding: 'utf8' });
  const get = (k: string) => Number(new RegExp(`${k}:\\s+(-?\\d+)`).exec(r.stdout)?.[1]);
  const g = { id: Number(id), x: get('Absolute upper-left X'), y: get('Absolute upper-left Y'), width: get('Width'), height: get('Height') };
  return r.status === 0 && Object.values(g).every(Number.isFinite) ? g : null;
};

export const openTerminal = async (opts: TerminalOptions): Promise<Terminal> => {
  const now = opts.now ?? Date.now;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-term-'));
  const theme = TERMINAL_THEMES[opts.theme ?? 'dark'];
  const title = opts.title ?? `screenplay-${path.basename(dir)}`;
  const screen = opts.screen ?? { width: 1920, height: 1080 };
  const placement = terminalPlacement(screen, opts.formats ?? DEFAULT_FORMATS);
  const fontSize = opts.fontSize ?? placement.fontSize;
  const fit = fitGrid(placement.area, estimateCell(fontSize), BORDER);
  const cols = opts.cols ?? fit.cols;
  const rows = opts.rows ?? fit.rows;
  // UTF-8 whatever screenplay's own locale: the window's keys (é, Привет, 东京, 🚀) reach the shell as typed.
  const env = { ...process.env, DISPLAY: opts.display, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8' };

  // The window first, running the relay; the shell starts once the relay is connected.
  const sock = path.join(dir, 'relay.sock');
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(sock, resolve));
  const connected = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
  const windowProc: ChildProcess = spawn(
    'xterm',
    [
      '-T', title,
      '-name', TERMINAL_WINDOW_NAME,
      '-fa', opts.fontFamily ?? 'DejaVu Sans Mono',
      '-fs', String(fontSize),
      '-geometry', `${cols}x${rows}+${opts.x ?? fit.x}+${opts.y ?? fit.y}`,
      ...xtermThemeArgs(theme),
      '-b', String(BORDER),
      '-u8',
      '-e', 'sh', '-c', `stty raw -echo && exec ${shq(process.execPath)} ${shq(RELAY)} ${shq(sock)}`,
    ],
    { env, stdio: 'ignore' },
  );
  endOnExit(windowProc);
  const fail = async (message: string): Promise<never> => {
    await endTree(windowProc);
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(message);
  };
  const exited = new Promise<string>((resolve) => windowProc.once('exit', (code, sig) => resolve(`xterm exited (${sig ?? code})`)));
  const relay = await Promise.race([connected, exited, sleep(20_000).then(() => 'no window within 20 s')]);
  if (typeof relay === 'string') return fail(`the terminal window did not open: ${relay}`);
  let win = windowGeometry(opts.display, title);
  for (const deadline = Date.now() + 10_000; !win || win.width < 2 * BORDER + cols; win = windowGeometry(opts.display, title)) {
    if (Date.now() > deadline) return fail('the terminal window did not appear');
    await sleep(50);
  }
  const geometry: TerminalGeometry = {
    x: win.x + BORDER,
    y: win.y + BORDER,
    cols,
    rows,
    cellWidth: (win.width - 2 * BORDER) / cols,
    cellHeight: (win.height - 2 * BORDER) / rows,
  };
  opts.log?.({ type: 'terminal', tMs: now(), title, ...geometry });

  // The shell, under our pty. bash reads our rc: a clean prompt carrying the OSC 133 marks.
  const rcFile = path.join(dir, 'rc');
  const promptText = (opts.prompt ?? '$ ').replace(/'/g, "'\\''");
  fs.writeFileSync(
    rcFile,
    [
      'unset HISTFILE',
      `PS1='\\[\\e]133;A\\a\\e[${theme.prompt}m\\]${promptText}\\[\\e[0m\\e]133;B\\a\\]'`,
      `PS0='\\e]133;C\\a'`,
      `PROMPT_COMMAND='printf "\\033]133;D;%s\\007" "$?"'`,
      '',
    ].join('\n'),
  );
  const cwd = opts.cwd ? opts.cwd.replace(/^~(?=\/|$)/, os.homedir()) : process.cwd();
  let shell: IPty;
  try {
    shell = nodePty.spawn(opts.shell ?? 'bash', ['--rcfile', rcFile, '-i'], {
      name: 'xterm-256color',
      cols,
      rows,
      cwd,
      env: { ...process.env, LANG: 'C.UTF-8', LC_ALL: 'C.UTF-8', TERM: 'xterm-256color', COLORTERM: 'truecolor', ...opts.env } as Record<string, string>,
    });
  } catch (err) {
    return fail(`could not start the shell "${opts.shell ?? 'bash'}" in ${cwd}: ${(err as Error).message}`);
  }
  const forget = endPidOnExit(shell.pid);
  let shellExit: string | null = null;
  shell.onExit(({ exitCode, signal }) => {
    forget();
    shellExit = `the shell exited (${signal ? `signal ${signal}` : `code ${exitCode}`})`;
    relay.end();
    changed();
  });

  // Everything the shell prints: to the window, the screen model, the log and the marks.
  const model = new xtermHeadless.Terminal({ cols, rows, scrollback: 5000, allowProposedApi: true });
  const castEvents: AsciicastEvent[] = [];
  const castStart = now();
  let raw = '';
  const codes: number[] = [];
  let promptEnds = 0;
  // Every OSC 133 mark in order (A prompt start, B prompt end, C command start, D command end
  // with its code), and the mark count when the last Enter was sent: prompts are matched to
  // the Enter they answer, not counted from when a wait starts.
  const marks: Array<{ kind: string; code?: number }> = [];
  let lastEnterAt = -1;
  let markTail = '';
  let lastCursor = '';
  let lastEmit = -Infinity;
  let pending: ReturnType<typeof setTimeout> | null = null;
  const logCursor = (t: number) => {
    const buf = model.buffer.active;
    const row = buf.cursorY;
    const col = buf.cursorX;
    const text = buf.getLine(buf.baseY + row)?.translateToString(true) ?? '';
    const start = text.length - text.trimStart().length;
    const state = { row, col, lineStart: text.trim() ? start : col, lineEnd: text.trim() ? text.length : col };
    const key = JSON.stringify(state);
    if (key === lastCursor) return;
    const emit = (at: number) => {
      lastCursor = key;
      lastEmit = at;
      opts.log?.({ type: 'terminal_cursor', tMs: at, ...state });
    };
    if (pending) clearTimeout(pending);
    pending = null;
    if (t - lastEmit >= CURSOR_EVENT_GAP_MS) emit(t);
    else pending = setTimeout(() => ((pending = null), emit(t)), CURSOR_EVENT_GAP_MS - (t - lastEmit));
  };
  // Waiters are checked on every chunk: a wait ends the moment its text has arrived.
  const waiters = new Set<() => void>();
  const changed = () => {
    for (const w of [...waiters]) w();
  };
  const waitUntil = <T>(check: () => T | undefined, timeoutMs: number, onTimeout: () => T): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      const done = (f: () => void) => {
        waiters.delete(poll);
        clearTimeout(timer);
        f();
      };
      const poll = () => {
        try {
          const v = check();
          if (v !== undefined) done(() => resolve(v));
        } catch (err) {
          done(() => reject(err));
        }
      };
      const timer = setTimeout(() => done(() => {
        try {
          resolve(onTimeout());
        } catch (err) {
          reject(err);
        }
      }), timeoutMs);
      waiters.add(poll);
      poll();
    });
  // One masked stream feeds the window, the model, the output and the cast alike: what the video
  // shows is what is logged. Text that could still grow into a secret is held back until it is
  // decided, or for SECRET_HOLD_MS at most.
  const masker = createSecretMasker(opts.secrets ?? []);
  let release: ReturnType<typeof setTimeout> | null = null;
  const show = (data: string) => {
    if (!data) return;
    const t = now();
    raw += data;
    castEvents.push([Math.round(t - castStart) / 1000, 'o', data]);
    relay.write(data);
    // A mark may be split between chunks: an unfinished one at the end waits for the next.
    const scan = markTail + data;
    const open = scan.lastIndexOf('\x1b]133;');
    markTail = open >= 0 && !scan.includes('\x07', open) && scan.length - open < 32 ? scan.slice(open) : '';
    for (const m of (markTail ? scan.slice(0, open) : scan).matchAll(MARK)) {
      if (m[1] === 'D') codes.push(Number(m[2] ?? 0));
      else if (m[1] === 'B') promptEnds++;
      marks.push(m[1] === 'D' ? { kind: 'D', code: Number(m[2] ?? 0) } : { kind: m[1] as string });
    }
    model.write(data, () => logCursor(t));
    changed();
  };
  shell.onData((chunk) => {
    show(masker.push(chunk));
    if (masker.held() === 0 && release) {
      clearTimeout(release);
      release = null;
    } else if (masker.held() > 0 && !release) {
      release = setTimeout(() => {
        release = null;
        show(masker.flush());
      }, SECRET_HOLD_MS);
    }
  });
  const keys = new StringDecoder('utf8');
  relay.on('data', (d: Buffer) => shell.write(keys.write(d)));
  relay.on('error', () => undefined);

  const terminal: Terminal = {
    title,
    geometry,
    output: () => stripAnsi(raw),
    screenLines: () => {
      const buf = model.buffer.active;
      return Array.from({ length: rows }, (_, r) => buf.getLine(buf.viewportY + r)?.translateToString(true) ?? '');
    },
    setMasked: (on) => masker.setMaskAll(on),
    addSecret: (text) => masker.addSecret(text),
    prompts: () => Math.min(codes.length, promptEnds),
    waitForOutput: (test, timeoutMs) => waitUntil(() => (test(stripAnsi(raw)) ? true : undefined), timeoutMs, () => false),
    waitForPrompt: (n, timeoutMs) =>
      waitUntil(
        () => {
          if (Math.min(codes.length, promptEnds) >= n) return codes[n - 1] as number;
          if (shellExit) throw new Error(shellExit);
          return undefined;
        },
        timeoutMs,
        () => {
          throw new Error(`no prompt within ${(timeoutMs / 1000).toFixed(1)} s`);
        },
      ),
    noteEnter: () => (lastEnterAt = marks.length),
    waitForReady: (timeoutMs) =>
      waitUntil(
        () => {
          // The last prompt end, and it came after the last Enter.
          let b = marks.length - 1;
          while (b >= 0 && marks[b]?.kind !== 'B') b--;
          if (b >= 0 && b >= lastEnterAt && b === marks.length - 1) return true;
          if (shellExit) throw new Error(shellExit);
          return undefined;
        },
        timeoutMs,
        () => {
          throw new Error(`the shell did not come back to its prompt within ${(timeoutMs / 1000).toFixed(1)} s (is a command still running?)`);
        },
      ).then(() => undefined),
    waitForCommand: (token, timeoutMs) =>
      waitUntil(
        () => {
          const d = marks.findIndex((m, i) => i >= token && m.kind === 'D');
          if (d >= 0 && marks.some((m, i) => i > d && m.kind === 'B')) return marks[d]?.code as number;
          if (shellExit) throw new Error(shellExit);
          return undefined;
        },
        timeoutMs,
        () => {
          throw new Error(`no prompt within ${(timeoutMs / 1000).toFixed(1)} s`);
        },
      ),
    saveAsciicast: (file) => {
      show(masker.flush()); // what is still held ends the session as it would show
      const palette = theme.ansi.join(':');
      fs.writeFileSync(
        file,
        asciicastText(
          { version: 2, width: cols, height: rows, timestamp: Math.floor(castStart / 1000), title, env: { TERM: 'xterm-256color', SHELL: '/bin/bash' }, theme: { fg: theme.foreground, bg: theme.background, palette } },
          castEvents,
        ),
      );
    },
    close: async () => {
      if (pending) clearTimeout(pending);
      if (release) clearTimeout(release);
      // The shell and whatever it runs go first (SIGHUP, as when a terminal closes), then the window.
      if (!shellExit) await endTree({ pid: shell.pid }, 'SIGHUP');
      await endTree(windowProc);
      server.close();
      model.dispose();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  try {
    await terminal.waitForPrompt(1, 20_000);
  } catch (err) {
    await terminal.close();
    throw new Error(`the terminal's shell did not show its prompt: ${(err as Error).message}`);
  }
  await focusWindow(opts.display, win.id);
  return terminal;
};
