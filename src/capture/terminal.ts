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
import type { ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { IPty } from '@lydell/node-pty';
import xtermHeadless from '@xterm/headless';
import type { CaptureEvent } from '../capture-log';
import { asciicastText, type AsciicastEvent } from './asciicast';
import { createSecretMasker, maskPrintable, SECRET_HOLD_MS } from './secret-masker';
import { endOnExit, endPidOnExit, endTree } from './end-on-exit';
import { DEFAULT_FORMATS, type OutputFormatName } from '../formats';
import { estimateCell, fitGrid, terminalPlacement } from './terminal-layout';
import { listenForRelay } from './terminal-relay';
import { createCursorEvents, cursorState, gridGeometry, stripAnsi, TERMINAL_BORDER_PX, visibleLines, type TerminalGeometry } from './terminal-screen';
import { COMMAND_START_MARK, createShellMarks, SHELL_HOOK_FILE, shellIntegrationRc, spawnShell } from './terminal-shell';
import { createSettleClock, screenFingerprint, type Settled } from './terminal-settle';
import { TERMINAL_THEMES, type TerminalThemeName } from './terminal-themes';
import { launchTerminalWindow, waitForTerminalWindow } from './terminal-window';
import { focusWindow } from './desktop/focus-x11';

export { TERMINAL_THEMES };
export { stripAnsi, type TerminalGeometry };
export { maskPrintable } from './secret-masker';

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
  /**
   * Listens to the session from now on (record_session): see TerminalTap. Returns a function that
   * stops listening.
   */
  tap: (listener: TerminalTap) => () => void;
  /** Bash code the shell sources once, just before it runs the next command typed at its prompt (replay_session). */
  setShellHook: (code: string) => void;
  /** Ends every wait on this terminal, pending and later ones, with `message` (a replayed session that went wrong). */
  fail: (message: string) => void;
  /** The message fail() was given, or null. */
  failure: () => string | null;
  /**
   * Resolves once the screen has not changed for `quietMs` ms (from its last change or from the
   * call, whichever is later), measured from the pty stream: output that leaves the screen as it
   * was (a redraw of the same picture, the cursor moved or blinked) is no change. After an Enter
   * (noteEnter), the screen must change first. Ends within a few ms of the last change +
   * `quietMs` (terminal-settle.ts).
   * @throws Error "the terminal kept changing for 120 s; last change 0.2 s ago" after `timeoutMs`,
   *   or "nothing changed in the terminal within 120 s of the last Enter"
   */
  waitForSettled: (quietMs: number, timeoutMs: number) => Promise<Settled>;
  close: () => Promise<void>;
};

/**
 * A listener to a terminal's session (Terminal.tap). `output` gets every chunk the terminal shows,
 * masked as the window gets it; `input` every piece of what is typed into the window (printable
 * characters as "•" while a secret is typed); both with the capture clock's time (ms). `close` is
 * called once when the terminal closes.
 */
export type TerminalTap = {
  output?: (data: string, tMs: number) => void;
  input?: (data: string, tMs: number) => void;
  close?: () => void;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Opens a terminal on `opts.display`: the window first, running the relay; the shell starts once
 * the relay is connected, and the terminal is returned once the shell shows its first prompt and
 * the window has the keyboard focus. Logs the grid's place ("terminal") and every cursor move
 * ("terminal_cursor") to `opts.log`.
 * @throws Error (one line) when the window does not open or the shell does not start or prompt
 */
export const openTerminal = async (opts: TerminalOptions): Promise<Terminal> => {
  const now = opts.now ?? Date.now;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-term-'));
  const theme = TERMINAL_THEMES[opts.theme ?? 'dark'];
  const title = opts.title ?? `screenplay-${path.basename(dir)}`;
  const screen = opts.screen ?? { width: 1920, height: 1080 };
  const placement = terminalPlacement(screen, opts.formats ?? DEFAULT_FORMATS);
  const fontSize = opts.fontSize ?? placement.fontSize;
  const fit = fitGrid(placement.area, estimateCell(fontSize), TERMINAL_BORDER_PX);
  const cols = opts.cols ?? fit.cols;
  const rows = opts.rows ?? fit.rows;

  // The window first, running the relay; the shell starts once the relay is connected.
  const server = await listenForRelay(path.join(dir, 'relay.sock'));
  const windowProc: ChildProcess = launchTerminalWindow({
    display: opts.display,
    title,
    fontFamily: opts.fontFamily ?? 'DejaVu Sans Mono',
    fontSize,
    cols,
    rows,
    x: opts.x ?? fit.x,
    y: opts.y ?? fit.y,
    theme,
    command: server.command,
  });
  endOnExit(windowProc);
  const fail = async (message: string): Promise<never> => {
    await endTree(windowProc);
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(message);
  };
  const exited = new Promise<string>((resolve) => windowProc.once('exit', (code, sig) => resolve(`xterm exited (${sig ?? code})`)));
  const relay = await Promise.race([server.connection, exited, sleep(20_000).then(() => 'no window within 20 s')]);
  if (typeof relay === 'string') return fail(`the terminal window did not open: ${relay}`);
  const win = await waitForTerminalWindow(opts.display, title, cols, 10_000);
  if (!win) return fail('the terminal window did not appear');
  const geometry: TerminalGeometry = gridGeometry(win, cols, rows);
  // The cast's time 0 is this event's time: the render replays the cast in step with the recording.
  const castStart = now();
  const fontFamily = opts.fontFamily ?? 'DejaVu Sans Mono';
  opts.log?.({ type: 'terminal', tMs: castStart, title, ...geometry, fontFamily, fontSize, theme: opts.theme ?? 'dark' });

  // The shell, under our pty. bash reads our rc: a clean prompt carrying the OSC 133 marks.
  const rcFile = path.join(dir, 'rc');
  fs.writeFileSync(rcFile, shellIntegrationRc(opts.prompt ?? '$ ', theme.prompt));
  let shell: IPty;
  try {
    shell = spawnShell({ shell: opts.shell, rcFile, cols, rows, cwd: opts.cwd, env: opts.env });
  } catch (err) {
    return fail((err as Error).message);
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
  let raw = '';
  const marks = createShellMarks();
  const cursorEvents = createCursorEvents((tMs, state) => opts.log?.({ type: 'terminal_cursor', tMs, ...state }));
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
          if (failed) throw new Error(failed);
          const v = check();
          if (v !== undefined) done(() => resolve(v));
        } catch (err) {
          done(() => reject(err));
        }
      };
      const timer = setTimeout(
        () =>
          done(() => {
            try {
              resolve(onTimeout());
            } catch (err) {
              reject(err);
            }
          }),
        timeoutMs,
      );
      waiters.add(poll);
      poll();
    });
  // One masked stream feeds the window, the model, the output and the cast alike: what the video
  // shows is what is logged. Text that could still grow into a secret is held back until it is
  // decided, or for SECRET_HOLD_MS at most.
  const masker = createSecretMasker(opts.secrets ?? []);
  let maskAll = false;
  const taps = new Set<TerminalTap>();
  let failed: string | null = null;
  const settle = createSettleClock(now);
  let release: ReturnType<typeof setTimeout> | null = null;
  const show = (data: string) => {
    if (!data) return;
    const t = now();
    raw += data;
    castEvents.push([Math.round(t - castStart) / 1000, 'o', data]);
    relay.write(data);
    marks.read(data);
    const parsed = () => {
      cursorEvents.note(t, cursorState(model.buffer.active));
      settle.parsed(t, () => screenFingerprint(model.buffer.active, rows, cols));
    };
    // The command's start mark (OSC 133 C): what comes before it (the Enter's line break) is parsed
    // and counted first, then the settle clock waits for a change the command makes.
    const start = data.indexOf(COMMAND_START_MARK);
    if (start < 0) {
      settle.output(t);
      model.write(data, parsed);
    } else {
      const cut = start + COMMAND_START_MARK.length;
      settle.output(t);
      model.write(data.slice(0, cut), () => {
        parsed();
        settle.commandStarted();
      });
      if (cut < data.length) {
        settle.output(t);
        model.write(data.slice(cut), parsed);
      }
    }
    for (const tap of taps) tap.output?.(data, t);
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
  relay.on('data', (d: Buffer) => {
    const typed = keys.write(d);
    if (taps.size && typed) {
      const [t, seen] = [now(), maskAll ? maskPrintable(typed) : typed];
      for (const tap of taps) tap.input?.(seen, t);
    }
    shell.write(typed);
  });
  relay.on('error', () => undefined);

  const noPrompt = (timeoutMs: number) => () => {
    throw new Error(`no prompt within ${(timeoutMs / 1000).toFixed(1)} s`);
  };
  const orShellExit = <T>(v: T | undefined): T | undefined => {
    if (v !== undefined) return v;
    if (shellExit) throw new Error(shellExit);
    return undefined;
  };
  const terminal: Terminal = {
    title,
    geometry,
    output: () => stripAnsi(raw),
    screenLines: () => visibleLines(model.buffer.active, rows),
    setMasked: (on) => {
      maskAll = on;
      masker.setMaskAll(on);
    },
    addSecret: (text) => masker.addSecret(text),
    prompts: () => marks.prompts(),
    waitForOutput: (test, timeoutMs) =>
      waitUntil(
        () => (test(stripAnsi(raw)) ? true : undefined),
        timeoutMs,
        () => false,
      ),
    waitForPrompt: (n, timeoutMs) => waitUntil(() => orShellExit(marks.exitCodeBeforePrompt(n)), timeoutMs, noPrompt(timeoutMs)),
    noteEnter: () => {
      settle.enter(now());
      return marks.noteEnter();
    },
    waitForReady: (timeoutMs) =>
      waitUntil(
        () => orShellExit(marks.atPrompt() ? true : undefined),
        timeoutMs,
        () => {
          throw new Error(`the shell did not come back to its prompt within ${(timeoutMs / 1000).toFixed(1)} s (is a command still running?)`);
        },
      ).then(() => undefined),
    waitForCommand: (token, timeoutMs) => waitUntil(() => orShellExit(marks.commandExitCode(token)), timeoutMs, noPrompt(timeoutMs)),
    waitForSettled: (quietMs, timeoutMs) => settle.waitForSettled(quietMs, timeoutMs),
    saveAsciicast: (file) => {
      show(masker.flush()); // what is still held ends the session as it would show
      const palette = theme.ansi.join(':');
      fs.writeFileSync(
        file,
        asciicastText(
          {
            version: 2,
            width: cols,
            height: rows,
            timestamp: Math.floor(castStart / 1000),
            title,
            env: { TERM: 'xterm-256color', SHELL: '/bin/bash' },
            theme: { fg: theme.foreground, bg: theme.background, palette },
          },
          castEvents,
        ),
      );
    },
    tap: (listener) => {
      taps.add(listener);
      return () => void taps.delete(listener);
    },
    setShellHook: (code) => fs.writeFileSync(path.join(dir, SHELL_HOOK_FILE), code, { mode: 0o600 }),
    fail: (message) => {
      failed ??= message;
      changed();
    },
    failure: () => failed,
    close: async () => {
      for (const tap of [...taps]) tap.close?.();
      taps.clear();
      cursorEvents.cancel();
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
