/**
 * record_session and replay_session: a real interactive program (e.g. `claude`) recorded once in
 * screenplay's terminal, its output and the input typed into it with their timing
 * (sessions/NAME.cast next to the script, asciicast v2 with "o" and "i" events, secrets masked as
 * everywhere), and played back in later captures by a small player (session-player.cjs) run by
 * the shell in place of the program: the output with its timing, each input waited for until the
 * script's own type and press steps type it again on camera.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { PlanStep } from '../dsl';
import type { ActionArgs } from '../dsl/actions';
import { planPath } from '../util/resolve-script-path';
import { knownSecrets } from '../secrets';
import { packagePath } from '../util/package-root';
import type { CaptureContext } from './executors';
import {
  MAX_CAST_BYTES,
  maskInputSecrets,
  mismatchMessage,
  readSessionCast,
  replayPlan,
  SESSION_EXT,
  sessionCastText,
  SESSIONS_DIR,
  type SessionCast,
  type SessionEvent,
} from './session-cast';
import type { Terminal } from './terminal';

const PLAYER = packagePath('src/capture/session-player.cjs');
const shq = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
/** The OSC 133 marks around a command's run: C when it starts, D (with its exit code) when it ends. */
const START = '\x1b]133;C\x07';
const END = '\x1b]133;D';
/** How long replay_session waits for its player to start after Enter. */
const PLAYER_START_MS = 20_000;

/** What session steps borrow from the executors: typing and pressing keys as the type and press steps do (logged alike). */
export type SessionKeys = {
  type: (text: string, ctx: CaptureContext, wpm: number) => Promise<void>;
  press: (key: string, ctx: CaptureContext) => Promise<void>;
};

const needTerminal = (ctx: CaptureContext): Terminal => {
  if (!ctx.terminal) throw new Error(`"${ctx.step.action}" needs a terminal: open one first with open_terminal`);
  return ctx.terminal;
};

/**
 * The session file for `name` (already checked by the action's schema: a plain file name):
 * sessions/NAME.cast in the folder of the script the step is written in (the outermost script, when
 * it comes through a primitive), as an absolute path whose folder is checked inside the project.
 * With `create`, the sessions folder is made when missing.
 * @throws Error naming the path when the folder leaves the project or the file is missing (not `create`)
 */
export const sessionFile = (ctx: CaptureContext, name: string, create: boolean): { abs: string; shown: string } => {
  const script = ctx.step.stack[0]?.use.file ?? ctx.step.source.file;
  const scriptDir = path.posix.dirname(script);
  const rel = path.posix.join(scriptDir, SESSIONS_DIR);
  const shown = path.posix.join(rel, `${name}${SESSION_EXT}`);
  const base = ctx.folder(scriptDir);
  const dir = path.join(base, SESSIONS_DIR);
  if (create) fs.mkdirSync(dir, { recursive: true });
  else if (!fs.existsSync(path.join(dir, `${name}${SESSION_EXT}`))) {
    throw new Error(`expected a recorded session ${shown}, but it does not exist (record it once with record_session: { name: ${name}, command: … })`);
  }
  // The folder through every link must stay inside the project (ctx.folder checks that).
  const real = ctx.folder(rel);
  const abs = path.join(real, `${name}${SESSION_EXT}`);
  if (fs.existsSync(abs) && fs.lstatSync(abs).isSymbolicLink()) throw new Error(`expected ${shown} to be a file, but it is a symbolic link`);
  return { abs, shown };
};

/**
 * Records the program the terminal runs next, from its start (the OSC 133 "command started" mark
 * after the Enter) to its end (the "command finished" mark), or until the terminal closes: output
 * as shown (masked), input as typed (masked while a secret is typed; every known secret masked at
 * the end), with times from the program's start. Calls `save` once with the cast.
 */
export const recordProgram = (term: Terminal, header: Omit<SessionCast['header'], 'version'>, save: (cast: SessionCast) => void): { stop: () => void } => {
  const events: SessionEvent[] = [];
  let startMs: number | null = null;
  let scan = '';
  let done = false;
  const at = (t: number) => Math.round(Math.max(0, t - (startMs ?? t))) / 1000;
  const finish = (running: boolean) => {
    if (done) return;
    done = true;
    untap();
    save({ header: { version: 2, ...header }, events: maskInputSecrets(events, knownSecrets()), ...(running ? { running } : {}) });
  };
  const untap = term.tap({
    output: (data, t) => {
      if (done) return;
      if (startMs === null) {
        scan = (scan + data).slice(-4096);
        const i = scan.indexOf(START);
        if (i < 0) return;
        startMs = t;
        data = scan.slice(i + START.length);
        scan = '';
      }
      const end = data.indexOf(END);
      if (end >= 0) {
        if (end > 0) events.push([at(t), 'o', data.slice(0, end)]);
        return finish(false);
      }
      if (data) events.push([at(t), 'o', data]);
    },
    input: (data, t) => {
      // Before the program starts, the keys are the Enter that starts it: not the program's input.
      if (!done && startMs !== null) events.push([at(t), 'i', data]);
    },
    close: () => finish(startMs !== null),
  });
  return { stop: () => finish(startMs !== null) };
};

/** Types `command` at the shell's prompt and presses Enter, as `run` does, without waiting for it to end. */
const startCommand = async (term: Terminal, ctx: CaptureContext, keys: SessionKeys, command: string, wpm: number, timeoutMs: number) => {
  await term.waitForReady(timeoutMs).catch((err: Error) => {
    throw new Error(`could not start "${command}": ${err.message}`);
  });
  await keys.type(command, ctx, wpm);
  ctx.outputMark = term.output().length;
  term.noteEnter(); // a later `run` waits for the program to end
};

/**
 * record_session: types `command` in the terminal, presses Enter and records the program it starts
 * (recordProgram) into sessions/NAME.cast next to the script; the steps after it interact with the
 * program as usual. The file is written when the program exits or the terminal closes.
 */
export const recordSession = async (args: ActionArgs<'record_session'>, ctx: CaptureContext, keys: SessionKeys): Promise<void> => {
  const term = needTerminal(ctx);
  const file = sessionFile(ctx, args.name, true);
  await startCommand(term, ctx, keys, args.command, args.wpm, args.timeout);
  const { cols, rows } = term.geometry;
  recordProgram(
    term,
    {
      width: cols,
      height: rows,
      timestamp: Math.floor(Date.now() / 1000),
      command: args.command,
      title: args.name,
      env: { TERM: 'xterm-256color', SHELL: '/bin/bash' },
    },
    (cast) => {
      // The program never started (the capture ended first): a session recorded before is kept.
      if (cast.events.length === 0) return ctx.notice?.(`nothing recorded for ${file.shown}: the program did not start; the file is left as it was`);
      try {
        fs.writeFileSync(file.abs, sessionCastText(cast));
        ctx.notice?.(`recorded ${file.shown}: ${cast.events.length} events, ${(cast.events.at(-1)?.[0] ?? 0).toFixed(1)} s`);
      } catch (err) {
        ctx.notice?.(`could not save ${file.shown}: ${(err as Error).message}`);
      }
    },
  );
  await keys.press('Enter', ctx);
};

/**
 * session: replays sessions/NAME.cast when it exists and `ctx.recordSessions` is off
 * (replaySession, typing `command`), records it otherwise (recordSession), saying which.
 */
export const session = async (args: ActionArgs<'session'>, ctx: CaptureContext, keys: SessionKeys): Promise<void> => {
  const { name, command, wpm, timeout } = args;
  const file = sessionFile(ctx, name, true);
  if (!ctx.recordSessions && fs.existsSync(file.abs))
    return replaySession({ name, command, wpm, timeout, speed: args.speed, maxPause: args.maxPause }, ctx, keys);
  ctx.notice?.(`recording ${file.shown} (${ctx.recordSessions ? '--record-sessions' : 'none yet'})`);
  return recordSession({ name, command, wpm, timeout }, ctx, keys);
};

/** Reads and checks a session file (bounded: its size before it is read). */
export const loadSession = (abs: string, shown: string): SessionCast => {
  const size = fs.statSync(abs).size;
  if (size > MAX_CAST_BYTES) throw new Error(`${shown}: expected a session of at most ${MAX_CAST_BYTES / 1024 / 1024} MiB, but it has ${size} bytes`);
  return readSessionCast(fs.readFileSync(abs, 'utf8'), shown);
};

/**
 * Why the session a replay_session step names cannot be played, or null (capture's precheck, before
 * anything is recorded): sessions/NAME.cast next to the script must exist inside the project and
 * read as a valid session.
 */
export const replaySessionProblem = (rootDir: string, step: PlanStep): string | null => {
  const script = step.stack[0]?.use.file ?? step.source.file;
  const rel = path.posix.join(path.posix.dirname(script), SESSIONS_DIR, `${String(step.args.name)}${SESSION_EXT}`);
  const r = planPath(rootDir, rel, 'file');
  if (!r.ok) {
    const missing = /does not$/.test(r.message) ? ` (record it once with record_session: { name: ${String(step.args.name)}, command: … })` : '';
    return `replay_session: ${r.message}${missing}`;
  }
  try {
    loadSession(r.abs, rel);
    return null;
  } catch (err) {
    return `replay_session: ${(err as Error).message}`;
  }
};

/** A command line of plain words: letters, digits and _ @ % + = : , . / - separated by single spaces. */
const PLAIN_COMMAND = /^[A-Za-z0-9_@%+=:,./-]+(?: [A-Za-z0-9_@%+=:,./-]+)*$/;

/**
 * What replay_session types to start the player: the step's `command`, else the one the cast
 * (`shown`) records. A cast is data someone may have sent: its command is typed into the real
 * shell only when it is plain words (a program and its arguments), never shell syntax (&&, |, ;,
 * $, quotes) that would run something besides the player.
 * @throws Error naming the cast when it records no command, or one that is not plain words
 */
export const replayCommand = (stepCommand: string | undefined, castCommand: string | undefined, shown: string): string => {
  if (stepCommand !== undefined) return stepCommand;
  if (!castCommand) throw new Error(`${shown} does not say which command was recorded: give replay_session a command to type`);
  if (!PLAIN_COMMAND.test(castCommand)) {
    throw new Error(
      `${shown} records the command ${JSON.stringify(castCommand)}, which is not plain words (shell syntax such as &&, |, ;, $ or quotes is never typed from a cast): give replay_session a command to type`,
    );
  }
  return castCommand;
};

/**
 * replay_session: types the recorded command (or `command`) in the terminal and presses Enter; the
 * shell runs the player in its place (a one-time shell function named like the command's first
 * word), which plays sessions/NAME.cast (pauses divided by `speed`, at most `maxPause`) and waits
 * at each recorded input for the steps after this one to type it. Returns once the player runs.
 * Input that is not the recorded one fails the terminal's next wait (and the step after it) with a
 * message naming both; the picture stays as it was.
 * @throws Error when the session is missing or invalid, the command's first word is not a plain
 *   name, or the player does not start
 */
export const replaySession = async (args: ActionArgs<'replay_session'>, ctx: CaptureContext, keys: SessionKeys): Promise<void> => {
  const term = needTerminal(ctx);
  const file = sessionFile(ctx, args.name, false);
  const cast = loadSession(file.abs, file.shown);
  const command = replayCommand(args.command, cast.header.command, file.shown);
  const word = command.trim().split(/\s+/)[0] ?? '';
  if (!/^[A-Za-z_][A-Za-z0-9_.+:-]*$/.test(word)) {
    throw new Error(
      `replay_session types ${JSON.stringify(command)}, but its first word ${JSON.stringify(word)} is not a plain program name the player can stand in for`,
    );
  }
  const { cols, rows } = term.geometry;
  if (cols !== cast.header.width || rows !== cast.header.height) {
    ctx.notice?.(
      `warning: ${file.shown} was recorded in a ${cast.header.width}x${cast.header.height} terminal, but this one is ${cols}x${rows}: the replay may wrap or leave space (give open_terminal cols: ${cast.header.width}, rows: ${cast.header.height})`,
    );
  }
  const plan = replayPlan(cast.events, { speed: args.speed, maxPauseMs: args.maxPause, hold: cast.running ?? false });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'screenplay-replay-'));
  const cleanup = () => {
    server.close();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const planFile = path.join(dir, 'plan.json');
  fs.writeFileSync(planFile, JSON.stringify(plan), { mode: 0o600 });
  const sock = path.join(dir, 'player.sock');
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(sock, resolve));
  let readyNow: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (readyNow = resolve));
  server.on('connection', (socket) => {
    let buf = '';
    socket.setEncoding('utf8');
    socket.on('error', () => undefined);
    socket.on('data', (d: string) => {
      buf = (buf + d).slice(-1_000_000);
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        let msg: { type?: string; turn?: number; got?: string };
        try {
          msg = JSON.parse(line) as typeof msg;
        } catch {
          continue;
        }
        if (msg.type === 'ready') readyNow();
        else if (msg.type === 'mismatch') term.fail(mismatchMessage(args.name, plan.turns[msg.turn ?? -1] ?? '', String(msg.got ?? '')));
        else if (msg.type === 'done') cleanup();
      }
    });
  });
  const untap = term.tap({ close: cleanup });
  try {
    await term.waitForReady(args.timeout).catch((err: Error) => {
      throw new Error(`could not start the replay of ${args.name}: ${err.message}`);
    });
    term.setShellHook(`${word}() { unset -f ${word}; ${shq(process.execPath)} ${shq(PLAYER)} ${shq(planFile)} ${shq(sock)}; }\n`);
    await startCommand(term, ctx, keys, command, args.wpm, args.timeout);
    await keys.press('Enter', ctx);
    const started = await Promise.race([ready.then(() => true), new Promise<false>((r) => setTimeout(() => r(false), PLAYER_START_MS).unref())]);
    if (!started) throw new Error(`the replay of ${args.name} did not start within ${PLAYER_START_MS / 1000} s after "${command}"`);
  } catch (err) {
    untap();
    cleanup();
    throw err;
  }
};
