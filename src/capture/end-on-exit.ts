/**
 * Children that must not outlive screenplay (the screen recorder, terminals), with everything
 * they started. A capture that is interrupted or crashes may exit while one is still starting or
 * running; the process's exit hook signals whatever is left, so no ffmpeg keeps recording and no
 * xterm (or the shell and command inside it) stays behind. No hook runs when screenplay is
 * killed (kill -9, the OOM killer): for that, every child is also watched by the exit guard
 * (exit-guard.cjs), a small process that sees screenplay's end as the end of a pipe and then
 * ends them, and stops an OBS recording. (Measured on Linux under SIGKILL: ffmpeg does not stop
 * when the pipe on its stdin ends; setpriv --pdeathsig works for exec'd children only, not for
 * OBS, and not on macOS; the guard covers all three.)
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { packagePath } from '../util/package-root';

/** The pids below `pid` (children, their children…), read from /proc; empty where there is none. */
export const descendants = (pid: number): number[] => {
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    return [];
  }
  const children = new Map<number, number[]>();
  for (const d of entries) {
    try {
      // /proc/PID/stat: "pid (comm) state ppid …"; comm may hold spaces and parentheses.
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(d)]);
    } catch {
      // gone meanwhile
    }
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length) for (const c of children.get(queue.shift() as number) ?? []) (out.push(c), queue.push(c));
  return out;
};

const signal = (pid: number, sig: NodeJS.Signals) => {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
};
/** True while `pid` (or, negative, a process group) has a process this one may signal. */
export const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Ends a child and everything under it: `sig` to the child, SIGHUP to the rest (an interactive
 * shell ignores SIGTERM), then SIGKILL to whatever is still there after `graceMs`.
 */
export const endTree = async (proc: ChildProcess | { pid: number }, sig: NodeJS.Signals = 'SIGTERM', graceMs = 1500): Promise<void> => {
  if (proc.pid === undefined) return;
  const below = descendants(proc.pid);
  const running = 'exitCode' in proc ? proc.exitCode === null && proc.signalCode === null : alive(proc.pid);
  if (running) signal(proc.pid, sig);
  for (const p of below) signal(p, 'SIGHUP');
  const deadline = Date.now() + graceMs;
  const all = [proc.pid, ...below];
  while (all.some(alive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  for (const p of all.filter(alive)) signal(p, 'SIGKILL');
};

const GUARD = packagePath('src/capture/exit-guard.cjs');
let guard: ChildProcess | null | undefined;
let obsRecording = false;

let guardReady: Promise<void> = Promise.resolve();

/** Starts the exit guard once; a guard that cannot start leaves the exit hook alone on duty. */
const startGuard = (): void => {
  if (guard !== undefined) return;
  try {
    // Its own stdin is the pipe whose end it watches; its stdout says "ready" once; nothing else
    // is shared (a test waiting for screenplay's output must not wait for the guard too).
    const g = spawn(process.execPath, [GUARD], { stdio: ['pipe', 'pipe', 'ignore'] });
    guard = g;
    g.on('error', () => (guard = null));
    g.stdin?.on('error', () => undefined);
    const unref = (stream: unknown) => (stream as { unref?: () => void } | null)?.unref?.();
    // The guard never keeps screenplay running: only its stdout does, until it says "ready".
    g.unref();
    unref(g.stdin);
    guardReady = new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        unref(g.stdout);
        resolve();
      };
      const timer = setTimeout(done, 5000);
      g.stdout?.once('data', done);
      g.once('error', done);
      g.once('exit', done);
    });
  } catch {
    guard = null;
  }
};

/**
 * Starts the exit guard now and resolves once it runs (at most 5 s). Call it before timing
 * matters: a node process starting competes for the CPU, and a recorder's first frame timed
 * meanwhile (OBS's "started" event) came 100-300 ms late on a loaded machine.
 */
export const exitGuardReady = (): Promise<void> => {
  startGuard();
  return guardReady;
};

/** Sends one line to the exit guard, starting it on first use. */
const tellGuard = (line: string): void => {
  startGuard();
  if (guard?.stdin?.writable) guard.stdin.write(`${line}\n`);
};

/** The pid of the exit guard, once started (for tests); null when none runs. */
export const exitGuardPid = (): number | null => guard?.pid ?? null;

/**
 * An OBS recording is running through `connection` (null: it stopped): if screenplay is killed
 * meanwhile, the exit guard asks OBS to stop it.
 */
export const guardObsRecording = (connection: { url: string; password?: string } | null): void => {
  obsRecording = connection !== null;
  tellGuard(connection ? `obs ${JSON.stringify(connection)}` : 'obs-forget');
  hookExit();
};

const live = new Map<ChildProcess | number, NodeJS.Signals>();
/** Pids the exit guard ends once screenplay has wholly exited (endAfterExit). */
const afterExit = new Set<number>();
let hooked = false;

const hookExit = () => {
  if (hooked) return;
  hooked = true;
  // Synchronous, as exit hooks must be: no grace period, so the tree goes at once.
  process.once('exit', () => {
    for (const [p, s] of live) {
      const pid = typeof p === 'number' ? p : p.pid;
      if (pid === undefined || (typeof p === 'number' && !alive(pid))) continue;
      const below = descendants(pid);
      signal(pid, s);
      for (const d of below) signal(d, 'SIGKILL');
    }
    // An exit with nothing left to watch needs no guard: it goes now, not a moment later.
    // Otherwise it stays to SIGKILL what does not end and to stop OBS.
    if (live.size === 0 && afterExit.size === 0 && !obsRecording && guard?.pid !== undefined) signal(guard.pid, 'SIGKILL');
  });
};

/**
 * `proc` (with what it starts) ends with `sig` when screenplay ends: by the exit hook when
 * screenplay exits, by the exit guard when it is killed.
 */
export const endOnExit = (proc: ChildProcess, sig: NodeJS.Signals = 'SIGTERM'): void => {
  live.set(proc, sig);
  const pid = proc.pid;
  if (pid !== undefined) tellGuard(`watch ${pid} ${sig}`);
  proc.once('exit', () => {
    live.delete(proc);
    if (pid !== undefined) tellGuard(`forget ${pid}`);
  });
  hookExit();
};

/** The same for a process that is not our ChildProcess (a shell node-pty started), by pid; call the returned function once it has exited. */
export const endPidOnExit = (pid: number, sig: NodeJS.Signals = 'SIGHUP'): (() => void) => {
  live.set(pid, sig);
  tellGuard(`watch ${pid} ${sig}`);
  hookExit();
  return () => {
    live.delete(pid);
    tellGuard(`forget ${pid}`);
  };
};

/**
 * `proc` ends with `sig` only once screenplay has wholly exited (the exit guard sees it gone),
 * not from the exit hook: for the virtual desktop's X server, which this process's native
 * input library (libnut) keeps a connection to and closes at exit; an X server gone before
 * then makes Xlib end the process with exit code 1 ("XIO: fatal IO error").
 */
export const endAfterExit = (proc: ChildProcess, sig: NodeJS.Signals = 'SIGTERM'): void => {
  const pid = proc.pid;
  if (pid === undefined || proc.exitCode !== null) return;
  afterExit.add(pid);
  live.delete(proc);
  tellGuard(`watch ${pid} ${sig}`);
  proc.once('exit', () => {
    afterExit.delete(pid);
    tellGuard(`forget ${pid}`);
  });
  hookExit();
};
