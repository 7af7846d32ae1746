/**
 * openStage: the desktop a take is performed on. A fresh virtual one (Xvfb + openbox at the
 * script's screen size, its background, the pointer parked in the middle) that screenplay starts
 * and stops itself, or an X display it is given; then the script's setup commands, in order, in
 * the stage's folder with the stage's environment. Not on Linux: the user's own desktop.
 */
import { spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import { invalidInput, runtimeError } from '../errors';
import { registerSecret, scrub } from '../secrets';
import { installHint, missingCommands, onPath } from '../system-tools';
import { startVirtualDesktop, type VirtualDesktop } from './virtual-desktop';
import { alive, endPidOnExit } from '../capture/end-on-exit';
import { usePlanPath } from '../capture/run-capture';
import type { Stage, StageChoice, StageSpec } from './types';

/** How long one setup command may run, in ms. */
export const SETUP_TIMEOUT_MS = 120_000;
/** How much of a setup command's output is kept (its tail), in characters. */
const OUTPUT_KEEP = 16_000;
/** The programs a virtual stage needs. */
const VIRTUAL_STAGE_COMMANDS = ['Xvfb', 'xdpyinfo', 'openbox', 'xsetroot'] as const;

export type OpenStageOptions = {
  /** The project folder: plan paths (stage.cwd, ./ PATH entries) are relative to it. */
  rootDir: string;
  /** The folder setup commands and terminals start in when the spec names no cwd; default: screenplay's working folder (where it was run, as before stages). */
  defaultCwd?: string;
  /** Aborted (Ctrl-C): the running setup command (and what it started) is ended, and openStage throws. */
  signal?: AbortSignal;
  /** One line per thing done ("stage: virtual desktop :93 at 1920x1080"). */
  onProgress?: (line: string) => void;
};

/** A name whose value is taken for a secret: the stage env's own (`API_KEY: …`), or one it copies in (`TOKEN: ${MY_TOKEN}`). */
const SECRET_NAME = /KEY|TOKEN|SECRET|PASSW/i;

/**
 * The stage's environment: `base` (screenplay's own) with the spec's env over it. In a value,
 * `${NAME}` is NAME from `base` ("" when unset); in PATH, an entry "./dir" (compile wrote it
 * project-relative) becomes the absolute folder inside `rootDir`. Values of a variable named like
 * a secret (…KEY, …TOKEN, …SECRET, …PASSWORD), or copied from one, are registered as secrets.
 */
export const stageEnv = (
  spec: Pick<StageSpec, 'env'>,
  rootDir: string,
  base: NodeJS.ProcessEnv = process.env,
  warn?: (line: string) => void,
): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...base };
  for (const [name, written] of Object.entries(spec.env)) {
    const raw =
      name === 'PATH'
        ? written
            .split(':')
            .map((p) => (/^\.\.?(\/|$)/.test(p) ? path.join(rootDir, p) : p))
            .join(':')
        : written;
    env[name] = raw.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, ref: string) => {
      if (base[ref] === undefined) warn?.(`stage: warning: stage.env.${name} uses \${${ref}}, which is not set in your environment: it is left empty`);
      const v = base[ref] ?? '';
      if (SECRET_NAME.test(ref)) registerSecret(v);
      return v;
    });
    // A value written under a secret's name (API_KEY: sk-…) is one too, copied or literal.
    if (SECRET_NAME.test(name)) registerSecret(env[name]);
  }
  return env;
};

/** The size of X display `display` in px, or null when it does not answer. */
export const displaySize = (display: string): { width: number; height: number } | null => {
  const r = spawnSync('xdpyinfo', ['-display', display], { encoding: 'utf8', timeout: 5000 });
  const m = r.status === 0 ? /dimensions:\s+(\d+)x(\d+)/.exec(r.stdout) : null;
  return m ? { width: Number(m[1]), height: Number(m[2]) } : null;
};

/**
 * Makes sure Xvfb, openbox and the X utilities are there: on Debian/Ubuntu as root they are
 * installed with apt-get (as `npm run demo` does, scripts/setup.mjs); otherwise a runtime error
 * names what to install.
 */
const ensureVirtualStageTools = (say: (line: string) => void): void => {
  let missing = missingCommands(VIRTUAL_STAGE_COMMANDS);
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && onPath('apt-get') && process.env.SCREENPLAY_SETUP !== 'skip') {
    const pkgs = installHint(missing)
      .replace(/^apt-get install /, '')
      .split(' ');
    say(`stage: installing ${pkgs.join(', ')} for the virtual desktop (apt-get, as root)`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const update = spawnSync('apt-get', ['update', '-q'], { env, stdio: 'ignore', timeout: 600_000 });
    if (update.status === 0) spawnSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...pkgs], { env, stdio: 'ignore', timeout: 600_000 });
    missing = missingCommands(VIRTUAL_STAGE_COMMANDS);
    if (missing.length === 0) return;
  }
  throw runtimeError(
    `the virtual stage needs ${missing.join(', ')}, which ${missing.length === 1 ? 'is' : 'are'} not installed (${installHint(missing)}); or record a desktop you have with --display :N or --on-my-desktop`,
  );
};

/** The last `n` non-empty lines of `text`. */
const tail = (text: string, n: number): string =>
  text
    .split('\n')
    .map((l) => l.trimEnd())
    .filter(Boolean)
    .slice(-n)
    .join('\n');

/**
 * Runs one setup command (`sh -c`) in `cwd` with `env`; resolves with its exit code (null when
 * killed: the timeout) and the tail of its output (stdout and stderr, at most 16,000 characters).
 */
const runSetupCommand = (
  command: string,
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
  signal?: AbortSignal,
  started?: (pgid: number) => void,
): Promise<{ code: number | null; signal: string | null; output: string; error?: string }> =>
  new Promise((resolve) => {
    let output = '';
    const child = spawn('sh', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    if (child.pid !== undefined) started?.(child.pid);
    const keep = (c: Buffer) => (output = (output + c.toString()).slice(-OUTPUT_KEEP));
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    const end = (sig: NodeJS.Signals) => {
      try {
        process.kill(-(child.pid as number), sig); // the command and what it started
      } catch {
        child.kill(sig);
      }
    };
    const timer = setTimeout(() => end('SIGKILL'), timeoutMs);
    const onAbort = () => end('SIGTERM');
    signal?.addEventListener('abort', onAbort, { once: true });
    let settled = false;
    const settle = (r: { code: number | null; signal: string | null; output: string; error?: string }) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      resolve(r);
    };
    child.on('error', (err) => settle({ code: null, signal: null, output, error: err.message }));
    child.on('close', (code, sig) => settle({ code, signal: sig, output }));
    // The command may leave a server running (`npm run dev &`), which keeps the output pipes
    // open: the command is done when its shell exits; its output gets a moment to drain, then
    // the pipes are let go and what it started runs on (ended with the stage).
    child.on('exit', (code, sig) =>
      setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        settle({ code, signal: sig, output });
      }, 300),
    );
  });

const groupAlive = (pgid: number): boolean => alive(-pgid);

/** Ends each process group (SIGTERM, then SIGKILL after 2 s): what setup commands left running. */
const endGroups = async (groups: Array<{ pgid: number; forget: () => void }>): Promise<void> => {
  const live = groups.filter((g) => groupAlive(g.pgid));
  for (const g of live) {
    try {
      process.kill(-g.pgid, 'SIGTERM');
    } catch {
      // gone meanwhile
    }
  }
  const deadline = Date.now() + 2000;
  while (live.some((g) => groupAlive(g.pgid)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  for (const g of live.filter((x) => groupAlive(x.pgid))) {
    try {
      process.kill(-g.pgid, 'SIGKILL');
    } catch {
      // gone meanwhile
    }
  }
  for (const g of groups) g.forget();
};

/**
 * Opens the stage for a take: `choice` virtual starts Xvfb + openbox at `spec.screen` with
 * `spec.background` (not on Linux: the user's own desktop, display "", with a notice); display
 * checks that X display answers and reads its size. Then runs `spec.setup` in order (sh -c, in
 * the stage's cwd, with its env and DISPLAY; each at most SETUP_TIMEOUT_MS). A failing setup
 * command stops what was started and throws a runtime error (exit 2) naming `stage.setup[i]`,
 * its source, its exit code and its last output lines (secrets scrubbed).
 */
export const openStage = async (spec: StageSpec, choice: StageChoice, opts: OpenStageOptions): Promise<Stage> => {
  const say = opts.onProgress ?? (() => undefined);
  const cwd = spec.cwd ? usePlanPath(opts.rootDir, spec.cwd, 'dir', 'stage.cwd') : (opts.defaultCwd ?? process.cwd());
  const base = stageEnv(spec, opts.rootDir, process.env, say);
  let desktop: VirtualDesktop | null = null;
  let display: string;
  let screen: { width: number; height: number };
  if (choice.kind === 'virtual' && process.platform !== 'linux') {
    say(
      `stage: no virtual desktop on ${process.platform === 'darwin' ? 'macOS' : process.platform === 'win32' ? 'Windows' : process.platform}; performing on your own desktop (hands off the mouse and keyboard while it records)`,
    );
    display = '';
    screen = spec.screen;
  } else if (choice.kind === 'virtual') {
    ensureVirtualStageTools(say);
    desktop = await startVirtualDesktop({ width: spec.screen.width, height: spec.screen.height, background: spec.background ?? '#2b3042', detached: true });
    display = desktop.display;
    screen = { width: desktop.width, height: desktop.height };
    // The pointer rests in the middle of the screen, where every take starts.
    if (onPath('xdotool'))
      spawnSync('xdotool', ['mousemove', String(Math.round(screen.width / 2)), String(Math.round(screen.height / 2))], {
        env: { ...process.env, DISPLAY: display },
        stdio: 'ignore',
        timeout: 5000,
      });
    say(`stage: virtual desktop ${display} at ${screen.width}x${screen.height}`);
  } else {
    display = choice.display;
    if (process.platform === 'linux') {
      const size = displaySize(display);
      // Like a missing file: the take cannot start, and nothing ran (exit 1).
      if (!size)
        throw invalidInput(`expected the X display ${display} to answer, but it does not (xdpyinfo -display ${display}): is an X server running there?`);
      screen = size;
    } else screen = spec.screen;
    say(`stage: display ${display} at ${screen.width}x${screen.height}`);
  }
  const env: NodeJS.ProcessEnv = display ? { ...base, DISPLAY: display } : base;
  let stopped = false;
  /** Process groups of the setup commands: what they left running (a dev server) ends with the stage. */
  const groups: Array<{ pgid: number; forget: () => void }> = [];
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await endGroups(groups);
    // libnut (the capture's input) connected to it: the X server ends after screenplay exits.
    await desktop?.stop({ xServerAfterExit: process.env.DISPLAY === desktop.display }).catch(() => undefined);
  };
  for (const [i, command] of spec.setup.entries()) {
    const where = spec.setupSources?.[i] ? `${spec.setupSources[i]}: ` : '';
    say(`stage: setup ${i + 1}/${spec.setup.length}: ${scrub(command.length > 80 ? `${command.slice(0, 80)}…` : command)}`);
    const r = await runSetupCommand(command, cwd, env, SETUP_TIMEOUT_MS, opts.signal, (pgid) => groups.push({ pgid, forget: endPidOnExit(-pgid, 'SIGTERM') }));
    if (r.code === 0 && !opts.signal?.aborted) continue;
    await stop();
    if (opts.signal?.aborted) throw runtimeError(`${where}stage.setup[${i}] was interrupted; the stage is stopped`);
    const how = r.error
      ? `could not start (${r.error})`
      : r.code === null
        ? r.signal === 'SIGKILL'
          ? `did not finish within ${SETUP_TIMEOUT_MS / 1000} s`
          : `was killed (${r.signal})`
        : `exited with code ${r.code}`;
    const last = tail(r.output, 6);
    throw runtimeError(
      scrub(
        `${where}stage.setup[${i}] ${JSON.stringify(command.length > 120 ? `${command.slice(0, 120)}…` : command)} ${how}, expected exit code 0${last ? `; its last lines:\n${last}` : ''}`,
      ),
    );
  }
  return { display, screen, env, cwd, virtual: desktop !== null, stop };
};
